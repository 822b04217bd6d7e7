import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.dates import cn_date
from core.scoping import is_office_staff, staff_covers
from core.workdays import end_of_period
from core.workflow import TransitionError, run_transition

from ..models import AppStatus, Objection, PublicityBatch
from . import fresh
from .consultation import consultation_complete


@transaction.atomic
def publicity_start(
    *, region, title: str, start_date: dt.date, days: int, working_days: bool, how_to_object: str, applications, by
) -> PublicityBatch:
    """Put applications whose consultation is complete (all 同意) under publicity."""
    callers = list(applications)
    applications = [fresh(a) for a in callers]
    if not applications:
        raise TransitionError(_("请选择要公示的申报"))
    if not is_office_staff(by):
        raise TransitionError(_("您无权发起公示"))
    if days < 1:
        raise TransitionError(_("公示天数至少为1天"))
    if not how_to_object.strip():
        raise TransitionError(_("请填写异议受理方式"))
    for app in applications:
        if not staff_covers(by, app.unit.region) or not app.unit.region.code.startswith(region.code):
            raise TransitionError(_("“%(app)s”不在本次公示范围内") % {"app": app})
        if app.status != AppStatus.CONSULTING or not consultation_complete(app):
            raise TransitionError(_("“%(app)s”征求意见尚未全部同意，不能公示") % {"app": app})
    batch = PublicityBatch.objects.create(
        region=region,
        title=title,
        start_date=start_date,
        days=days,
        working_days=working_days,
        end_date=end_of_period(start_date, days, working_days=working_days),
        how_to_object=how_to_object.strip(),
        created_by=by,
    )
    for app in applications:
        app.publicity = batch
        run_transition(app, "start_publicity", by=by, comment=batch.title)
    for app in callers:
        app.refresh_from_db()
    return batch


@transaction.atomic
def objection_record(*, application, received_on: dt.date, content: str, source: str = "", by) -> Objection:
    if not staff_covers(by, application.unit.region):
        raise TransitionError(_("您无权记录该异议"))
    if application.status != AppStatus.PUBLICITY or application.publicity is None:
        raise TransitionError(_("该申报不在公示期内"))
    if not content.strip():
        raise TransitionError(_("请填写反映内容"))
    return Objection.objects.create(
        publicity=application.publicity,
        application=application,
        received_on=received_on,
        content=content.strip(),
        source=source,
    )


@transaction.atomic
def objection_resolve(*, objection: Objection, resolution: str, upheld: bool, by) -> Objection:
    """Close an objection. If it is upheld the application does not pass."""
    if not staff_covers(by, objection.application.unit.region):
        raise TransitionError(_("您无权处理该异议"))
    if not objection.is_open:
        raise TransitionError(_("该异议已办结"))
    if not resolution.strip():
        raise TransitionError(_("请填写核查处理结果"))
    objection.resolution, objection.upheld = resolution.strip(), upheld
    objection.resolved_on, objection.resolved_by = timezone.localdate(), by
    objection.save()
    if upheld and objection.application.status == AppStatus.PUBLICITY:
        run_transition(
            objection.application, "reject", by=by, comment=_("公示异议经核查属实：%(r)s") % {"r": objection.resolution}
        )
    return objection


def naming_blockers(application, today: dt.date | None = None) -> list[str]:
    """Why this application cannot be named yet (empty list: it can)."""
    today = today or timezone.localdate()
    out = []
    if application.status != AppStatus.PUBLICITY or application.publicity is None:
        return [_("未经公示")]
    if today <= application.publicity.end_date:
        out.append(_("公示期至%(d)s尚未结束") % {"d": cn_date(application.publicity.end_date)})
    if any(o.is_open for o in application.objections.all()):
        out.append(_("有未办结的公示异议"))
    return out
