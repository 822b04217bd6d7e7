"""Portal pages: liaisons nominate from their unit and follow their nominations;
reviewers score what is assigned to them; staff and officials see the ranking."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.files import private_file_response
from core.roles import Role, user_roles
from core.scoping import get_scoped_or_404, scoped
from core.workflow import TransitionError, state_logs
from units.selectors import liaison_units

from .. import selectors, services
from ..forms import ReviewForm, UnitNominationForm
from ..models import NominationFile, NominationSource, NominationStatus


@login_required
def index(request):
    roles = user_roles(request.user)
    context = {"is_liaison": Role.LIAISON in roles, "is_reviewer": Role.REVIEWER in roles}
    if Role.LIAISON in roles:
        units = list(liaison_units(request.user).select_related("region"))
        seen, rounds = set(), []
        for unit in units:
            for r in selectors.rounds_open_for_unit(unit):
                if r.pk not in seen:
                    seen.add(r.pk)
                    rounds.append(r)
        context["open_rounds"] = rounds
        context["nominations"] = selectors.liaison_nominations(request.user)[:200]
    if Role.REVIEWER in roles:
        context["assignments"] = selectors.assignments_for_reviewer(request.user).order_by(
            "submitted_at", "nomination__category"
        )[:500]
    if roles & {Role.STAFF, Role.OFFICIAL} or request.user.is_superuser:
        context["staff_rounds"] = selectors.rounds_for(request.user)[:50]
    return render(request, "exemplars/portal/index.html", context)


@login_required
def nominate(request, round_pk: int):
    units = liaison_units(request.user)
    if not units.exists():
        raise PermissionDenied
    open_ids = {r.pk for unit in units for r in selectors.rounds_open_for_unit(unit)}
    if round_pk not in open_ids:
        raise Http404
    selection_round = (
        selectors.rounds_open_for_unit(units.first()).model.objects.select_related("campaign__region").get(pk=round_pk)
    )
    form = UnitNominationForm(request.POST or None, request.FILES or None, selection_round=selection_round, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            nomination = services.nomination_submit(
                selection_round=selection_round,
                source=NominationSource.UNIT,
                data=form.data_for_service(),
                files=form.files_for_service(),
                unit=form.cleaned_data["unit"],
                by=request.user,
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        except (TransitionError, PermissionDenied) as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("已提交推荐“%(n)s”，等待文明办初审") % {"n": nomination.nominee_name})
            return redirect("exemplars:nomination", pk=nomination.pk)
    return render(request, "exemplars/portal/nominate.html", {"form": form, "round": selection_round})


@login_required
def nomination_detail(request, pk: int):
    nomination = get_scoped_or_404(selectors.nominations_for(request.user), request.user, pk=pk)
    roles = user_roles(request.user)
    # Reviewers see the deeds and evidence, not who nominated or the log of the office.
    show_office_view = bool(roles - {Role.REVIEWER}) or request.user.is_superuser
    context = {
        "n": nomination,
        "files": nomination.files.all(),
        "logs": state_logs(nomination) if show_office_view else [],
        "show_office_view": show_office_view,
    }
    return render(request, "exemplars/portal/nomination.html", context)


@login_required
def nomination_file(request, pk: int):
    record = get_scoped_or_404(NominationFile.objects.select_related("nomination"), request.user, pk=pk)
    return private_file_response(record.file, download_name=record.original_name or None)


@login_required
def review(request, pk: int):
    assignment = get_scoped_or_404(selectors.assignments_for_reviewer(request.user), request.user, pk=pk)
    nomination = assignment.nomination
    initial = {"score": assignment.score, "vote": assignment.vote, "comment": assignment.comment}
    form = ReviewForm(request.POST or None, initial=initial)
    editable = nomination.status == NominationStatus.REVIEWING
    if request.method == "POST" and form.is_valid():
        try:
            services.review_submit(assignment=assignment, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        except TransitionError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("已保存对“%(n)s”的评审意见") % {"n": nomination.nominee_name})
            return redirect("exemplars:index")
    context = {"a": assignment, "n": nomination, "form": form, "files": nomination.files.all(), "editable": editable}
    return render(request, "exemplars/portal/review.html", context)


@login_required
def ranking(request, round_pk: int):
    roles = user_roles(request.user)
    if not (roles & {Role.STAFF, Role.OFFICIAL} or request.user.is_superuser):
        raise Http404
    selection_round = get_object_or_404(selectors.rounds_for(request.user), pk=round_pk)
    visible = scoped(selection_round.nominations.all(), request.user)
    grouped = selectors.ranking(selection_round, visible)
    context = {"round": selection_round, "grouped": grouped, "today": timezone.localdate()}
    return render(request, "exemplars/portal/ranking.html", context)
