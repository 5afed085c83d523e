from django.urls import path

from . import views

app_name = "alerts"
urlpatterns = [
    path("", views.config, name="config"),
    path("subscribe/", views.subscribe, name="subscribe"),
    path("unsubscribe/", views.unsubscribe, name="unsubscribe"),
]
