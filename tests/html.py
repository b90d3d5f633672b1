"""A small HTML reader for tests of what a page offers: ids, aria references, links of the
error summary, forms and their submit buttons, table cells and their data-labels."""

from html.parser import HTMLParser


class Page(HTMLParser):
    def __init__(self, html: str):
        super().__init__()
        self.ids: set[str] = set()
        self.described_by: list[tuple[str, str]] = []  # (element id or tag, referenced id)
        self.summary_links: list[str] = []
        self.submit_buttons = 0
        self.post_forms = 0
        self.cells: list[tuple[str, str | None]] = []  # (tag, data-label) of stacked tables
        self._summary_depth = 0
        self._depth = 0
        self._stack_tables = 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self._depth += 1
        if a.get("id"):
            self.ids.add(a["id"])
        for ref in (a.get("aria-describedby") or "").split():
            self.described_by.append((a.get("id") or tag, ref))
        if "error-summary" in (a.get("class") or "").split():
            self._summary_depth = self._depth
        if tag == "a" and self._summary_depth and a.get("href", "").startswith("#"):
            self.summary_links.append(a["href"][1:])
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self.post_forms += 1
        if tag == "button" and (a.get("type") or "submit") == "submit":
            self.submit_buttons += 1
        if tag == "input" and a.get("type") == "submit":
            self.submit_buttons += 1
        if tag == "table" and "stack" in (a.get("class") or "").split():
            self._stack_tables += 1
        if self._stack_tables and tag in ("td", "th") and a.get("scope") != "col":
            self.cells.append((tag, a.get("data-label")))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        self._depth -= 1

    def handle_endtag(self, tag):
        if self._summary_depth == self._depth:
            self._summary_depth = 0
        if tag == "table" and self._stack_tables:
            self._stack_tables -= 1
        self._depth -= 1


def main_of(html: str) -> str:
    """The page's <main> (without the header's sign-out form and the footer)."""
    start = html.index("<main")
    return html[start : html.index("</main>", start) + len("</main>")]
