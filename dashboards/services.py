"""Writes of the dashboards app: refreshing the figure snapshots."""

from django.db import transaction
from django.utils import timezone

from core import registry
from units.models import Region, Unit

from . import pagecache
from .figuredata import compute_live
from .models import FigureSnapshot
from .selectors import TREND_YEARS

# Regions down to this level get snapshots; townships are small enough to compute live.
SNAPSHOT_MAX_LEVEL = Region.Level.COUNTY


def snapshot_regions(root: Region | None = None) -> list[Region]:
    """Regions (province, city, county) that hold units, within `root`'s subtree."""
    unit_codes = Unit.objects.order_by().values_list("region__code", flat=True).distinct()
    if root is not None:
        unit_codes = unit_codes.filter(region__code__startswith=root.code)
    prefixes = set()
    for code in unit_codes:
        prefixes.update(code[:n] for n in (2, 4, 6) if n <= len(code))
    qs = Region.objects.filter(code__in=prefixes, level__lte=SNAPSHOT_MAX_LEVEL)
    if root is not None:
        qs = qs.filter(code__startswith=root.code)
    return list(qs.order_by("code"))


def snapshots_refresh(
    *, root: Region | None = None, years: list[int] | None = None, only_root: bool = False, progress=None, by=None
) -> int:
    """Recompute every registered figure for every region of `root`'s subtree (down to
    counties; only `root` itself with `only_root`) and each year (default: the last five).
    Returns the number of rows written. Each region/year is replaced in one transaction,
    so a page never sees half a set."""
    this_year = timezone.localdate().year
    years = years or list(range(this_year - TREND_YEARS + 1, this_year + 1))
    regions = [root] if (only_root and root is not None) else snapshot_regions(root)
    children_of: dict[int, list[Region]] = {}
    for child in Region.objects.filter(parent__in=regions).order_by("code"):
        children_of.setdefault(child.parent_id, []).append(child)
    figs = registry.figures()
    written, steps, done = 0, max(1, len(regions) * len(years)), 0
    for region in regions:
        for year in years:
            rows = []
            for fig in figs:
                data = compute_live(fig, region, year, children=children_of.get(region.pk, []))
                rows.append(
                    FigureSnapshot(
                        region=region,
                        year=year,
                        key=fig.key,
                        value=float(data.value),
                        breakdowns={label: [list(pair) for pair in pairs] for label, pairs in data.breakdowns.items()},
                        by_child=data.by_child,
                        computed_at=data.computed_at,
                    )
                )
            with transaction.atomic():
                FigureSnapshot.objects.filter(region=region, year=year).delete()
                FigureSnapshot.objects.bulk_create(rows)
                pagecache.bump([region.code])  # cached pages of the region are stale from the commit on
            written += len(rows)
            done += 1
            if progress:
                progress(done * 100 // steps, f"{region.name} {year}")
    return written
