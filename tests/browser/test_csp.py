"""With the Content-Security-Policy on, the admin, the import page, a dashboard, the
portal and a public form load and work in Chromium with no CSP violation (issue #12)."""

import pytest

pytestmark = [pytest.mark.browser]


def _violations(messages):
    return [m for m in messages if "Content Security Policy" in m or "Refused to" in m]


@pytest.mark.django_db(transaction=True)
def test_pages_load_without_csp_violations(world, page, login, shot, live_server):
    messages = []
    page.on("console", lambda m: messages.append(m.text))
    page.on("pageerror", lambda e: messages.append(f"pageerror: {e}"))
    login(page, "city_staff")
    for path in [
        "/admin/",
        "/admin/units/unit/",
        "/admin/units/unit/import/",
        "/admin/units/unit/export/",
        "/portal/",
        "/portal/volunteers/import/",
        "/dashboard/",
    ]:
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
        assert _violations(messages) == [], path
    shot(page, "csp-dashboard")
    # A behaviour moved out of an inline handler still works: the export page's "select all".
    page.goto(f"{live_server.url}/admin/units/unit/export/")
    page.locator("input.select-toggle").first.uncheck()
    assert page.locator("form input[type=checkbox]:checked").count() == 0
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/public/volunteers/register/")
    page.wait_for_load_state("networkidle")
    assert _violations(messages) == [] and not [m for m in messages if m.startswith("pageerror")]


@pytest.mark.django_db(transaction=True)
def test_an_inline_script_would_be_reported(page, live_server):
    """The check above can fail: an injected inline script is refused and reported."""
    messages = []
    page.on("console", lambda m: messages.append(m.text))
    page.goto(f"{live_server.url}/accounts/login/")
    page.evaluate(
        "document.body.appendChild(Object.assign(document.createElement('script'), {textContent: 'window.injected = 1'}))"
    )
    page.wait_for_timeout(200)
    assert page.evaluate("window.injected") is None
    assert _violations(messages)
