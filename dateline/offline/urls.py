from django.urls import path

from . import views

app_name = "offline"
urlpatterns = [
    # At the top of the edition, so the worker's scope is the whole edition
    # (/en/) and nothing outside it: not the admin, not another edition.
    path("sw.js", views.worker, name="worker"),
    path("offline.json", views.pages, name="pages"),
]
