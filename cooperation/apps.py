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
        remember_cell_signatures()


def remember_cell_signatures():
    """django-tables2 reads the signature of a column's render method anew for every cell it renders
    (`utils.call_with_appropriate`); a function's signature does not change, so it is read once."""
    from django_tables2 import utils

    if getattr(utils.signature, "remembered", False):
        return
    read = utils.signature
    known = {}

    def signature(fn):
        key = (getattr(fn, "__func__", fn), hasattr(fn, "__self__"))  # a bound method: its function, self dropped
        if key not in known:
            known[key] = read(fn)
        return known[key]

    signature.remembered = True
    utils.signature = signature
