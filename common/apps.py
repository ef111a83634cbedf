from django.apps import AppConfig


class CommonConfig(AppConfig):
    """The building blocks the other apps share: no models, no URLs, no pages of its own."""

    name = "common"
    verbose_name = "Common"
