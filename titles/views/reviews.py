"""Reviewer pages: only the applications assigned to them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.roles import Role, user_roles
from core.scoping import get_scoped_or_404
from core.workflow import TransitionError

from .. import selectors
from ..models import AppStatus, Pairing
from ..services.applications import revision_changes
from ..services.reviews import review_submit
from .forms import ReviewScoreForm


def _reviewer_only(user):
    if Role.REVIEWER not in user_roles(user):
        raise PermissionDenied


@login_required
def review_list(request):
    _reviewer_only(request.user)
    assignments = selectors.assignments_for_reviewer(request.user).order_by("submitted_at", "-assigned_at")
    return render(request, "titles/portal/review_list.html", {"assignments": assignments})


@login_required
def review_detail(request, pk):
    _reviewer_only(request.user)
    assignment = get_scoped_or_404(selectors.assignments_for_reviewer(request.user), request.user, pk=pk)
    app = assignment.application
    current = app.revisions.order_by("-number").first()
    form = ReviewScoreForm(request.POST or None, criteria=app.system.criteria.all() if app.system else [])
    if request.method == "POST":
        try:
            if not form.is_valid():
                raise TransitionError(_("评分未提交，请修改标出的项目。"))
            review_submit(
                assignment=assignment, scores=form.scores(), comment=form.cleaned_data["comment"], by=request.user
            )
        except TransitionError as exc:
            messages.error(request, str(exc))
            return render(request, "titles/portal/review_detail.html", _context(assignment, current, form), status=400)
        messages.success(request, _("评分已提交。"))
        return redirect("titles:review_list")
    return render(request, "titles/portal/review_detail.html", _context(assignment, current, None))


def _context(assignment, current, form):
    app = assignment.application
    criteria = list(app.system.criteria.all()) if app.system else []
    given = {s.criterion_id: s.points for s in assignment.scores.all()}
    snap_items = {i["criterion"]: i for i in (current.snapshot.get("items", []) if current else [])}
    rows = []
    for crit in criteria:
        field = form[f"score_{crit.pk}"] if form else None
        value = field.value() if field else given.get(crit.pk, "")
        rows.append({"crit": crit, "item": snap_items.get(crit.pk), "value": value, "errors": field.errors if field else []})
    seen = assignment.revision
    changes = (
        revision_changes(seen.snapshot, current.snapshot) if seen and current and seen.number < current.number else []
    )
    attachment_ids = [a["id"] for a in (current.snapshot.get("attachments", []) if current else [])]
    return {
        "assignment": assignment,
        "app": app,
        "current": current,
        "rows": rows,
        "changes": changes,
        "rescore_needed": bool(seen and current and seen.number < current.number),
        "attachments": app.attachments.filter(pk__in=attachment_ids),
        # the unit's pairing work counts in the score (结对帮扶); visible with the assigned application
        "pairings": Pairing.objects.filter(unit=app.unit).select_related("partner").prefetch_related("records"),
        "can_score": app.status == AppStatus.ASSESSING,
        "comment": form["comment"].value() if form else assignment.comment,
    }
