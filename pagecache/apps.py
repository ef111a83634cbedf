from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PageCacheConfig(AppConfig):
    name = "pagecache"
    verbose_name = "Page cache"

    def ready(self):
        from pagecache.stamp import install_after_migrate

        # After every migrate (and test-database flush): triggers for tables that have none yet.
        post_migrate.connect(install_after_migrate, sender=self, dispatch_uid="pagecache-install")
