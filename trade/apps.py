from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TradeConfig(AppConfig):
    name = "trade"
    verbose_name = _("Trade statistics")

    def ready(self):
        from trade import signals  # noqa: F401 - connects the receivers
