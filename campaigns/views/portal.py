"""Liaison portal: my units' tasks and evidence, rectification items, activities;
private downloads of evidence files and photos."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.files import private_file_response
from core.scoping import can_write, get_scoped_or_404, is_unit_liaison, scoped
from core.workflow import TransitionError
from units.selectors import liaison_units

from .. import selectors
from ..forms import ActivityForm, EvidenceForm, RectificationAnswerForm
from ..models import ActivityPhoto, Campaign, EvidenceFile, InspectionPhoto, RectificationResponse, TaskStatus
from ..services.activities import activity_record
from ..services.evidence import evidence_save
from ..services.inspections import rectification_answer


def _is_liaison_of(user, unit) -> bool:
    """Only the unit's own liaison writes its evidence and answers; staff and officials
    read these pages (and staff review in the admin)."""
    return can_write(user) and is_unit_liaison(user, unit)


def _form_errors(form, exc):
    form.add_error(None, "；".join(exc.messages) if isinstance(exc, ValidationError) else str(exc))


@login_required
def task_list(request):
    from django.db.models import Count

    today = timezone.localdate()
    mine = selectors.assignments_for(request.user, today)
    campaigns = list(
        Campaign.objects.filter(pk__in=mine.values("task__indicator__framework__campaign"))
        .order_by("-year", "name")
        .values_list("pk", "name")
    )
    campaign = request.GET.get("campaign", "")
    if campaign.isdigit():
        mine = mine.filter(task__indicator__framework__campaign_id=campaign)
    # One aggregate query for the counts shown beside the status filter.
    counts = dict(mine.order_by().values_list("status").annotate(n=Count("pk")))
    qs = mine.order_by("task__deadline", "task__indicator__sort_key")
    status = request.GET.get("status", "")
    if status in TaskStatus.values:
        qs = qs.filter(status=status)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "statuses": [(v, label, counts.get(v, 0)) for v, label in TaskStatus.choices],
        "total": sum(counts.values()),
        "status": status,
        "campaigns": campaigns,
        "campaign": campaign,
        "today": today,
    }
    return render(request, "campaigns/portal/task_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def task_detail(request, pk: int):
    action = "submit" if request.method == "POST" else "view"
    assignment = get_scoped_or_404(selectors.assignments_for(request.user), request.user, action=action, pk=pk)
    form = EvidenceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            evidence_save(
                assignment=assignment,
                text=form.cleaned_data["text"],
                links=form.cleaned_data["links"],
                files=form.cleaned_data["files"],
                submit="submit" in request.POST,
                by=request.user,
            )
        except (TransitionError, ValidationError) as exc:
            _form_errors(form, exc)
        else:
            if "submit" in request.POST:
                messages.success(request, _("佐证材料已提交，等待文明办审核"))
            else:
                messages.success(request, _("草稿已保存"))
            return redirect("campaigns:task_detail", pk=assignment.pk)
    history = list(selectors.evidence_for(request.user).filter(assignment=assignment).order_by("-created_at", "-pk"))
    latest = history[0] if history else None
    draft = latest if latest and latest.status == "draft" else None
    if request.method == "GET" and latest and latest.status in ("draft", "returned"):
        # A resubmission starts from what was handed in last time.
        form = EvidenceForm(initial={"text": latest.text, "links": latest.links})
    writable = _is_liaison_of(request.user, assignment.unit) and assignment.status not in (
        TaskStatus.SUBMITTED,
        TaskStatus.ACCEPTED,
    )
    co_units = [a.unit for a in assignment.task.assignments.select_related("unit") if a.pk != assignment.pk]
    context = {
        "a": assignment,
        "indicator": assignment.task.indicator,
        "history": history,
        "draft": draft,
        "form": form,
        "writable": writable,
        "others": co_units,
        "returned": next((e for e in history if e.status == "returned"), None),
    }
    return render(request, "campaigns/portal/task_detail.html", context)


@login_required
def evidence_file(request, pk: int):
    f = get_scoped_or_404(EvidenceFile.objects.all(), request.user, pk=pk)
    return private_file_response(f.file, download_name=f.name)


@login_required
def rectification_list(request):
    qs = selectors.rectifications_for(request.user).order_by("status", "deadline")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "campaigns/portal/rectification_list.html", {"page": page, "today": timezone.localdate()})


@login_required
@require_http_methods(["GET", "POST"])
def rectification_detail(request, pk: int):
    action = "answer" if request.method == "POST" else "view"
    item = get_scoped_or_404(selectors.rectifications_for(request.user), request.user, action=action, pk=pk)
    form = RectificationAnswerForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            rectification_answer(
                rectification=item, text=form.cleaned_data["text"], file=form.cleaned_data["file"], by=request.user
            )
        except (TransitionError, ValidationError) as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("整改情况已反馈，等待文明办销号"))
            return redirect("campaigns:rectification_detail", pk=item.pk)
    # Whoever may see the item may see the photos of the inspection behind it.
    photos = InspectionPhoto.objects.filter(inspection=item.inspection_id)
    context = {
        "item": item,
        "form": form,
        "photos": photos,
        "writable": _is_liaison_of(request.user, item.unit) and item.status == item.Status.OPEN,
    }
    return render(request, "campaigns/portal/rectification_detail.html", context)


@login_required
def rectification_file(request, pk: int):
    r = get_scoped_or_404(RectificationResponse.objects.all(), request.user, pk=pk)
    return private_file_response(r.file)


@login_required
def inspection_photo(request, pk: int):
    """Photos of an inspection: office staff of the region, or the liaison of a unit
    that was given a rectification item from it."""
    from django.db.models import Q

    photo = InspectionPhoto.objects.filter(pk=pk).select_related("inspection").first()
    visible = scoped(InspectionPhoto.objects.all(), request.user).filter(pk=pk).exists()
    if photo and not visible:
        visible = selectors.rectifications_for(request.user).filter(Q(inspection=photo.inspection_id)).exists()
    if not photo or not visible:
        from django.http import Http404

        raise Http404
    return private_file_response(photo.file)


@login_required
def activity_list(request):
    qs = selectors.activities_for(request.user).order_by("-date", "-pk")
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(request, "campaigns/portal/activity_list.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def activity_create(request):
    if not can_write(request.user):
        raise PermissionDenied
    units = liaison_units(request.user)
    if not units.exists():
        raise PermissionDenied
    campaign_ids = set()
    for unit in units:
        campaign_ids.update(selectors.campaigns_open_to_unit(unit).values_list("pk", flat=True))
    campaigns = Campaign.objects.filter(pk__in=campaign_ids).order_by("-year", "name")
    form = ActivityForm(request.POST or None, request.FILES or None, units=units, campaigns=campaigns)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            activity_record(
                unit=data["unit"],
                campaign=data["campaign"],
                title=data["title"],
                kind=data["kind"],
                date=data["date"],
                place=data["place"],
                participants=data["participants"],
                description=data["description"],
                photos=data["photos"],
                by=request.user,
            )
        except (TransitionError, ValidationError) as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("活动记录已保存"))
            return redirect("campaigns:activity_list")
    return render(request, "campaigns/portal/activity_form.html", {"form": form})


@login_required
def activity_photo(request, pk: int):
    photo = get_scoped_or_404(ActivityPhoto.objects.all(), request.user, pk=pk)
    return private_file_response(photo.file)
