"""Headers (issue #12, finding 8): a Content-Security-Policy on every page that allows
scripts from our own static files only, no template with an inline script or handler,
and `Cache-Control: private, no-store` on every page served to a signed-in user."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

TEMPLATES = Path(settings.BASE_DIR) / "templates"


def _policy(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in (p.strip() for p in header.split(";")) if part}


def _cache_control(response) -> set[str]:
    return {part.strip() for part in response.headers.get("Cache-Control", "").split(",") if part.strip()}


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/accounts/login/", "/public/volunteers/register/", "/admin/login/"])
def test_every_page_sends_a_policy_allowing_only_our_own_scripts(client, url):
    policy = _policy(client.get(url))
    assert policy["default-src"] == ["'self'"]
    script = policy["script-src"]
    assert "'self'" in script and "'unsafe-inline'" not in script and "'unsafe-eval'" not in script
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
    sources = [s for values in policy.values() for s in values]
    assert not [s for s in sources if "://" in s or s in ("*", "http:", "https:")], "no external origin"


def test_no_template_has_an_inline_script_or_event_handler():
    offenders = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in tag and "application/json" not in tag:
                offenders.append(f"{path.relative_to(TEMPLATES)}: {tag}")
        for handler in re.findall(r"<[^>]*\son[a-z]+\s*=", text):
            offenders.append(f"{path.relative_to(TEMPLATES)}: {handler[-40:]}")
        if "javascript:" in text:
            offenders.append(f"{path.relative_to(TEMPLATES)}: javascript: URL")
    assert offenders == []


@pytest.mark.django_db
def test_signed_in_pages_are_private_and_not_stored(world, client_for):
    client = client_for(world.county_a_staff)
    for url in ["/portal/", reverse("admin:index"), reverse("volunteers:list")]:
        response = client.get(url)
        assert response.status_code == 200, url
        directives = _cache_control(response)
        assert {"private", "no-store"} <= directives and "public" not in directives, (url, directives)


@pytest.mark.django_db
def test_a_signed_in_users_redirects_and_errors_are_not_stored_either(world, client_for):
    client = client_for(world.county_a_staff)
    for url in ["/home/", "/portal/units/999999/"]:
        response = client.get(url)
        assert {"private", "no-store"} <= _cache_control(response), url


@pytest.mark.django_db
def test_anonymous_public_pages_are_not_marked_private(client):
    response = client.get("/public/volunteers/register/")
    assert response.status_code == 200
    assert "no-store" not in _cache_control(response)
