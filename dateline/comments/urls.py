from django.urls import path

import dateline.newsroom.converters  # noqa: F401 (registers <id:...>)

from . import views

app_name = "comments"
urlpatterns = [path("<id:article_id>/", views.comment_form, name="form")]
