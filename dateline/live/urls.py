from django.urls import path

from . import views

app_name = "live"
urlpatterns = [
    path("", views.live, name="live"),
    path("audio/", views.audio, name="audio"),
    path("on-air.json", views.on_air, name="on_air"),
    path("<slug:channel>/", views.live, name="channel"),
    path("<slug:channel>/audio/", views.audio, name="channel_audio"),
    path("<slug:channel>/stream.json", views.stream_state, name="stream_state"),
    path("<slug:channel>/hls/<path:path>", views.hls, name="hls"),
]
