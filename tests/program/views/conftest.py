import pytest
from django.core.cache import cache


@pytest.fixture
def clear_cache():
    """Public pages are cached: each test starts and ends with an empty cache."""
    cache.clear()
    yield
    cache.clear()
