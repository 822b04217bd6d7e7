"""困难帮扶: the hardship flag, care visits, the half-yearly statistics report."""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.scoping import require_covers
from core.workflow import TransitionError

from ..models import CareVisit, Exemplar, Festival, HardshipReport
from ._common import require_perm


@transaction.atomic
def exemplar_set_hardship(*, exemplar: Exemplar, reason: str, by, since: dt.date | None = None) -> Exemplar:
    require_perm(by, "exemplars.change_exemplar")
    if not reason.strip():
        raise TransitionError(_("请填写困难原因"))
    exemplar.hardship, exemplar.hardship_reason = True, reason.strip()
    exemplar.hardship_since = since or exemplar.hardship_since or timezone.localdate()
    exemplar.save()
    return exemplar


@transaction.atomic
def exemplar_clear_hardship(*, exemplar: Exemplar, by) -> Exemplar:
    require_perm(by, "exemplars.change_exemplar")
    exemplar.hardship, exemplar.hardship_since = False, None
    exemplar.save()
    return exemplar


@transaction.atomic
def care_visit_record(
    *,
    exemplar: Exemplar,
    date: dt.date,
    visitors: str,
    by,
    festival: str = Festival.ROUTINE,
    given: str = "",
    amount: Decimal | int = 0,
    note: str = "",
) -> CareVisit:
    require_perm(by, "exemplars.add_carevisit")
    if date > timezone.localdate():
        raise TransitionError(_("慰问日期不能晚于今天"))
    if not visitors.strip():
        raise TransitionError(_("请填写慰问人"))
    if Decimal(str(amount)) < 0:
        raise TransitionError(_("慰问金不能为负数"))
    return CareVisit.objects.create(
        exemplar=exemplar,
        date=date,
        festival=festival,
        visitors=visitors.strip(),
        given=given.strip(),
        amount=amount,
        note=note,
        recorded_by=by,
    )


@transaction.atomic
def hardship_report_submit(*, region, year: int, half: int, by) -> HardshipReport:
    """Store the half-year table as the office confirms it (the reminder then counts
    the statistics as done)."""
    from ..selectors import hardship_statistics

    require_perm(by, "exemplars.add_hardshipreport")
    require_covers(by, region)
    table = hardship_statistics(region, year, half)
    rows = [{k: (str(v) if isinstance(v, Decimal) else v) for k, v in row.items() if k != "region"} for row in table]
    report, _created = HardshipReport.objects.update_or_create(
        region=region, year=year, half=half, defaults={"rows": rows, "submitted_by": by}
    )
    return report
