import pytest

from cooperation.demo import load_demo


@pytest.fixture
def demo(db):
    """The seed story, loaded as `manage.py load_demo` loads it."""
    result = load_demo()
    assert result.ok, result.errors
    return result
