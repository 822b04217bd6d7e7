from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.scoping import staff_covers
from core.workflow import TransitionError, run_transition

from ..models import Consultation, TitleApplication
from . import fresh


@transaction.atomic
def consultation_start(*, application: TitleApplication, departments, by) -> list[Consultation]:
    """Move from 考评中 to 征求意见 and ask each department. Needs at least one
    submitted review score."""
    caller, application = application, fresh(application)
    departments = [d.strip() for d in departments if d and d.strip()]
    if not departments:
        raise TransitionError(_("请至少选择一个征求意见部门"))
    if not application.assignments.filter(submitted_at__isnull=False).exists():
        raise TransitionError(_("尚无评审专家提交评分，不能进入征求意见"))
    run_transition(application, "start_consultation", by=by, comment="、".join(departments))
    caller.refresh_from_db()
    return [Consultation.objects.get_or_create(application=application, department=d)[0] for d in departments]


@transaction.atomic
def consultation_answer(*, consultation: Consultation, answer: str, reason: str = "", by) -> Consultation:
    """Record a department's answer. A single 否决 stops the application (一票否决)."""
    app = fresh(consultation.application)
    if not staff_covers(by, app.unit.region):
        raise TransitionError(_("您无权记录该申报的征求意见"))
    if answer not in (Consultation.Answer.AGREE, Consultation.Answer.VETO):
        raise TransitionError(_("意见只能是“同意”或“否决”"))
    if answer == Consultation.Answer.VETO and not reason.strip():
        raise TransitionError(_("否决时须填写理由"))
    if app.status != "征求意见":
        raise TransitionError(_("该申报不在征求意见阶段"))
    consultation.answer, consultation.reason = answer, reason.strip()
    consultation.answered_on = timezone.localdate()
    consultation.recorded_by = by
    consultation.save()
    if answer == Consultation.Answer.VETO:
        run_transition(
            app,
            "veto",
            by=by,
            comment=_("%(dept)s一票否决：%(reason)s")
            % {"dept": consultation.department, "reason": consultation.reason},
        )
    return consultation


def consultation_complete(application: TitleApplication) -> bool:
    answers = list(application.consultations.values_list("answer", flat=True))
    return bool(answers) and all(a == Consultation.Answer.AGREE for a in answers)
