"""Write services of the units app."""

from django.db.models import Count
from django.utils.translation import gettext as _

from core.jobs import job_start
from core.models import JobRun
from core.scoping import user_region_code

from ..models import Region, Unit


def unit_recount(*, region: Region | None, progress=lambda pct, msg="": None) -> dict:
    """Active units per child region of `region` (per province when None), in one query."""
    children = Region.objects.filter(parent=region) if region else Region.objects.filter(level=Region.Level.PROVINCE)
    units = Unit.objects.filter(is_active=True)
    if region:
        units = units.filter(region__code__startswith=region.code)
    progress(10, _("正在统计"))
    # Chinese keys: the result is shown as-is to staff on the job page.
    counts = {c.code: {"区划代码": c.code, "区划": c.name, "单位数": 0} for c in children.order_by("code")}
    code_length = len(next(iter(counts), ""))
    total = 0
    for row in units.values("region__code").annotate(n=Count("pk")).order_by():
        total += row["n"]  # units sitting on `region` itself count in the total only
        child = counts.get(row["region__code"][:code_length])
        if child:
            child["单位数"] += row["n"]
    return {"单位总数": total, "各区划单位数": list(counts.values())}


def unit_recount_start(*, user) -> JobRun:
    from ..tasks import recount_units

    code = user_region_code(user)
    region = Region.objects.filter(code=code).first() if code else None
    return job_start(
        kind="units.recount",
        label=_("统计各区划单位数（%(r)s）") % {"r": region.name if region else _("全国")},
        task=recount_units,
        user=user,
        region=region,
    )
