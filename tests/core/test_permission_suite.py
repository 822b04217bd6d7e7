"""One generic permission suite (issue #12): every admin page of every registered model and
every other URL pattern, requested by every persona for ANOTHER tenant's objects, must
answer 302/403/404 — never a 200 that shows the object, never a 500 — and every refused
write must leave the database as it was. See tests/core/permission_matrix.py for how
pages and foreign objects are found (enumerated, not listed by hand).

Run with -s to see how many persona × URL combinations were tried; the current failures
are written to PERMISSION_FAILURES.md at the worktree root (untracked)."""

import datetime
import os
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import quote

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import URLResolver, path, reverse

from core.roles import sync_role_groups
from units.models import Region, Unit
from units.services.regions import regions_load

from . import permission_matrix as pm

# No per-test database fixture (it cost ~0.4 s a test on PostgreSQL): the module fixture
# `data` holds the database open (one transaction, rolled back at the end) and every request
# runs in its own savepoint that is rolled back, so tests cannot see each other's writes.
# pytest-django creates the test database only when some collected test is marked
# django_db: the declaration test below is, and `data` refuses to run without one.

FAILURES_FILE = Path(__file__).resolve().parents[2] / "PERMISSION_FAILURES.md"
FLOOR = 5000  # persona × URL combinations the full module must try (it tries far more)
TRIED = {"count": 0}
TRACE = bool(os.environ.get("PERMISSION_TRACE"))  # print every request and its status
FAILURES: dict[str, list[str]] = {}

REGISTRY = sorted(admin.site._registry.items(), key=lambda kv: kv[0]._meta.label)


# -- data ---------------------------------------------------------------------------------------
def _clone_into_other_city(target_county: Region, target_city: Region) -> None:
    """Copy one 睢阳区 row of every model hanging directly off a region or a unit into
    another city, so that the city personas have another tenant too."""
    unit = Unit.objects.filter(region__code__startswith="411403").order_by("pk").first()
    clones = {"units.Region": target_county}
    unit.pk = None
    unit.id = None
    unit.name = "郑州市某单位"
    for f in Unit._meta.concrete_fields:
        if f.unique and not f.primary_key and isinstance(getattr(unit, f.attname), str):
            setattr(unit, f.attname, (getattr(unit, f.attname) or "")[:-4] + "4101")
    unit.region = target_county
    unit.save()
    clones["units.Unit"] = unit
    for model, _ma in REGISTRY:
        spec = getattr(model, "scope", None)
        if not isinstance(spec, pm.ScopeSpec) or model in (Region, Unit):
            continue
        if spec.region == "region":
            attr, value, src_path = "region", target_county, "region__code"
        elif spec.unit == "unit":
            attr, value, src_path = "unit", unit, "unit__region__code"
        else:
            continue
        src = model._default_manager.filter(**{f"{src_path}__startswith": "411403"}).order_by("pk").first()
        if src is None:
            continue
        src.pk = None
        if hasattr(src, "id"):
            src.id = None
        setattr(src, attr, value)
        try:
            with transaction.atomic():
                src.save()
        except (IntegrityError, ValueError, TypeError):
            continue  # a unique field we cannot guess: that model has no clone


@pytest.fixture(scope="module")
def data(request, django_db_setup, django_db_blocker):
    """The demo data (every model in both counties) plus clones in 郑州市, one client per
    persona; all rolled back at the end of the module."""
    if not any(item.get_closest_marker("django_db") for item in request.session.items):
        pytest.fail("no test database: select test_every_registered_model_declares_its_scope too (-k ... or declares)")
    with django_db_blocker.unblock(), transaction.atomic():
        regions_load(only="4114")
        regions_load(only="4101")
        sync_role_groups()
        call_command("seed_demo", "--scale", "demo", verbosity=0)
        other_city = Region.objects.get(code="4101")
        other_county = (
            Region.objects.filter(code__startswith="4101", level=Region.Level.COUNTY).order_by("code").first()
        )
        _clone_into_other_city(other_county, other_city)
        personas = []
        for key, login, other in pm.PERSONAS:
            user = User.objects.get(username=login) if login else None
            p = pm.build_persona(key, user, other)
            p.client = Client(raise_request_exception=False)
            if user is not None:
                p.client.force_login(user)
            personas.append(p)
        pm.mark_owners(personas)
        superuser = Client(raise_request_exception=False)
        superuser.force_login(User.objects.filter(is_superuser=True).first())
        yield SimpleNamespace(
            personas=personas,
            province=Region.objects.get(code="41"),
            superuser=superuser,
            regions={r.code: r for r in Region.objects.filter(code__in=[p.home for p in personas if p.home])},
        )
        transaction.set_rollback(True)


# -- probing ------------------------------------------------------------------------------------
class Probe:
    """Sends one request inside a savepoint that is always rolled back (a write that got
    through is reported, then undone, so no probe changes what the next one sees)."""

    def __init__(self, section: str):
        self.section = section
        self.failures: list[str] = []

    def send(self, persona, method, url, data=None, *, watch=(), label=None, check=None):
        TRIED["count"] += 1
        before = [(o, pm.snapshot(o)) for o in watch]
        sid = transaction.savepoint()
        try:
            client = persona.client
            resp = client.get(url, follow=False) if method == "GET" else client.post(url, data or {}, follow=False)
            changed = [f"changed {o._meta.label} {o.pk}" for o, snap in before if pm.snapshot(o) != snap]
            if check is not None:
                changed += check()
            resp.text_cache = pm.response_text(resp) if resp.status_code == 200 else ""
        finally:
            transaction.savepoint_rollback(sid)
        shown = label or url
        if TRACE:
            print(f"TRACE {persona.key} {method} {shown} {resp.status_code}")
        if resp.status_code >= 500:
            self.fail(persona, method, shown, resp.status_code, "server error")
        for what in changed:
            self.fail(persona, method, shown, resp.status_code, what)
        return resp

    def fail(self, persona, method, url, status, what):
        self.failures.append(f"| {persona.key} | {method} {url} | {status} | {what} |")

    def refused(self, persona, method, url, obj, data=None):
        """An object page: anything but a refusal shows the object."""
        resp = self.send(persona, method, url, data, watch=[obj] if method == "POST" else ())
        if resp.status_code not in pm.REFUSED and resp.status_code < 500:
            self.fail(persona, method, url, resp.status_code, f"shows {obj._meta.label} {obj.pk}")
        return resp

    def on_object(self, persona, method, url, obj, data=None, *, may_read=False):
        """An admin object page. `may_read`: a deployment setting, whose pages other staff
        may read — then only a write that changed the row fails."""
        if may_read:
            return self.send(persona, method, url, data, watch=[obj] if method == "POST" else ())
        return self.refused(persona, method, url, obj, data)

    def not_listing(self, persona, method, url, objs, data=None, watch=()):
        """A page without an object: it may answer, but must not show the foreign rows."""
        resp = self.send(persona, method, url, data, watch=watch)
        if resp.status_code == 200:
            for obj in objs:
                for sig in pm.signatures(obj):
                    if sig in resp.text_cache:
                        self.fail(persona, method, url, 200, f"lists {obj._meta.label} {obj.pk} ({sig})")
                        break
        return resp

    def done(self):
        FAILURES[self.section] = self.failures
        _write_failures()
        assert not self.failures, f"{len(self.failures)} leaks in {self.section}:\n" + "\n".join(self.failures[:40])


def _write_failures():
    rows = [r for section in sorted(FAILURES) for r in FAILURES[section]]
    lines = [
        "# Permission suite failures (tests/core/test_permission_suite.py)",
        "",
        f"Written {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC; combinations tried so far: {TRIED['count']}; "
        f"sections run: {len(FAILURES)}; failing: {sum(1 for v in FAILURES.values() if v)}.",
        "",
        "Clear a declaration row with `scope = ScopeSpec(...)` on the model or DeploymentSettingMixin on its admin;",
        "an unknown URL with an entry in tests/core/permission_matrix.py PAGES or PUBLIC.",
        "",
        "| persona | request | status | what leaked |",
        "|---|---|---|---|",
        *rows,
    ]
    FAILURES_FILE.write_text("\n".join(lines) + "\n", encoding="utf-8")


_form_cache: dict = {}


def _page_data(data, url):
    """The form values the superuser's browser would send from `url` (cached)."""
    if url not in _form_cache:
        resp = data.superuser.get(url)
        _form_cache[url] = pm.page_form_data(resp.content.decode()) if resp.status_code == 200 else {}
    return _form_cache[url]


def _history_id(obj):
    manager = getattr(obj._meta, "simple_history_manager_attribute", None)
    if not manager:
        return None
    rec = getattr(obj, manager).order_by("history_id").first()
    return rec.history_id if rec else None


def _foreign(model, persona, n=1):
    return list(pm.foreign_rows(model, persona).order_by("pk")[:n])


# -- declarations -------------------------------------------------------------------------------
def _declaration_failures(section, items, what):
    FAILURES[section] = [f"| - | {item} | - | {what} |" for item in items]
    _write_failures()
    return items


@pytest.mark.django_db
def test_every_registered_model_declares_its_scope():
    undeclared = _declaration_failures(
        "declarations", pm.undeclared_models(admin.site), "registered without `scope` or DeploymentSettingMixin"
    )
    assert undeclared == [], "declare `scope = ScopeSpec(...)` on the model or own it with DeploymentSettingMixin"


def test_every_url_pattern_is_covered_by_a_kind_or_listed_public():
    unknown = _declaration_failures("url patterns", pm.unknown_patterns(), "URL pattern unknown to the suite")
    assert unknown == [], "add it to permission_matrix.PAGES (how to probe it) or PUBLIC (why it is open)"


def test_a_new_url_pattern_or_an_undeclared_model_fails_the_checks():
    resolver = URLResolver(r"^/", [path("portal/new-page/<int:pk>/", lambda r, pk: None, name="new_page")])
    assert pm.unknown_patterns(resolver=resolver) == ["portal/new-page/<int:pk>/ (new_page)"]
    site = admin.AdminSite(name="dummy")
    site.register(ContentType)
    assert pm.undeclared_models(site) == ["contenttypes.ContentType"]
    # an admin view with two arguments that is not simple-history's is not guessed either
    assert pm.admin_url_kind(ContentType, "contenttypes_contenttype_merge", "<int:a>/merge/<int:b>/") == "unknown"


# -- admin, per registered model ---------------------------------------------------------------
@pytest.mark.parametrize("model", [m for m, _ in REGISTRY], ids=[m._meta.label for m, _ in REGISTRY])
def test_admin_pages_refuse_other_tenants(data, model):
    ma = admin.site._registry[model]
    probe = Probe(f"admin {model._meta.label}")
    deployment = pm.is_deployment_setting(ma)
    routes = {kind: [] for kind in ("page", "object")}
    for route, (m, kind) in pm.admin_routes(admin.site).items():
        if m is model and kind in routes:
            routes[kind].append("/" + route)
    su_request = SimpleNamespace(user=User.objects.filter(is_superuser=True).first(), GET={}, POST={}, method="GET")
    try:
        actions = list(ma.get_actions(su_request))
    except Exception:  # noqa: BLE001 - an admin whose get_actions needs a real request
        actions = []
    base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
    pk_name = model._meta.pk.name
    for persona in data.personas:
        foreign = _foreign(model, persona)
        if deployment and persona.owner:
            foreign = []  # the top-level office owns deployment-wide settings
        writes_only = deployment  # read-only pages of a deployment setting are allowed
        # the list filtered to the foreign object, and the list's other pages
        for obj in foreign:
            url = f"{base}?{pk_name}__exact={obj.pk}"
            if writes_only:
                probe.send(persona, "GET", url)
                continue
            resp = probe.not_listing(persona, "GET", url, [obj])
            cl = (resp.context or {}).get("cl") if resp.status_code == 200 else None
            if cl is not None and cl.result_count:
                probe.fail(persona, "GET", url, 200, f"lists {model._meta.label} {obj.pk}")
        for url in routes["page"]:
            probe.not_listing(persona, "GET", url, foreign)
        # add page: every choice (inlines too) excludes other tenants' rows
        resp = probe.send(persona, "GET", f"{base}add/")
        _check_choices(probe, persona, "GET", f"{base}add/", resp)
        own = pm.own_row(model, persona) if persona.staff else None
        if own is not None:
            _widen_own(probe, data, persona, f"{base}{own.pk}/change/")
        for obj in foreign:
            change = f"{base}{obj.pk}/change/"
            form = pm.tampered(_page_data(data, change), model, persona, data.regions) if persona.staff else {}
            probe.on_object(persona, "GET", change, obj, may_read=writes_only)
            probe.on_object(persona, "POST", change, obj, form, may_read=writes_only)
            probe.on_object(persona, "GET", f"{base}{obj.pk}/history/", obj, may_read=writes_only)
            hid = _history_id(obj)
            if hid is not None:
                url = f"{base}{obj.pk}/history/{hid}/"
                revert = pm.tampered(_page_data(data, url), model, persona, data.regions) if persona.staff else {}
                probe.on_object(persona, "GET", url, obj, may_read=writes_only)
                probe.on_object(persona, "POST", url, obj, revert, may_read=writes_only)
            probe.on_object(persona, "GET", f"{base}{obj.pk}/delete/", obj, may_read=writes_only)
            probe.on_object(persona, "POST", f"{base}{obj.pk}/delete/", obj, {"post": "yes"}, may_read=writes_only)
            for route in routes["object"]:
                url = pm.fill_route(route, obj.pk)
                probe.on_object(persona, "GET", url, obj, may_read=writes_only)
                probe.on_object(persona, "POST", url, obj, may_read=writes_only)
            for action in actions:
                post = {
                    "action": action,
                    "_selected_action": [str(obj.pk)],
                    "index": "0",
                    "post": "yes",
                    "select_across": "0",
                }
                label = f"{base} action={action} _selected_action={obj.pk}"
                resp = probe.send(persona, "POST", base, post, watch=[obj], label=label)
                if writes_only or resp.status_code != 200:
                    continue
                if hit := pm.leaked(resp, [obj], with_name="text/html" not in resp.get("Content-Type", "")):
                    probe.fail(persona, "POST", label, 200, f"shows {hit}")
    _check_autocomplete(probe, data, model, ma, su_request)
    probe.done()


def _widen_own(probe, data, persona, url):
    """The persona's own page: choices exclude other tenants, and a POST that moves the
    record (or an inline row such as the user's profile) to the province is refused."""
    resp = probe.send(persona, "GET", url)
    _check_choices(probe, persona, "GET", url, resp)
    if resp.status_code != 200 or not resp.context:
        return
    fields = pm.region_fields(resp.context)
    if not fields:
        return
    post = pm.page_form_data(resp.text_cache)
    for html_name, _name, _form in fields:
        post[html_name] = [str(data.province.pk)]

    def widened():
        out = []
        for _html, name, form in fields:
            obj = form.instance
            if obj.pk is None:
                continue
            try:
                attname = type(obj)._meta.get_field(name).attname
            except FieldDoesNotExist:
                continue  # a form-only field (it narrows other choices)
            if type(obj)._default_manager.filter(pk=obj.pk, **{attname: data.province.pk}).exists():
                out.append(f"widened {obj._meta.label} {obj.pk} {name} to {data.province.code}")
        return out

    probe.send(persona, "POST", url, post, label=f"{url} (region → {data.province.code})", check=widened)


def _check_choices(probe, persona, method, url, resp):
    if resp.status_code != 200 or not resp.context:
        return
    for name, qs in pm.fk_querysets(resp.context):
        related = qs.model
        if not isinstance(getattr(related, "scope", None), pm.ScopeSpec):
            continue
        bad = qs.filter(pk__in=pm.foreign_rows(related, persona).values("pk")).order_by("pk").first()
        if bad is not None:
            probe.fail(persona, method, url, 200, f"choice {name} offers {related._meta.label} {bad.pk} ({bad})")


def _search_term(related_admin, obj) -> str:
    """A term the related admin's search finds `obj` by (its first search field's value)."""
    for lookup in getattr(related_admin, "search_fields", ()) or ():
        value = obj
        for part in lookup.lstrip("^=@").split("__"):
            if part in ("icontains", "iexact", "startswith", "istartswith", "exact"):
                break
            value = getattr(value, part, None)
            if value is None:
                break
        if value is not None and not isinstance(value, type(obj)) and str(value).strip():
            return str(value).strip()[:20]
    return ""


def _check_autocomplete(probe, data, model, ma, su_request):
    """Every autocomplete field of this admin, as every persona, never offers a foreign row:
    asked for by the foreign row's own search term, and the first pages of everything."""
    try:
        fields = list(ma.get_autocomplete_fields(su_request))
    except Exception:  # noqa: BLE001
        fields = list(ma.autocomplete_fields)
    for fname in fields:
        related = model._meta.get_field(fname).related_model
        related_admin = admin.site._registry.get(related)
        for persona in data.personas:
            rows = pm.foreign_rows(related, persona) if pm._is_spec(related) else related._default_manager.none()
            foreign = set(rows.values_list("pk", flat=True))
            sample = rows.order_by("pk").first()
            terms = [""] + ([_search_term(related_admin, sample)] if sample is not None and related_admin else [])
            for term in dict.fromkeys(terms):
                for page in range(1, 4):
                    url = (
                        f"/admin/autocomplete/?app_label={model._meta.app_label}&model_name={model._meta.model_name}"
                        f"&field_name={fname}&term={quote(term)}&page={page}"
                    )
                    resp = probe.send(persona, "GET", url)
                    if resp.status_code != 200:
                        if persona.staff and resp.status_code not in pm.REFUSED:
                            probe.fail(persona, "GET", url, resp.status_code, "autocomplete error")
                        break
                    body = resp.json()
                    shown = {int(r["id"]) for r in body.get("results", []) if str(r.get("id", "")).isdigit()}
                    if shown & foreign:
                        probe.fail(
                            persona, "GET", url, 200, f"offers {related._meta.label} {sorted(shown & foreign)[:5]}"
                        )
                        break
                    if not body.get("pagination", {}).get("more"):
                        break


def test_admin_site_pages_and_shortcuts_show_no_other_tenant(data):
    probe = Probe("admin site")
    for persona in data.personas:
        probe.send(persona, "GET", reverse("admin:index"))
        for app_label in {m._meta.app_label for m, _ in REGISTRY}:
            probe.send(persona, "GET", reverse("admin:app_list", args=[app_label]))
        for model, _ma in REGISTRY:
            if not pm._is_spec(model):
                continue
            for obj in _foreign(model, persona):
                ct = ContentType.objects.get_for_model(model)
                url = reverse("admin:view_on_site", args=[ct.pk, obj.pk])
                resp = probe.send(persona, "GET", url)
                if resp.status_code == 200:
                    probe.fail(persona, "GET", url, 200, f"shows {model._meta.label} {obj.pk}")
    probe.done()


# -- portal, public and dashboard pages ----------------------------------------------------------
def _fill(value, persona):
    """A URL argument value for the persona, and the foreign row it came from."""
    if isinstance(value, pm.Ref):
        model = pm.model_of(value.model)
        obj = next(iter(_foreign(model, persona)), None)
        return (None, None) if obj is None else (str(getattr(obj, value.attr)), obj)
    if value == pm.YEAR:
        return str(datetime.date.today().year), None
    if value == pm.FIGURE:
        from core.registry import figures

        return next(iter(f.key for f in figures())), None
    return value, None


@pytest.mark.parametrize("name", sorted(pm.PAGES))
def test_portal_pages_refuse_other_tenants(data, name):
    page = pm.PAGES[name]
    probe = Probe(f"page {name}")
    for persona in data.personas:
        kwargs, query, objs = {}, {}, []
        for k, v in page.kwargs.items():
            kwargs[k], obj = _fill(v, persona)
            objs.append(obj)
        for k, v in page.query.items():
            query[k], obj = _fill(v, persona)
            objs.append(obj)
        foreign = [o for o in objs if o is not None]
        if any(v is None for v in [*kwargs.values(), *query.values()]):
            continue  # the data holds no foreign row for this persona
        url = reverse(name, kwargs=kwargs) + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")
        if foreign:
            target = foreign[-1]
            probe.refused(persona, "GET", url, target)
            if page.post:
                probe.refused(persona, "POST", url, target, dict(query))
        else:
            listed = [o for label in page.lists for o in _foreign(pm.model_of(label), persona, n=3)]
            probe.not_listing(persona, "GET", url, listed)
            if page.post:
                probe.not_listing(persona, "POST", url, listed, watch=listed)
    probe.done()


def test_figure_lists_of_other_regions_are_refused(data):
    from core.registry import figures

    probe = Probe("dashboards figures")
    year = datetime.date.today().year
    for persona in data.personas:
        region = next(iter(_foreign(Region, persona)), None)
        if region is None:
            continue
        for fig in figures():
            url = f"{reverse('dashboards:figure_list', args=[fig.key])}?region={region.code}&year={year}"
            probe.refused(persona, "GET", url, region)
    probe.done()


def test_zz_combinations_tried_are_counted_and_above_the_floor():
    """Runs last in the module (pytest keeps file order)."""
    print(f"\npermission suite: {TRIED['count']} persona × URL combinations tried")
    _write_failures()
    assert TRIED["count"] >= FLOOR
