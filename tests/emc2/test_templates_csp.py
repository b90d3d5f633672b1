"""No template carries what the CSP blocks: inline scripts, inline handlers, style attributes."""

import re
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR, "templates")
# Laid out by WeasyPrint into PDFs, never served to a browser: their <style> is fine.
PDF_ONLY = ROOT / "program" / "proceedings"
TEMPLATES = sorted(p for p in ROOT.rglob("*.html") if PDF_ONLY not in p.parents)

FORBIDDEN = {
    "inline script": re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE),
    "inline event handler": re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE),
    "style attribute": re.compile(r"<[a-z][^>]*\sstyle\s*=", re.IGNORECASE),
    "<style> element": re.compile(r"<style\b", re.IGNORECASE),
    "javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
    "htmx inline handler": re.compile(r"\shx-on", re.IGNORECASE),
}


def test_templates_exist():
    assert len(TEMPLATES) > 20


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(settings.BASE_DIR)))
def test_template_has_nothing_the_csp_blocks(path):
    text = path.read_text()
    found = {name for name, pattern in FORBIDDEN.items() if pattern.search(text)}

    assert found == set()
