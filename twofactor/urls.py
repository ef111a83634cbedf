from django.urls import path

from twofactor import views

app_name = "twofactor"
urlpatterns = [
    path("accounts/two-factor/", views.setup, name="setup"),
    path("accounts/two-factor/verify/", views.verify, name="verify"),
]
