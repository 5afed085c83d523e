from django.urls import path

from . import views

app_name = "wire"
urlpatterns = [path("push/", views.push, name="push")]
