"""评审: assigning reviewers in bulk; a reviewer scores and/or votes."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.roles import Role, user_roles
from core.workflow import TransitionError
from units.models import Unit

from ..models import NominationStatus, ReviewAssignment, ReviewVote, SelectionRound
from ._common import require_perm

MAX_SCORE = Decimal("100")


@transaction.atomic
def reviewers_assign(*, nominations, reviewers, by) -> int:
    """Give every nomination (all 评审中) to every reviewer; returns new assignments."""
    require_perm(by, "exemplars.add_reviewassignment")
    nominations, reviewers = list(nominations), list(reviewers)
    if not nominations or not reviewers:
        raise TransitionError(_("请选择推荐人选和评审专家"))
    wrong = [n.nominee_name for n in nominations if n.status != NominationStatus.REVIEWING]
    if wrong:
        raise TransitionError(_("只能为评审中的推荐分配专家：%(names)s") % {"names": "、".join(wrong[:5])})
    for reviewer in reviewers:
        if Role.REVIEWER not in user_roles(reviewer):
            raise TransitionError(_("%(u)s 不是评审专家") % {"u": reviewer})
    # 回避: a reviewer never reviews a nomination made by a unit they are liaison of.
    liaison_pairs = set(
        Unit.liaisons.through.objects.filter(
            unit_id__in={n.nominator_unit_id for n in nominations if n.nominator_unit_id},
            user_id__in=[r.pk for r in reviewers],
        ).values_list("unit_id", "user_id")
    )
    for n in nominations:
        for reviewer in reviewers:
            if (n.nominator_unit_id, reviewer.pk) in liaison_pairs:
                raise TransitionError(
                    _("%(u)s 是推荐单位“%(unit)s”的联络员，须回避“%(n)s”的评审")
                    % {"u": reviewer, "unit": n.nominator_unit, "n": n.nominee_name}
                )
    existing = set(
        ReviewAssignment.objects.filter(nomination__in=nominations, reviewer__in=reviewers).values_list(
            "nomination_id", "reviewer_id"
        )
    )
    new = [
        ReviewAssignment(nomination=n, reviewer=r, assigned_by=by)
        for n in nominations
        for r in reviewers
        if (n.pk, r.pk) not in existing
    ]
    ReviewAssignment.objects.bulk_create(new)
    round_ids = {n.round_id for n in nominations}
    SelectionRound.objects.filter(pk__in=round_ids, stage=SelectionRound.Stage.NOMINATING).update(
        stage=SelectionRound.Stage.REVIEWING
    )
    return len(new)


@transaction.atomic
def review_submit(
    *, assignment: ReviewAssignment, by, score=None, vote: str = "", comment: str = ""
) -> ReviewAssignment:
    if by is None or assignment.reviewer_id != by.pk:
        raise PermissionDenied(_("只能评审分配给您的推荐"))
    if assignment.nomination.status != NominationStatus.REVIEWING:
        raise TransitionError(_("该推荐已结束评审，不能再修改评审意见"))
    if score is None and not vote:
        raise ValidationError(_("请评分或表决"))
    if score is not None:
        score = Decimal(str(score))
        if not Decimal("0") <= score <= MAX_SCORE:
            raise ValidationError({"score": _("评分应在0到100之间")})
    if vote and vote not in ReviewVote.values:
        raise ValidationError({"vote": _("表决选项无效")})
    assignment.score, assignment.vote, assignment.comment = score, vote, comment.strip()
    assignment.submitted_at = timezone.now()
    assignment.save()
    return assignment
