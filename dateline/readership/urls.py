from django.urls import path

from . import views

app_name = "readership"
urlpatterns = [
    path("most-read/", views.fragment, name="most-read"),
]
