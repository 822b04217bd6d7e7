"""No 500 for any input: every URL pattern of the resolver (admin included) is requested
with odd query values, unknown and non-numeric ids, for every persona; every form a page
shows (and every portal/public POST endpoint) is posted with odd values.

Patterns are enumerated from the resolver, never hand-listed. A pattern the crawl cannot
fill must be in UNFILLABLE with a reason; a new pattern it cannot fill fails the test."""

import os
import re
import traceback
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib import admin
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from core.roles import Role
from tests.factories import make_user
from tests.titles.conftest import make_app, tw  # noqa: F401 - fixture
from tests.volunteers.conftest import vworld  # noqa: F401 - fixture
from volunteers.models import SignUp
from volunteers.services import request_create

UNFILLABLE = {
    # pattern (route) → why the crawl does not request it
    "admin/r/<path:content_type_id>/<path:object_id>/": "view_on_site redirect: needs a content type id and an object of it",
}

ODD_VALUES = ["abc", "99999", "-1", "NaN", "inf", "1e999", ""]
IDS = ["999999", "abc"]  # unknown, and non-numeric where the converter allows it


def _query_keys() -> set[str]:
    """Every query key a view reads (request.GET.get("x"), request.GET["x"], "x" in request.GET)."""
    keys = {"year", "page", "p", "o", "q", "threshold", "e", "all"}
    pattern = re.compile(r"""GET(?:\.get\(|\[)["'](\w+)["']|["'](\w+)["'] in request\.GET""")
    for app in ("core", "units", "titles", "campaigns", "volunteers", "exemplars", "notices", "summaries", "dashboards"):
        for path in (Path(settings.BASE_DIR) / app).rglob("*.py"):
            for m in pattern.finditer(path.read_text(encoding="utf-8")):
                keys.add(m.group(1) or m.group(2))
    return keys


def _admin_filter_params(model_admin) -> set[str]:
    params = set()
    for f in model_admin.list_filter:
        if isinstance(f, str):
            params |= {f"{f}__exact", f"{f}__id__exact", f"{f}__isnull", f"{f}__gte", f"{f}__lt", f}
        elif isinstance(f, tuple):
            params |= {f"{f[0]}__exact", f"{f[0]}__id__exact", f[0]}
        elif getattr(f, "parameter_name", None):
            params.add(f.parameter_name)
    return params


def _walk(patterns, prefix="", ns=None):
    for p in patterns:
        if isinstance(p, URLResolver):
            inner = f"{ns}:{p.namespace}" if ns and p.namespace else (p.namespace or ns)
            yield from _walk(p.url_patterns, prefix + str(p.pattern), inner)
        else:
            assert isinstance(p, URLPattern)
            name = f"{ns}:{p.name}" if ns and p.name else p.name
            yield name, prefix + str(p.pattern), p


def _kwarg_names(route: str) -> list[str]:
    return re.findall(r"<(?:\w+:)?(\w+)>", route) + re.findall(r"\(\?P<(\w+)>", route)


def _admin_model(name):
    m = re.match(r"admin:(\w+?)_(\w+)_(changelist|add|change|delete|history)$", name or "")
    if not m:
        return None, None
    for model, model_admin in admin.site._registry.items():
        if (model._meta.app_label, model._meta.model_name) == (m.group(1), m.group(2)):
            return model, model_admin
    return None, None


def _urls_for(name, route, real_ids):
    """Every URL the crawl requests for one pattern: [(url, model_admin of a changelist or None)]."""
    kwargs = _kwarg_names(route)
    positional = len(re.findall(r"(?<!\\)\((?!\?)", route))
    model, model_admin = _admin_model(name)
    changelist = model_admin if (name or "").endswith("_changelist") else None
    if not kwargs and not positional:
        if name:
            return [(reverse(name), changelist)]
        plain = route.lstrip("^").rstrip("$")
        return [("/" + plain, None)] if re.fullmatch(r"[\w/.-]*", plain) else []
    values = list(IDS) + sorted(real_ids)
    if model is not None or "object_id" in kwargs or positional:
        first = model._default_manager.order_by("pk").first() if model is not None else None
        values = list(IDS) + ([str(first.pk)] if first else [])
    if "app_label" in kwargs:
        values = sorted({m._meta.app_label for m in admin.site._registry}) + ["abc"]
    urls = []
    for value in values:
        try:
            if name:
                url = reverse(name, args=[value] * positional) if positional else reverse(
                    name, kwargs=dict.fromkeys(kwargs, value)
                )
            else:
                url = "/" + re.sub(r"<(?:\w+:)?\w+>", value, route)
        except NoReverseMatch:
            continue
        urls.append((url, None))
    return urls


def _odd_queries(keys, model_admin):
    """Four query strings setting every key a view reads (and a changelist's filters) to
    abc, 99999, -1, and NaN / inf / 1e999 in turn; the third also asks for the exports."""
    names = sorted(keys | (_admin_filter_params(model_admin) if model_admin is not None else set()))
    nonfinite = ["NaN", "inf", "1e999"]
    out = [dict.fromkeys(names, "abc"), dict.fromkeys(names, "99999"), dict.fromkeys(names, "-1")]
    out[2] |= {"format": "xlsx", "export": "xlsx", "plain": "1"}
    out.append({k: nonfinite[i % 3] for i, k in enumerate(names)} | {"threshold": "NaN"})
    return out


class _Forms(HTMLParser):
    """The POST forms of a page: [(action, {field: value})]."""

    def __init__(self):
        super().__init__()
        self.forms, self._current = [], None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self._current = (a.get("action") or "", {})
            self.forms.append(self._current)
        elif self._current is not None and tag in ("input", "select", "textarea", "button") and a.get("name"):
            kind = (a.get("type") or "").lower()
            self._current[1].setdefault(a["name"], (kind, a.get("value") or ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None


def _odd_post(fields: dict, value: str) -> dict:
    data = {}
    for name, (kind, default) in fields.items():
        if name == "csrfmiddlewaretoken" or kind == "file":
            continue
        data[name] = default if kind in ("submit", "hidden") and name in ("action", "token") else value
        if kind in ("submit", "button"):
            data[name] = default or "1"
    return data


@pytest.fixture
def crawl_world(tw, vworld):  # noqa: F811 - fixtures imported above
    """Personas of `world`, a volunteer, a superuser and anonymous; a title application
    under review, an event with a sign-up and a service request, so that pages render forms."""
    w = tw.world
    app = make_app(tw, state="考评中")
    SignUp.objects.create(event=vworld.event_a, volunteer=vworld.vol_a)
    need = request_create(
        title="楼道清理", description="杂物多", category="环境保护", requester="王女士",
        contact_phone="13600002222", region=w.regions.county_a,
    )
    people = {
        name: getattr(w, name)
        for name in (
            "city_staff", "county_a_staff", "county_b_staff", "revealer", "liaison_a", "liaison_b",
            "official", "reviewer", "team_leader",
        )
    }
    people["volunteer"] = vworld.vol_user
    people["superuser"] = make_user("root", [Role.STAFF], region=w.regions.city, is_staff=True)
    people["superuser"].is_superuser = True
    people["superuser"].save()
    people["anonymous"] = None
    real_ids = {
        str(pk)
        for pk in (
            app.pk, app.assignments.get().pk, vworld.event_a.pk, need.pk, vworld.vol_a.pk, w.unit_a.pk,
        )
    } | {w.regions.city.code}
    return people, real_ids


class _Crawler:
    def __init__(self, people):
        self.people, self.failures, self.requests = people, [], 0

    def client(self, user):
        client = Client(raise_request_exception=True, HTTP_HOST="testserver")
        if user is not None:
            client.force_login(user)
        return client

    def hit(self, client, who, method, url, data):
        self.requests += 1
        try:
            response = getattr(client, method)(url, data)
        except Exception as exc:  # noqa: BLE001 - every exception is a finding
            frames = [f for f in traceback.extract_tb(exc.__traceback__) if "site-packages" not in f.filename]
            where = f"{frames[-1].filename}:{frames[-1].lineno}" if frames else "?"
            self.failures.append(f"{who} {method.upper()} {url} {type(exc).__name__}: {str(exc)[:120]} @ {where}")
            if os.environ.get("CRAWL_REPORT"):
                with open(os.environ["CRAWL_REPORT"], "a", encoding="utf-8") as f:
                    f.write(f"{self.failures[-1]} {data}\n")
            return None
        if response.status_code >= 500:
            self.failures.append(f"{who} {method.upper()} {url} → {response.status_code}")
        return response


def _patterns():
    return list(_walk(get_resolver().url_patterns))


def test_every_url_pattern_is_crawlable_or_listed_with_a_reason(db):
    unfilled = []
    for name, route, _p in _patterns():
        if route in UNFILLABLE:
            continue
        if not _urls_for(name, route, ["1"]):
            unfilled.append(f"{name or '-'}  {route}")
    assert unfilled == [], "new URL patterns the crawl cannot fill (fill them, or list them in UNFILLABLE):\n" + "\n".join(unfilled)
    assert all(route in {r for _n, r, _p in _patterns()} for route in UNFILLABLE), "UNFILLABLE lists a gone pattern"


def test_every_get_url_with_odd_query_values_for_every_persona_is_never_a_500(crawl_world):
    people, real_ids = crawl_world
    keys = _query_keys()
    crawler = _Crawler(people)
    clients = {who: crawler.client(user) for who, user in people.items()}
    admin_users = {who for who, user in people.items() if user is not None and user.is_staff}
    for name, route, _p in _patterns():
        if route in UNFILLABLE:
            continue
        is_admin = route.startswith("admin/")
        for url, model_admin in _urls_for(name, route, real_ids):
            queries = _odd_queries(keys, model_admin)
            # unknown / non-numeric ids: one odd query; real rows and plain pages: all of them
            if any(f"/{i}/" in url or url.endswith(f"/{i}") for i in IDS) or (is_admin and model_admin is None):
                queries = queries[:1]
            for who, client in clients.items():
                if is_admin and who not in admin_users:
                    crawler.hit(client, who, "get", url, queries[0])  # a redirect to the admin login
                    continue
                for query in queries:
                    crawler.hit(client, who, "get", url, query)
    assert crawler.failures == [], f"{len(crawler.failures)} of {crawler.requests} requests failed:\n" + "\n".join(
        crawler.failures[:40]
    )


def test_every_portal_and_public_form_posted_with_odd_values_is_never_a_500(crawl_world):
    people, real_ids = crawl_world
    crawler = _Crawler(people)
    for who, user in people.items():
        client = crawler.client(user)
        for name, route, _p in _patterns():
            if route.startswith("admin/") or route in UNFILLABLE or name in ("logout", "set_language"):
                continue
            for url, _ma in _urls_for(name, route, real_ids):
                page = crawler.hit(client, who, "get", url, {})
                forms = _Forms()
                if page is not None and page.status_code == 200 and "html" in page.get("Content-Type", ""):
                    forms.feed(page.content.decode("utf-8", "replace"))
                posted = forms.forms or [("", {})]
                for action, fields in posted:
                    target = action or url
                    if not target.startswith("/") or target.startswith("/admin/"):
                        continue
                    fields = fields or {k: ("text", "") for k in ("hours", "score", "points", "year", "action")}
                    for value in ODD_VALUES:
                        crawler.hit(client, who, "post", target, _odd_post(fields, value))
    assert crawler.failures == [], f"{len(crawler.failures)} of {crawler.requests} requests failed:\n" + "\n".join(
        crawler.failures[:40]
    )
