"""Officials' read-only dashboards: region pages, unit pages, figure lists, Excel export.

Who: officials and office staff (and superusers), for their region and below — a
region outside the subtree is 404 (core.scoping), every other role 403. Every page is
GET only (405 for anything else); the one write, "refresh figures", is staff only."""

import functools

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Sum
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core.jobs import job_start
from core.registry import NONE_VALUE, figure
from core.roles import Role, user_roles
from core.scoping import can_write, covers, get_scoped_or_404, scoped, user_region_code
from core.xlsx import xlsx_response
from units.models import Region, Unit

from . import pagecache, selectors
from .export import dashboard_workbook
from .figuredata import as_number
from .layout import breakdowns_of

YEARS_BACK = 6
BOARD_CACHE_SECONDS = pagecache.PAGE_CACHE_SECONDS


def dashboard_viewer(view):
    @login_required
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not (user.is_superuser or user_roles(user) & {Role.OFFICIAL, Role.STAFF}):
            raise PermissionDenied
        user_region_code(user)  # profile and region in one query, kept on the user for the page frame
        return view(request, *args, **kwargs)

    return wrapper


def _year(request) -> int:
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("year", this_year))
    except ValueError:
        raise Http404 from None
    if not this_year - 30 <= year <= this_year + 1:
        raise Http404
    return year


def _year_choices() -> list[int]:
    this_year = timezone.localdate().year
    return list(range(this_year, this_year - YEARS_BACK, -1))


@require_safe
@dashboard_viewer
def home(request):
    code = user_region_code(request.user)
    if not code:
        return render(request, "dashboards/no_region.html", status=403)
    return redirect("dashboards:region", code=code)


@require_safe
@dashboard_viewer
def region(request, code: str):
    """A region's dashboard. Served from pagecache when its snapshots have not changed
    since the body was rendered (see dashboards/pagecache.py for why a hit is scoped)."""
    year = _year(request)
    user = request.user
    if not covers(user, code):
        raise Http404  # what get_scoped_or_404 answers for a region outside the viewer's subtree
    root = "*" if user.is_superuser else user_region_code(user)  # the viewer's subtree, part of the cache key
    key = pagecache.page_key(code, year, get_language(), root, selectors.registry_digest())
    entry, version = pagecache.lookup(code, key)
    if entry is None:
        region = get_scoped_or_404(Region.objects.all(), user, code=code)
        version = pagecache.current_version(code, version)
        board_html, live = _board_html(request, region, year)
        head_html = render_to_string(
            "dashboards/_head.html",
            {"region": region, "year": year, "breadcrumb": selectors.breadcrumb(region, user)},
            request=request,
        )
        entry = {"title": str(region), "head": head_html, "board": board_html}
        if not live:
            pagecache.store(key, version, **entry)
    return render(
        request,
        "dashboards/region.html",
        {
            "title": entry["title"],
            "head_html": mark_safe(entry["head"]),  # rendered by our own templates
            "board_html": mark_safe(entry["board"]),
            "region_code": code,
            "year": year,
            "years": _year_choices(),
            "can_refresh": can_write(user),
        },
    )


def _board_html(request, region, year: int) -> tuple[str, bool]:
    """Everything below the toolbar: figures, sub-regions, units of the region — the same
    for every viewer who may open the region (staff and officials of it or an ancestor
    see its whole subtree). Returns (html, whether some figure was computed live)."""
    children = selectors.child_regions(region, request.user)
    board = selectors.dashboard_for(region, year, children=children)
    context = {
        "board": board,
        "year": year,
        "charts": board.charts(),
        "children": children,
        "units": selectors.units_at(region, request.user),
        # kinds are stored as their Chinese names; one URL prefix instead of a reverse per row
        "unit_url": reverse("dashboards:unit", args=[0])[:-2],
    }
    return render_to_string("dashboards/_board.html", context, request=request), board.live


@require_safe
@dashboard_viewer
def region_export(request, code: str):
    region = get_scoped_or_404(Region.objects.all(), request.user, code=code)
    year = _year(request)
    board = selectors.dashboard_for(region, year, children=selectors.child_regions(region, request.user))
    return xlsx_response(dashboard_workbook(board), f"{region.name}{year}年工作看板.xlsx")


@require_POST
@dashboard_viewer
def region_refresh(request, code: str):
    region = get_scoped_or_404(Region.objects.all(), request.user, action="change", code=code)
    from .tasks import refresh_region_snapshots

    job = job_start(
        kind="dashboards.refresh",
        label=_("刷新看板数据：%(r)s") % {"r": region.name},
        task=refresh_region_snapshots,
        user=request.user,
        region=region,
    )
    return redirect("portal:job_status", job.pk)


@require_safe
@dashboard_viewer
def unit(request, pk: int):
    unit = get_scoped_or_404(Unit.objects.select_related("region"), request.user, pk=pk)
    year = _year(request)
    return render(
        request,
        "dashboards/unit.html",
        {
            "board_html": _unit_board_html(request, unit, year),
            "unit": unit,
            "region": unit.region,
            "region_code": unit.region.code,
            "year": year,
            "years": _year_choices(),
            "breadcrumb": selectors.breadcrumb(unit.region, request.user),
        },
    )


def _unit_board_html(request, unit, year: int) -> str:
    """A unit's figures are computed live (no snapshots per unit) and kept for
    BOARD_CACHE_SECONDS; the page states when they were computed."""
    key = f"dashboards:unit:{unit.pk}:{year}:{get_language()}:{selectors.registry_digest()}"
    html = cache.get(key)
    if html is None:
        board = selectors.unit_dashboard_for(unit, year)
        html = render_to_string(
            "dashboards/_unit_board.html", {"board": board, "charts": board.charts(), "unit": unit}, request=request
        )
        cache.set(key, html, BOARD_CACHE_SECONDS)
    return mark_safe(html)  # rendered by our own template above


@require_safe
@dashboard_viewer
def figure_list(request, key: str):
    """The records one figure counts (?region=<code>&year=<yyyy>), read-only and scoped;
    optionally one breakdown group (&by=<path>&v=<value>) or one unit (&unit=<id>)."""
    try:
        fig = figure(key)
    except KeyError:
        raise Http404 from None
    code = request.GET.get("region") or user_region_code(request.user)
    region = get_scoped_or_404(Region.objects.all(), request.user, code=code)
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        raise Http404 from None
    qs = scoped(fig.queryset(region, year), request.user)
    group_label = ""
    by = request.GET.get("by")
    if by:
        labels = {path: label for path, label in breakdowns_of(fig)}
        if by not in labels:
            raise Http404
        value = request.GET.get("v", "")
        try:
            qs = qs.filter(**({f"{by}__isnull": True} if value == NONE_VALUE else {by: value}))
        except (ValueError, ValidationError):
            raise Http404 from None
        from .figuredata import group_labeler

        group_label = f"{labels[by]}：{group_labeler(fig, by)(None if value == NONE_VALUE else _typed(value))}"
    unit_obj = None
    if request.GET.get("unit"):
        if not fig.unit_path:
            raise Http404
        unit_obj = get_scoped_or_404(Unit.objects.all(), request.user, pk=_int_or_404(request.GET["unit"]))
        qs = qs.filter(**{fig.unit_path: unit_obj.pk})
    # A figure that sums a field (hours, participants) states its total beside the record count.
    total = as_number(qs.aggregate(v=Sum(fig.sum_field))["v"]) if fig.sum_field else None
    columns = fig.list_columns or (("pk", _("编号")),)
    rows = qs.values_list(*[c[0] for c in columns])
    page = Paginator(rows.order_by("pk") if not qs.ordered else rows, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "dashboards/figure_list.html",
        {
            "fig": fig,
            "region": region,
            "year": year,
            "headers": [c[1] for c in columns],
            "page": page,
            "group_label": group_label,
            "unit": unit_obj,
            "query": query.urlencode(),
            "total": total,
        },
    )


def _int_or_404(value) -> int:
    try:
        return int(value)
    except ValueError:
        raise Http404 from None


def _typed(value: str):
    return int(value) if value.isdigit() else value
