"""The strict Content-Security-Policy holds on the main pages: no violation in a real browser."""

import json

import pytest
from django.core.management import call_command
from django.urls import reverse

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Playwright injects this outside the page's CSP; it records every violation the page reports.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(
    `${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""

PUBLIC_PAGES = [
    ("home", []),
    ("edition", ["2019-neurips"]),
    ("edition", ["2027-demo"]),
    ("program:public-program", ["2019-neurips"]),
    ("papers:public-accepted", ["2019-neurips"]),
    ("challenge:public-challenge", ["2027-demo"]),
    ("account_login", []),
    ("account_signup", []),
    ("api:docs", []),
    ("api:redoc", []),
]
SIGNED_IN_PAGES = {
    "author": [
        ("profile", []),
        ("account_email", []),
        ("papers:author-list", ["2027-demo"]),
        ("papers:author-create", ["2027-demo"]),
    ],
    "reviewer": [("papers:reviewer-home", ["2027-demo"]), ("papers:reviewer-bids", ["2027-demo"])],
    "chair": [
        ("chair-home", ["2027-demo"]),
        ("papers:chair-list", ["2027-demo"]),
        ("chair-dates", ["2027-demo"]),
    ],
}
PASSWORDS = {
    "author": "demo-author-pass",
    "reviewer": "demo-review-pass",
    "chair": "demo-chair-pass",
}


# Redoc's bundle hard-codes its vendor's logo from the vendor's CDN in the side menu; the policy
# blocks it on purpose (nothing may load from another host) and Redoc hides the broken image.
# This one blocked URL is the only violation allowed anywhere.
REDOC_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"


def _watch(page) -> list[str]:
    errors: list[str] = []
    page.on(
        "console",
        lambda msg: (
            errors.append(msg.text)
            if msg.type == "error"
            and "Content Security Policy" in msg.text
            and REDOC_LOGO not in msg.text
            else None
        ),
    )
    page.add_init_script(RECORD_VIOLATIONS)
    return errors


def _visit(page, url: str) -> list[str]:
    response = page.goto(url)
    assert response.status == 200, url
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_load_state("networkidle")
    return [v for v in page.evaluate("window.__cspViolations") if REDOC_LOGO not in v]


def _sign_in(page, base: str, who: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.locator('input[name="login"]').fill(f"{who}@emc2.example")
    page.locator('input[name="password"]').fill(PASSWORDS[who])
    page.locator('input[name="password"]').press("Enter")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def test_main_pages_have_no_csp_violation(live_server, browser, tmp_path):
    call_command("load_demo", stdout=open(tmp_path / "demo.log", "w"))  # noqa: SIM115
    violations: dict[str, list[str]] = {}
    runs = [(None, PUBLIC_PAGES), *SIGNED_IN_PAGES.items()]
    for who, pages in runs:
        context = browser.new_context()
        page = context.new_page()
        console = _watch(page)
        if who:
            _sign_in(page, live_server.url, who)
        for name, args in pages:
            url = live_server.url + reverse(name, args=args)
            found = _visit(page, url)
            if found:
                violations[url] = found
        if name == "api:redoc":
            # Redoc rendered the schema (its bundle ran under the policy).
            assert page.get_by_text("emc2 API").first.is_visible()
        if console:
            violations[f"console ({who or 'anonymous'})"] = console
        context.close()

    assert violations == {}, json.dumps(violations, indent=1)


def test_api_docs_render_without_other_hosts(live_server, page):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))

    page.goto(f"{live_server.url}/api/docs/")
    page.locator(".swagger-ui .info .title").wait_for()

    assert page.locator(".swagger-ui .info .title").inner_text().startswith("emc2 API")
    assert [url for url in requested if not url.startswith(live_server.url)] == []
