"""Liaison pages: this year's title work of the user's units."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.files import private_file_response
from core.roles import Role, user_roles
from core.scoping import get_scoped_or_404, scoped, unit_worker
from core.workflow import TransitionError, state_logs
from units.models import Unit, UnitKind
from units.selectors import liaison_units

from .. import selectors
from ..models import (
    ApplicationAttachment,
    CultivationRecommendation,
    MaterialSubmission,
    PairingRecord,
)
from ..services import applications as app_services
from ..services import cultivation as cultivation_services
from ..services import materials as material_services
from ..services import pairing as pairing_services
from ..services.applications import revision_changes
from .forms import (
    AttachmentForm,
    MaterialForm,
    NewApplicationForm,
    PairingForm,
    PairingRecordForm,
    RecommendForm,
    SelfAssessmentForm,
)


def _liaison_only(user):
    if Role.LIAISON not in user_roles(user) and not user.is_superuser:
        raise PermissionDenied


def _error(request, exc):
    messages.error(request, "；".join(getattr(exc, "messages", [str(exc)])))


@login_required
def home(request):
    """What is due this year for each of the liaison's units."""
    _liaison_only(request.user)
    year = timezone.localdate().year
    units = list(liaison_units(request.user).select_related("region"))
    apps = list(
        selectors.unit_applications_for(request.user).filter(year__gte=year - 1).order_by("-year", "unit__name")
    )
    subs = {
        (s.unit_id, s.requirement_id): s
        for s in scoped(MaterialSubmission.objects.all(), request.user).filter(requirement__year=year, unit__in=units)
    }
    recs = set(
        scoped(CultivationRecommendation.objects.all(), request.user)
        .filter(round__year=year, unit__in=units)
        .values_list("unit_id", "category__name")
    )
    systems = selectors.systems_open_for(units, year)
    blocks = []
    for unit in units:
        unit_apps = [a for a in apps if a.unit_id == unit.pk]
        applied = {a.category_id for a in unit_apps if a.year == year}
        materials = [(req, subs.get((unit.pk, req.pk))) for req in selectors.requirements_for_unit(unit, year)]
        blocks.append(
            {
                "unit": unit,
                "round": selectors.open_round_for(unit, year),
                "recommended": sorted(c for u, c in recs if u == unit.pk),
                "applications": unit_apps,
                "not_applied": [s for s in systems.get(unit.pk, []) if s.category_id not in applied],
                "materials": materials,
                "pairings": list(
                    selectors.pairings_for(request.user)
                    .filter(unit=unit)
                    .prefetch_related(Prefetch("records", queryset=PairingRecord.objects.order_by("-date")))
                ),
            }
        )
    context = {
        "year": year,
        "blocks": blocks,
        "new_form": NewApplicationForm(units=liaison_units(request.user)),
        "recommend_form": RecommendForm(),
        "material_form": MaterialForm(),
        "pairing_form": _pairing_form(units),
        "record_form": PairingRecordForm(initial={"date": timezone.localdate()}),
        "today": timezone.localdate(),
    }
    return render(request, "titles/portal/home.html", context)


def _pairing_form(units, data=None):
    form = PairingForm(data)
    regions = {u.region.code[:6] for u in units}
    qs = Unit.objects.filter(kind__in=[UnitKind.VILLAGE, UnitKind.COMMUNITY], is_active=True)
    from django.db.models import Q

    q = Q(pk__in=[])
    for code in regions:
        q |= Q(region__code__startswith=code)
    form.fields["partner"].queryset = qs.filter(q).order_by("name")
    return form


@login_required
@require_POST
def recommend(request, unit_pk):
    unit = get_scoped_or_404(liaison_units(request.user), request.user, action="change", pk=unit_pk)
    form = RecommendForm(request.POST)
    round_ = selectors.open_round_for(unit, timezone.localdate().year)
    if form.is_valid() and round_:
        try:
            cultivation_services.cultivation_recommend(round=round_, unit=unit, by=request.user, **form.cleaned_data)
            messages.success(request, _("已提交培育对象推荐。"))
        except TransitionError as exc:
            _error(request, exc)
    else:
        messages.error(request, _("推荐未提交：请检查填写内容或推荐是否已开始。"))
    return redirect("titles:home")


@login_required
@require_POST
def application_new(request):
    _liaison_only(request.user)
    units = list(liaison_units(request.user))
    form = NewApplicationForm(request.POST, units=liaison_units(request.user))
    if not form.is_valid():
        messages.error(request, "；".join(e for errs in form.errors.values() for e in errs))
        return redirect("titles:home")
    if form.cleaned_data["unit"] not in units:
        raise Http404
    try:
        app = app_services.application_create(by=request.user, **form.cleaned_data)
    except TransitionError as exc:
        _error(request, exc)
        return redirect("titles:home")
    messages.success(request, _("已创建申报草稿，请逐项填写自评。"))
    return redirect("titles:application", pk=app.pk)


def _unit_application(request, pk, *, action="view"):
    """Visible (unit's liaison, staff or official of its region, assigned reviewer) or 404;
    changes only by the unit's side (liaison, or staff covering it), else 403."""
    app = get_scoped_or_404(selectors.applications_for(request.user), request.user, action=action, pk=pk)
    if action != "view" and not unit_worker(request.user, app.unit):
        raise PermissionDenied
    return app


@login_required
def application(request, pk):
    app = _unit_application(request, pk, action="change" if request.method == "POST" else "view")
    items = list(app.items.select_related("criterion"))
    initial = {"summary": app.summary}
    for i in items:
        initial |= {f"points_{i.criterion_id}": i.claimed_points, f"desc_{i.criterion_id}": i.description}
    form = SelfAssessmentForm(request.POST or None, items=items, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            try:
                app_services.application_save_items(
                    application=app, items=form.service_items(), summary=form.cleaned_data["summary"], by=request.user
                )
                if "submit" in request.POST:
                    rev = app_services.application_submit(application=app, by=request.user)
                    messages.success(request, _("已提交（第%(n)d版），请等待审核。") % {"n": rev.number})
                else:
                    messages.success(request, _("草稿已保存。"))
            except TransitionError as exc:
                _error(request, exc)
            return redirect("titles:application", pk=pk)
        messages.error(request, _("自评未保存，请修改标出的项目。"))
    revisions = list(app.revisions.order_by("number"))
    for prev, rev in zip([None, *revisions], revisions, strict=False):
        rev.changes = revision_changes(prev.snapshot if prev else None, rev.snapshot)
    context = {
        "app": app,
        "form": form,
        "attachments": app.attachments.filter(removed=False),
        "attachment_form": AttachmentForm(),
        "logs": state_logs(app),
        "revisions": revisions,
        "pairings": selectors.pairings_for(request.user).filter(unit=app.unit).prefetch_related("records"),
    }
    return render(request, "titles/portal/application.html", context)


@login_required
@require_POST
def attachment_upload(request, pk):
    app = _unit_application(request, pk, action="change")
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            app_services.attachment_add(
                application=app, file=form.cleaned_data["file"], name=form.cleaned_data["name"], by=request.user
            )
            messages.success(request, _("附件已上传。"))
        except TransitionError as exc:
            _error(request, exc)
    else:
        messages.error(request, "；".join(e for errs in form.errors.values() for e in errs))
    return redirect("titles:application", pk=pk)


@login_required
@require_POST
def attachment_remove(request, pk):
    att = get_scoped_or_404(
        ApplicationAttachment.objects.select_related("application__unit__region"), request.user, action="change", pk=pk
    )
    if not unit_worker(request.user, att.application.unit):
        raise PermissionDenied
    try:
        app_services.attachment_remove(attachment=att, by=request.user)
    except TransitionError as exc:
        _error(request, exc)
    return redirect("titles:application", pk=att.application_id)


@login_required
def attachment_download(request, pk):
    """Liaison of the unit, staff of its region, or an assigned reviewer; else 404."""
    att = get_scoped_or_404(ApplicationAttachment.objects.filter(removed=False), request.user, pk=pk)
    return private_file_response(att.file, download_name=_download_name(att.name, att.file.name))


def _download_name(name, stored):
    import os

    ext = os.path.splitext(stored)[1]
    return name if name.lower().endswith(ext) else f"{name}{ext}"


@login_required
@require_POST
def material_upload(request, req_pk, unit_pk):
    unit = get_scoped_or_404(liaison_units(request.user), request.user, action="change", pk=unit_pk)
    requirement = selectors.requirement_for_unit(unit, req_pk)
    if requirement is None:
        raise Http404
    form = MaterialForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            material_services.material_upload(requirement=requirement, unit=unit, by=request.user, **form.cleaned_data)
            messages.success(request, _("“%(n)s”已上传，等待审核。") % {"n": requirement.name})
        except TransitionError as exc:
            _error(request, exc)
    else:
        messages.error(request, "；".join(e for errs in form.errors.values() for e in errs))
    return redirect("titles:home")


@login_required
def material_download(request, pk):
    sub = get_scoped_or_404(MaterialSubmission.objects.all(), request.user, pk=pk)
    return private_file_response(
        sub.file, download_name=_download_name(sub.original_name or sub.requirement.name, sub.file.name)
    )


@login_required
@require_POST
def pairing_new(request, unit_pk):
    unit = get_scoped_or_404(liaison_units(request.user), request.user, action="change", pk=unit_pk)
    form = _pairing_form([unit], request.POST)
    if form.is_valid():
        try:
            pairing_services.pairing_create(unit=unit, by=request.user, **form.cleaned_data)
            messages.success(request, _("结对已登记。"))
        except TransitionError as exc:
            _error(request, exc)
    else:
        messages.error(request, "；".join(e for errs in form.errors.values() for e in errs))
    return redirect("titles:home")


@login_required
@require_POST
def pairing_record(request, pk):
    pairing = get_scoped_or_404(selectors.pairings_for(request.user), request.user, action="change", pk=pk)
    form = PairingRecordForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            pairing_services.pairing_record_add(pairing=pairing, by=request.user, **form.cleaned_data)
            messages.success(request, _("活动记录已保存。"))
        except TransitionError as exc:
            _error(request, exc)
    else:
        messages.error(request, "；".join(e for errs in form.errors.values() for e in errs))
    return redirect("titles:home")


@login_required
def pairing_photo(request, pk):
    record = get_scoped_or_404(PairingRecord.objects.all(), request.user, pk=pk)
    return private_file_response(record.photo)
