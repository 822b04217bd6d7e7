from decimal import Decimal

from django.db import transaction
from django.db.models import Avg
from django.utils import timezone
from django.utils.translation import gettext as _

from core.roles import Role, user_roles
from core.scoping import staff_covers
from core.workflow import TransitionError

from ..models import AppStatus, CriterionScore, ReviewAssignment, TitleApplication
from . import fresh, parse_points


@transaction.atomic
def reviewers_assign(*, applications, reviewers, by) -> int:
    """Assign reviewers to applications in 考评中. A reviewer is never assigned an
    application of a unit they are liaison of."""
    created = 0
    for app in [fresh(a) for a in applications]:
        if not staff_covers(by, app.unit.region):
            raise TransitionError(_("您无权分配该申报的评审"))
        if app.status != AppStatus.ASSESSING:
            raise TransitionError(_("“%(app)s”不在考评中，不能分配评审专家") % {"app": app})
        liaisons = set(app.unit.liaisons.values_list("pk", flat=True))
        for reviewer in reviewers:
            if Role.REVIEWER not in user_roles(reviewer):
                raise TransitionError(_("%(u)s 不是评审专家") % {"u": reviewer})
            if reviewer.pk in liaisons:
                raise TransitionError(_("%(u)s 是%(unit)s的联络员，须回避") % {"u": reviewer, "unit": app.unit.name})
            _obj, made = ReviewAssignment.objects.get_or_create(
                application=app, reviewer=reviewer, defaults={"assigned_by": by}
            )
            created += made
    return created


@transaction.atomic
def review_submit(*, assignment: ReviewAssignment, scores: dict, comment: str, by) -> ReviewAssignment:
    """scores: {criterion_id: points}. Each within the criterion's max; every criterion
    scored. The score is tied to the revision the reviewer saw (the current one)."""
    assignment = (
        ReviewAssignment.objects.select_for_update(of=("self",)).select_related("application").get(pk=assignment.pk)
    )
    app: TitleApplication = assignment.application
    if assignment.reviewer_id != by.pk:
        raise TransitionError(_("只能提交分配给您的评审"))
    if app.status != AppStatus.ASSESSING:
        raise TransitionError(_("该申报当前不在考评阶段"))
    criteria = list(app.system.criteria.all())
    errors, values = [], {}
    for crit in criteria:
        raw = scores.get(crit.pk, scores.get(str(crit.pk)))
        try:
            values[crit.pk] = parse_points(crit, raw)
        except TransitionError as exc:
            errors.append(str(exc))
    if errors:
        raise TransitionError("；".join(errors))
    CriterionScore.objects.filter(assignment=assignment).delete()
    CriterionScore.objects.bulk_create(
        [CriterionScore(assignment=assignment, criterion_id=cid, points=v) for cid, v in values.items()]
    )
    assignment.total = sum(values.values(), Decimal(0))
    assignment.comment = comment.strip()
    assignment.submitted_at = timezone.now()
    assignment.revision = app.revisions.order_by("-number").first()
    assignment.save()
    avg = app.assignments.filter(submitted_at__isnull=False).aggregate(v=Avg("total"))["v"]
    TitleApplication.objects.filter(pk=app.pk).update(average_score=avg)
    return assignment
