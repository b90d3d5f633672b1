"""Site-wide habits: a favicon, one stacked-table pattern, the error summary gets focus."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def test_every_page_links_a_favicon_that_is_served(client):
    html = client.get("/").content.decode()
    href = re.search(r'<link rel="icon" href="([^"]+)"', html).group(1)
    assert href == settings.STATIC_URL + "favicon.svg"
    path = finders.find("favicon.svg")
    assert path and Path(path).read_text().lstrip().startswith("<svg")


def test_stacked_tables_show_each_cells_label_on_phones():
    css = Path(finders.find("css/site.css")).read_text()
    phone = css[css.index("@media (max-width: 767px)") :]
    assert 'table.stack [data-label]::before { content: attr(data-label) ": ";' in phone
    assert "table.stack thead" in phone


def test_the_site_script_focuses_the_error_summary(client):
    html = client.get("/").content.decode()
    assert '<script src="/static/js/site.js" defer></script>' in html
    script = Path(finders.find("js/site.js")).read_text()
    assert 'document.querySelector(".error-summary")' in script
