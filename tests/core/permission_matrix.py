"""The permission matrix behind tests/core/test_permission_suite.py (STYLE.md, "Permission
tests that cover what you did not write"; NetBox `utilities/testing/views.py`).

Nothing here lists admin pages by hand. The admin side is read from `admin.site._registry`
and each ModelAdmin's `get_urls()`; every other page from the URL resolver, and a
pattern that is neither in `PAGES` (how to fill its arguments) nor in `PUBLIC` (why it is
open to anyone) makes `unknown_patterns()` report it.

"Another tenant's object" comes from the data and the model's own `scope` declaration
(its region path, unit path and user paths), never from `core.scoping.scoped`: a row is
foreign to a persona when its region lies in the persona's *other* tenant and none of
the declared unit/user paths leads to the persona.
"""

from __future__ import annotations

import html.parser
import io
import re
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib import admin
from django.db import models
from django.urls import URLPattern, URLResolver, get_resolver

from core.roles import Role, user_roles
from core.scoping import ScopeSpec

try:  # the settings-ownership declaration (core.admin_mixins, issue #12)
    from core.admin_mixins import DeploymentSettingMixin
except ImportError:  # pragma: no cover - before the admin fix lands
    DeploymentSettingMixin = None

REFUSED = {301, 302, 303, 400, 403, 404, 405}

# -- personas ---------------------------------------------------------------------------------
# (key, demo login, the code prefix of the *other* tenant whose objects they must not reach)
PERSONAS = (
    ("county_a_staff", "county_staff", "411403"),  # 梁园区 staff → 睢阳区 objects
    ("county_b_staff", "county_b_staff", "411402"),  # 睢阳区 staff → 梁园区 objects
    ("city_staff", "city_staff", "4101"),  # 商丘市 staff → another city (郑州市)
    ("official", "official", "4101"),
    ("liaison_a", "liaison_a", "411403"),
    ("liaison_b", "liaison_b", "411402"),
    ("reviewer", "reviewer", "411403"),
    ("team_leader", "team_leader", "411403"),
    ("volunteer", "volunteer", "411403"),
    ("anonymous", None, "411402"),
)
OTHER_CITY = "4101"


@dataclass
class Persona:
    key: str
    user: object  # None for anonymous
    other: str
    client: object = None
    home: str | None = None
    roles: frozenset = frozenset()
    unit_ids: frozenset = frozenset()
    owner: bool = False  # owns deployment-wide settings (top-level office)

    @property
    def staff(self) -> bool:
        return bool(self.user is not None and self.user.is_staff)


def build_persona(key, user, other) -> Persona:
    p = Persona(key=key, user=user, other=other)
    if user is not None:
        p.roles = user_roles(user)
        profile = getattr(user, "profile", None)
        p.home = profile.region.code if profile is not None and profile.region_id else None
        p.unit_ids = frozenset(user.liaison_units.values_list("pk", flat=True))
    return p


def mark_owners(personas) -> None:
    """The top-level office is the staff region with the shortest code in the data."""
    staff = [p for p in personas if p.user is not None and Role.STAFF in p.roles and p.home]
    top = min((p.home for p in staff), key=len, default=None)
    for p in staff:
        p.owner = p.home == top


# -- models: declaration and foreign rows -----------------------------------------------------
def is_deployment_setting(model_admin) -> bool:
    return DeploymentSettingMixin is not None and isinstance(model_admin, DeploymentSettingMixin)


def undeclared_models(site) -> list[str]:
    """Registered models with neither a `scope = ScopeSpec(...)` nor a deployment-setting admin."""
    return sorted(
        m._meta.label
        for m, ma in site._registry.items()
        if not isinstance(getattr(m, "scope", None), ScopeSpec) and not is_deployment_setting(ma)
    )


def _is_spec(model) -> bool:
    return isinstance(getattr(model, "scope", None), ScopeSpec)


def foreign_rows(model, persona: Persona):
    """Rows of `model` the persona must not reach, from the data and the declaration."""
    qs = model._default_manager.all()
    if not _is_spec(model):
        return qs  # a deployment-wide setting: every row (writes are what is checked)
    spec: ScopeSpec = model.scope
    region_path = spec.region_code_path()
    if region_path:
        qs = qs.filter(**{f"{region_path}__startswith": persona.other})
    if persona.user is None:
        return qs
    if region_path and persona.home and persona.roles & {Role.STAFF, Role.OFFICIAL}:
        qs = qs.exclude(**{f"{region_path}__startswith": persona.home})
    if spec.unit and Role.LIAISON in persona.roles:
        qs = qs.exclude(**{f"{spec.unit}__in": list(persona.unit_ids)})
    for role, path in spec.users.items():
        if role in persona.roles:
            qs = qs.exclude(**{path: persona.user.pk})
    if not region_path and not spec.unit and not spec.users:
        return qs  # ScopeSpec(): nobody but superusers
    return qs.distinct() if spec.distinct else qs


def own_row(model, persona: Persona):
    """One row the persona may work on (for the choices check on their own pages)."""
    if persona.user is None:
        return None
    if model._meta.label == "auth.User":
        return persona.user
    if not _is_spec(model):
        return model._default_manager.order_by("pk").first()
    path = model.scope.region_code_path()
    if not path or not persona.home:
        return None
    return model._default_manager.filter(**{f"{path}__startswith": persona.home}).order_by("pk").first()


def snapshot(obj):
    """The row as stored (to prove a refused write changed nothing)."""
    model = type(obj)
    return model._default_manager.filter(pk=obj.pk).values().first()


def personal_values(obj) -> list[str]:
    out = []
    for f in type(obj)._meta.concrete_fields:
        if f.name.endswith("id_number") or "phone" in f.name:
            v = getattr(obj, f.attname, None)
            if v and len(str(v)) >= 7:
                out.append(str(v))
    return out


def admin_change_url(obj) -> str:
    return f"/admin/{obj._meta.app_label}/{obj._meta.model_name}/{obj.pk}/change/"


def portal_urls(obj) -> list[str]:
    """The object's own pages outside the admin (PAGES entries with one argument of its model)."""
    from django.urls import reverse

    out = []
    for name, page in PAGES.items():
        refs = list(page.kwargs.items())
        if len(refs) == 1 and isinstance(refs[0][1], Ref) and refs[0][1].model == obj._meta.label:
            out.append(reverse(name, kwargs={refs[0][0]: getattr(obj, refs[0][1].attr)}))
    return out


def signatures(obj) -> list[str]:
    """Strings whose presence in a page means the object's data was shown: its admin and
    portal links, its ID and phone numbers."""
    return [admin_change_url(obj), *portal_urls(obj), *personal_values(obj)]


# -- responses --------------------------------------------------------------------------------
def response_text(response) -> str:
    """The readable text of a response: HTML/JSON/CSV as text, .xlsx/.docx unpacked."""
    if getattr(response, "streaming", False):
        body = b"".join(response.streaming_content)
    else:
        body = response.content
    ctype = response.get("Content-Type", "")
    if "spreadsheet" in ctype or body[:2] == b"PK" and b"xl/" in body[:2000]:
        from openpyxl import load_workbook

        wb = load_workbook(io.BytesIO(body), read_only=True)
        return "\n".join(
            " ".join("" if c is None else str(c) for c in row)
            for ws in wb.worksheets
            for row in ws.iter_rows(values_only=True)
        )
    if "wordprocessing" in ctype or body[:2] == b"PK" and b"word/" in body[:2000]:
        import docx

        d = docx.Document(io.BytesIO(body))
        cells = [c.text for t in d.tables for r in t.rows for c in r.cells]
        return "\n".join([p.text for p in d.paragraphs] + cells)
    return body.decode("utf-8", "replace")


def leaked(response, objs, *, with_name=False) -> str | None:
    """The first signature of `objs` found in the response text, if any (`with_name`: the
    object's own name counts too — for files, which carry no links)."""
    if response.status_code != 200:
        return None
    text = getattr(response, "text_cache", None) or response_text(response)
    for obj in objs:
        names = [str(obj)] if with_name and len(str(obj)) >= 4 else []
        for s in signatures(obj) + names:
            if s in text:
                return f"{obj._meta.label} {obj.pk} ({s})"
    return None


class FormFields(html.parser.HTMLParser):
    """The fields a browser would submit from the page's main form (inputs, selects,
    textareas), so a refused POST carries the page's own values."""

    def __init__(self):
        super().__init__()
        self.data: list[tuple[str, str]] = []
        self._select = None
        self._select_first = None
        self._select_chosen = False
        self._textarea = None
        self._text = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self.data.append((name, a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select" and name:
            self._select, self._select_first, self._select_chosen = name, None, False
        elif tag == "option" and self._select:
            if self._select_first is None:
                self._select_first = a.get("value", "")
            if "selected" in a:
                self._select_chosen = True
                self.data.append((self._select, a.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []

    def handle_endtag(self, tag):
        if tag == "select" and self._select:
            self._select = None
        elif tag == "textarea" and self._textarea:
            self.data.append((self._textarea, "".join(self._text)))
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self._text.append(data)


def page_form_data(html_text: str) -> dict[str, list[str]]:
    parser = FormFields()
    parser.feed(html_text)
    out: dict[str, list[str]] = {}
    for k, v in parser.data:
        out.setdefault(k, []).append(v)
    return out


def tampered(data: dict[str, list[str]], model, persona: Persona, regions_by_code) -> dict:
    """The page's own values with every text changed and every region moved to the
    persona's region: the write an attacker would send."""
    out = {k: list(v) for k, v in data.items()}
    region_fields = {
        f.name for f in model._meta.concrete_fields if f.is_relation and f.related_model._meta.label == "units.Region"
    }
    home = regions_by_code.get(persona.home) if persona.home else None
    for k, values in out.items():
        if k in ("csrfmiddlewaretoken",) or k.endswith(
            ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS")
        ):
            continue
        base = k.rsplit("-", 1)[-1]
        if base in region_fields and home is not None:
            out[k] = [str(home.pk)]
        elif base in ("name", "title", "full_name", "nominee_name", "deeds", "remark", "note", "description"):
            out[k] = [v + "（改）" for v in values]
    return out


# -- URL inventory ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Ref:
    """A URL argument filled from a foreign row of `model` (attribute `attr`)."""

    model: str
    attr: str = "pk"


@dataclass(frozen=True)
class Page:
    """How to probe one non-admin URL pattern."""

    kwargs: dict = field(default_factory=dict)  # name -> Ref or literal
    query: dict = field(default_factory=dict)  # ?name= -> Ref or literal
    post: bool = False  # also POST (writes must be refused)
    lists: tuple = ()  # for pages without an object: models whose foreign rows must not show


YEAR = "__year__"
FIGURE = "__figure__"

PAGES = {
    "home": Page(lists=("titles.TitleApplication", "volunteers.Volunteer")),
    "portal:home": Page(lists=("titles.TitleApplication", "campaigns.TaskAssignment")),
    "portal:unit_detail": Page({"pk": Ref("units.Unit")}),
    "portal:job_status": Page({"pk": Ref("core.JobRun")}),
    "portal:job_retry": Page({"pk": Ref("core.JobRun")}, post=True),
    "portal:job_cancel": Page({"pk": Ref("core.JobRun")}, post=True),
    "titles:home": Page(lists=("titles.TitleApplication", "titles.MaterialSubmission")),
    "titles:recommend": Page({"unit_pk": Ref("units.Unit")}, post=True),
    "titles:application_new": Page(lists=("units.Unit",)),
    "titles:application": Page({"pk": Ref("titles.TitleApplication")}, post=True),
    "titles:attachment_upload": Page({"pk": Ref("titles.TitleApplication")}, post=True),
    "titles:attachment_remove": Page({"pk": Ref("titles.ApplicationAttachment")}, post=True),
    "titles:attachment_download": Page({"pk": Ref("titles.ApplicationAttachment")}),
    "titles:material_upload": Page(
        {"req_pk": Ref("titles.MaterialRequirement"), "unit_pk": Ref("units.Unit")}, post=True
    ),
    "titles:material_download": Page({"pk": Ref("titles.MaterialSubmission")}),
    "titles:pairing_new": Page({"unit_pk": Ref("units.Unit")}, post=True),
    "titles:pairing_record": Page({"pk": Ref("titles.Pairing")}, post=True),
    "titles:pairing_photo": Page({"pk": Ref("titles.PairingRecord")}),
    "titles:review_list": Page(lists=("titles.ReviewAssignment",)),
    "titles:review_detail": Page({"pk": Ref("titles.ReviewAssignment")}, post=True),
    "campaigns:task_list": Page(lists=("campaigns.TaskAssignment",)),
    "campaigns:task_detail": Page({"pk": Ref("campaigns.TaskAssignment")}, post=True),
    "campaigns:evidence_file": Page({"pk": Ref("campaigns.EvidenceFile")}),
    "campaigns:rectification_list": Page(lists=("campaigns.Rectification",)),
    "campaigns:rectification_detail": Page({"pk": Ref("campaigns.Rectification")}, post=True),
    "campaigns:rectification_file": Page({"pk": Ref("campaigns.RectificationResponse")}),
    "campaigns:inspection_photo": Page({"pk": Ref("campaigns.InspectionPhoto")}),
    "campaigns:activity_list": Page(lists=("campaigns.Activity",)),
    "campaigns:activity_create": Page(lists=("units.Unit",)),
    "campaigns:activity_photo": Page({"pk": Ref("campaigns.ActivityPhoto")}),
    "volunteers:index": Page(lists=("volunteers.Volunteer", "volunteers.ServiceEvent")),
    "volunteers:review": Page(lists=("volunteers.Volunteer", "volunteers.ServiceRecord")),
    "volunteers:event_new": Page(lists=("volunteers.Team",)),
    "volunteers:event_detail": Page({"pk": Ref("volunteers.ServiceEvent")}, post=True),
    "volunteers:me": Page(lists=("volunteers.Volunteer",)),
    "volunteers:sign_up": Page({"pk": Ref("volunteers.ServiceEvent")}, post=True),
    "volunteers:certificate_new": Page(lists=("volunteers.Volunteer",)),
    "volunteers:certificate_file": Page({"pk": Ref("volunteers.Certificate"), "fmt": "pdf"}),
    "volunteers:list": Page(lists=("volunteers.Volunteer",)),
    "volunteers:export": Page(lists=("volunteers.Volunteer",)),
    "volunteers:detail": Page({"pk": Ref("volunteers.Volunteer")}),
    "volunteers:teams": Page(lists=("volunteers.Team",)),
    "volunteers:import": Page(lists=("volunteers.Team",)),
    "volunteers:import_confirm": Page(query={"job": Ref("core.JobRun")}, post=True),
    "volunteers:import_job": Page({"pk": Ref("core.JobRun")}),
    "volunteers:requests": Page(lists=("volunteers.ServiceRequest",)),
    "volunteers:request_detail": Page({"pk": Ref("volunteers.ServiceRequest")}, post=True),
    "exemplars:index": Page(lists=("exemplars.Nomination",)),
    "exemplars:nominate": Page({"round_pk": Ref("exemplars.SelectionRound")}, post=True),
    "exemplars:ranking": Page({"round_pk": Ref("exemplars.SelectionRound")}),
    "exemplars:nomination": Page({"pk": Ref("exemplars.Nomination")}),
    "exemplars:file": Page({"pk": Ref("exemplars.NominationFile")}),
    "exemplars:review": Page({"pk": Ref("exemplars.ReviewAssignment")}, post=True),
    "notices:list": Page(lists=("notices.Notice",)),
    "notices:detail": Page({"pk": Ref("notices.Notice")}),
    "notices:read_all": Page(lists=("notices.Notice",)),
    "summaries:list": Page(lists=("summaries.AnnualSummary",)),
    "summaries:detail": Page({"pk": Ref("summaries.AnnualSummary")}),
    "summaries:file": Page({"pk": Ref("summaries.AnnualSummary"), "kind": "docx"}),
    "dashboards:home": Page(lists=("units.Unit",)),
    "dashboards:region": Page({"code": Ref("units.Region", "code")}),
    "dashboards:region_export": Page({"code": Ref("units.Region", "code")}),
    "dashboards:region_refresh": Page({"code": Ref("units.Region", "code")}, post=True),
    "dashboards:unit": Page({"pk": Ref("units.Unit")}),
    "dashboards:figure_list": Page({"key": FIGURE}, query={"region": Ref("units.Region", "code"), "year": YEAR}),
}

# Open to anyone by design (they show only what is public) — the reason is the contract.
PUBLIC = {
    "landing": "首页：登录入口与公开页面链接，无数据",
    "login": "登录页",
    "logout": "退出登录",
    "password_change": "修改自己的密码（需登录，只涉及本人）",
    "set_language": "语言切换（Cookie）",
    "titles_public:publicity": "称号公示：公示期内对社会公开的名单",
    "volunteers_public:register": "志愿者自助注册（公开表单，限流）",
    "volunteers_public:registered": "注册完成提示",
    "volunteers_public:verify": "证书真伪查询（按编号，公开）",
    "volunteers_public:post_request": "群众提交服务需求（公开表单）",
    "exemplars_public:index": "好人推荐与公示入口（公开）",
    "exemplars_public:nominate": "群众推荐（公开表单）",
    "exemplars_public:nominate_done": "推荐完成提示",
    "exemplars_public:publicity": "先进典型公示：对社会公开",
    "exemplars_public:vote": "群众投票页（公开）",
    "exemplars_public:vote_cast": "群众投票（公开，限流）",
}

# The admin site's own pages (not per model).
ADMIN_SITE_PAGES = {
    "admin:index": "list",
    "admin:login": "public",
    "admin:logout": "public",
    "admin:password_change": "public",
    "admin:password_change_done": "public",
    "admin:jsi18n": "public",
    "admin:autocomplete": "autocomplete",
    "admin:view_on_site": "shortcut",
    "admin:app_list": "list",
}
ADMIN_MODEL_KINDS = {"changelist", "add", "change", "history", "delete", "simple_history", ""}


def walk(resolver=None, prefix="", ns=None):
    """(route, qualified name, URLPattern) for every pattern of the resolver."""
    resolver = resolver or get_resolver()
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            nns = ":".join(x for x in (ns, p.namespace) if x) if p.namespace else ns
            yield from walk(p, prefix + str(p.pattern), nns)
        elif isinstance(p, URLPattern):
            name = f"{ns}:{p.name}" if ns and p.name else p.name
            yield prefix + str(p.pattern), name, p


def admin_url_kind(model, name: str | None, route: str) -> str:
    """'changelist', 'change', ..., 'object' (custom view on one object), 'page' (custom
    view without arguments), or 'unknown'."""
    info = f"{model._meta.app_label}_{model._meta.model_name}_"
    suffix = name[len(info) :] if name and name.startswith(info) else (name or "")
    if suffix in ADMIN_MODEL_KINDS:
        return suffix or "change"
    args = len(re.findall(ARG, route))
    if args == 0:
        return "page"
    if args == 1:
        return "object"
    return "unknown"


ARG = r"<[^>]+>|\([^)]*\)"  # a path converter or a regex group


def fill_route(route: str, value) -> str:
    """The URL of a one-argument route with `value` as its argument."""
    return re.sub(ARG, str(value), route).replace("^", "").replace("$", "")


def admin_routes(site) -> dict[str, tuple]:
    """Full route ("admin/<app>/<model>/<pattern>") -> (model, kind) for every ModelAdmin URL."""
    out = {}
    for model, ma in site._registry.items():
        base = f"admin/{model._meta.app_label}/{model._meta.model_name}/"
        for p in ma.get_urls():
            out[base + str(p.pattern)] = (model, admin_url_kind(model, p.name, str(p.pattern)))
    return out


def unknown_patterns(site=None, resolver=None) -> list[str]:
    """Every URL pattern the suite would not know how to probe: an admin URL that is
    neither the site's own nor a model admin's (or one with several arguments that is not
    simple-history's), or any other URL neither in PAGES nor in PUBLIC."""
    site = site or admin.site
    routes = admin_routes(site)
    out = []
    for route, name, _p in walk(resolver):
        if route.startswith("admin/"):
            if name in ADMIN_SITE_PAGES or route == "admin/(?P<url>.*)$":
                continue
            hit = routes.get(route)
            if hit is None or hit[1] == "unknown":
                out.append(f"{route} ({name})")
        elif name not in PAGES and name not in PUBLIC:
            out.append(f"{route} ({name})")
    return out


def model_of(label: str):
    return apps.get_model(label)


def page_forms(context, *, empty=True) -> list:
    """The forms of an admin add/change page: the main form and every inline row (and
    each inline's empty template row when `empty`)."""
    forms = []
    adminform = context.get("adminform")
    if adminform is not None:
        forms.append(adminform.form)
    for inline in context.get("inline_admin_formsets") or []:
        forms.extend(inline.formset.forms)
        if empty:
            forms.append(inline.formset.empty_form)
    return forms


def fk_querysets(context) -> list[tuple[str, object]]:
    """(field name, queryset) of every model-choice field on an admin add/change page,
    inline formsets included."""
    out = []
    forms = page_forms(context)
    for form in forms:
        meta = getattr(form, "_meta", None)
        pk_name = meta.model._meta.pk.name if meta is not None and meta.model else None
        for name, f in form.fields.items():
            if name == pk_name:  # an inline row's own hidden id (looked up in the formset's queryset)
                continue
            qs = getattr(f, "queryset", None)
            if isinstance(qs, models.QuerySet):
                out.append((f"{form.prefix or ''}-{name}".lstrip("-"), qs))
    return out


def region_fields(context):
    """(html name, field name, form) of every region choice on an admin page, inline rows included."""
    forms = page_forms(context, empty=False)
    out = []
    for form in forms:
        for name, f in form.fields.items():
            qs = getattr(f, "queryset", None)
            if isinstance(qs, models.QuerySet) and qs.model._meta.label == "units.Region":
                out.append((form.add_prefix(name), name, form))
    return out
