from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("my/", views.my_work, name="my-work"),
    path("my/watch/<slug:slug>/", views.watch_toggle, name="watch"),
    path("e-mail/stop/<str:token>/", views.stop, name="stop"),
]
