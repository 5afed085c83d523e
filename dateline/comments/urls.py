from django.urls import path

from . import views

app_name = "comments"
urlpatterns = [path("<int:article_id>/", views.comment_form, name="form")]
