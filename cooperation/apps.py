from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class CooperationConfig(AppConfig):
    name = "cooperation"
    verbose_name = _("Cooperation")

    def ready(self):
        from cooperation.search import add_sqlite_functions

        # Search ignores case in every script: SQLite gets the function it lacks on each connection.
        connection_created.connect(add_sqlite_functions, dispatch_uid="cooperation.search.add_sqlite_functions")
