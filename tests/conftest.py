from importlib import import_module

import pytest
from django.apps import apps

from cooperation.demo import load_demo

# The data migrations that fill reference data: HS product groups, sectors, the staff groups.
REFERENCE_MIGRATIONS = [
    "trade.migrations.0002_product_groups",
    "trade.migrations.0009_product_group_names",
    "cooperation.migrations.0002_sectors",
    "cooperation.migrations.0003_groups",
    "cooperation.migrations.0011_editors_view_status_history",
    "cooperation.migrations.0013_content_translations",
]


@pytest.fixture
def reference_data(transactional_db):
    """What the migrations put in, put back: a transactional test starts from a flushed database."""
    for module in REFERENCE_MIGRATIONS:
        import_module(module).load(apps, None)


@pytest.fixture
def demo(db):
    """The seed story, loaded as `manage.py load_demo` loads it."""
    result = load_demo()
    assert result.ok, result.errors
    return result


@pytest.fixture(autouse=True)
def _empty_page_cache():
    """Each test starts with no cached pages: a test database's stamp can repeat after a rollback."""
    from django.core.cache import caches

    caches["pages"].clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language: a request leaves its page's language active afterwards."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()
