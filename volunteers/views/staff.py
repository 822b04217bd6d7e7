"""Office staff (and officials, read-only): volunteer roster with filters, masked
personal data with logged reveals, roster export, imports, teams, service requests."""

from pathlib import Path

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.imports import ImportRejected, discard_import_file, store_import_file
from core.jobs import job_send_if_waiting, job_start
from core.models import ImportLog, JobRun
from core.privacy import can_reveal, log_personal_data, mask_id_number, mask_phone
from core.roles import Role
from core.scoping import can_write, get_scoped_or_404, regions_visible, user_region_code
from core.xlsx import Sheet, build_workbook, xlsx_response
from units.models import Region

from ..forms import ImportForm, VolunteerFilterForm
from ..selectors import teams_for, user_display_name, volunteers_for
from ..services.imports import IMPORTERS
from .common import OFFICE, roles_required

PAGE = 50
EXPORT_LIMIT = 50_000
INLINE_IMPORT_BYTES = 256 * 1024


def _filtered(request):
    user = request.user
    form = VolunteerFilterForm(
        request.GET or None,
        regions=regions_visible(user).filter(level__lte=3).order_by("code"),
        teams=teams_for(user).filter(is_active=True).order_by("name"),
    )
    qs = volunteers_for(user)
    if form.is_valid():
        d = form.cleaned_data
        if d["q"]:
            q = d["q"].strip()
            qs = qs.filter(id_number=q.upper()) if len(q) == 18 else qs.filter(name__startswith=q)
        if d["region"]:
            qs = qs.filter(region__code__startswith=d["region"].code)
        if d["team"]:
            qs = qs.filter(team=d["team"])
        if d["political_status"]:
            qs = qs.filter(political_status=d["political_status"])
        if d["star"] is not None:
            qs = qs.filter(star=d["star"])
        if d["status"]:
            qs = qs.filter(status=d["status"])
        if d["registered_from"]:
            qs = qs.filter(registered_at__date__gte=d["registered_from"])
        if d["registered_to"]:
            qs = qs.filter(registered_at__date__lte=d["registered_to"])
    return form, qs


@roles_required(*OFFICE)
def volunteer_list(request):
    form, qs = _filtered(request)
    try:
        page = max(1, int(request.GET.get("page", 1)))
    except ValueError:
        page = 1
    # No COUNT(*) over a province-sized table: fetch one row more to know if a next page exists.
    rows = list(qs.order_by("-registered_at", "-pk")[(page - 1) * PAGE : page * PAGE + 1])
    has_next = len(rows) > PAGE
    rows = rows[:PAGE]
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "form": form,
        "rows": [(v, mask_id_number(v.id_number), mask_phone(v.phone)) for v in rows],
        "page": page,
        "has_next": has_next,
        "query": params.urlencode(),
        "can_reveal": can_reveal(request.user),
        "can_write": can_write(request.user),
    }
    return render(request, "volunteers/staff/volunteer_list.html", context)


@roles_required(*OFFICE, Role.TEAM_LEADER)
def volunteer_detail(request, pk: int):
    user = request.user
    volunteer = get_scoped_or_404(volunteers_for(user), user, pk=pk)
    revealed = request.method == "POST" and request.POST.get("reveal") == "1"
    if revealed:
        if not can_reveal(user):
            raise PermissionDenied
        log_personal_data(
            user=user,
            action="reveal",
            target=f"志愿者 {volunteer.name}（#{volunteer.pk}）",
            detail="身份证号、手机号码",
            request=request,
        )
    records = volunteer.records.select_related("event", "team").order_by("-service_date")[:50]
    return render(
        request,
        "volunteers/staff/volunteer_detail.html",
        {
            "v": volunteer,
            "id_number": volunteer.id_number if revealed else mask_id_number(volunteer.id_number),
            "phone": volunteer.phone if revealed else mask_phone(volunteer.phone),
            "revealed": revealed,
            "can_reveal": can_reveal(user),
            "records": records,
        },
    )


@roles_required(*OFFICE)
def volunteer_export(request):
    user = request.user
    _form, qs = _filtered(request)
    plain = request.GET.get("plain") == "1"
    if plain and not can_reveal(user):
        raise PermissionDenied
    rows = list(qs.order_by("region__code", "team__name", "pk")[: EXPORT_LIMIT + 1])
    if len(rows) > EXPORT_LIMIT:
        messages.error(request, _("导出超过%(n)d条，请缩小筛选范围后再导出") % {"n": EXPORT_LIMIT})
        return redirect(f"{request.path.replace('export/', '')}?{request.GET.urlencode()}")
    headers = [
        "姓名",
        "性别",
        "身份证号",
        "手机号码",
        "政治面貌",
        "所属区划",
        "所属组织",
        "累计服务时长(小时)",
        "星级",
        "状态",
        "注册时间",
    ]
    data = [
        [
            v.name,
            v.sex,
            v.id_number if plain else mask_id_number(v.id_number),
            v.phone if plain else mask_phone(v.phone),
            v.political_status,
            v.region.name,
            v.team.name if v.team_id else "",
            float(v.total_hours),
            v.star,
            v.get_status_display(),
            f"{timezone.localtime(v.registered_at):%Y-%m-%d}",
        ]
        for v in rows
    ]
    log_personal_data(
        user=user,
        action="export",
        target="志愿者名册",
        count=len(data),
        detail=("明文" if plain else "脱敏") + " " + request.GET.urlencode()[:400],
        request=request,
    )
    content = build_workbook(
        [Sheet(title="志愿者名册", headers=headers, rows=data, widths=[10, 6, 22, 15, 10, 12, 24, 12, 6, 8, 12])]
    )
    return xlsx_response(content, f"志愿者名册-{timezone.localdate():%Y%m%d}.xlsx")


def _store_upload(upload) -> Path:
    return store_import_file(upload, area="volunteers")[1]


@roles_required(Role.STAFF)
def import_start(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    context = {
        "form": form,
        # Jobs and past imports of this user: a running job can be left and found again here.
        "recent_jobs": JobRun.objects.filter(requested_by=request.user, kind__startswith="volunteers.")[:10],
        "recent_logs": ImportLog.objects.filter(user=request.user, kind__startswith="volunteers.")[:10],
    }
    if request.method == "POST" and form.is_valid():
        if not can_write(request.user):
            raise PermissionDenied
        kind, upload = form.cleaned_data["kind"], form.cleaned_data["file"]
        if upload.size > INLINE_IMPORT_BYTES:
            path = _store_upload(upload)
            job = _import_job(request.user, kind, path, upload.name, dry_run=True)
            return redirect("volunteers:import_job", pk=job.pk)
        try:
            result = IMPORTERS[kind](file=upload, user=request.user, dry_run=True)
        except ValidationError as exc:
            form.add_error("file", "；".join(exc.messages))
        except ImportRejected as exc:
            context["errors"] = exc.errors.lines(500)
            context["error_count"] = len(exc.errors)
        else:
            path = _store_upload(upload)
            request.session["volunteers_import"] = {"kind": kind, "path": str(path), "name": upload.name}
            context["preview"] = result.as_dict()
    return render(request, "volunteers/staff/import.html", context)


def _import_job(user, kind, path, name, *, dry_run):
    label = {"volunteers.volunteers": _("志愿者名册"), "volunteers.records": _("服务时长记录")}[kind]
    from ..tasks import import_workbook

    code = user_region_code(user)
    return job_start(
        kind=kind,
        region=Region.objects.filter(code=code).first() if code else None,  # its staff may retry or cancel it
        label=(_("校验%(l)s：%(n)s") if dry_run else _("导入%(l)s：%(n)s")) % {"l": label, "n": name},
        task=import_workbook,
        user=user,
        params={"kind": kind, "path": str(path), "name": name, "dry_run": dry_run},
    )


@require_POST
@roles_required(Role.STAFF, write=True)
def import_confirm(request):
    pending = request.session.get("volunteers_import")
    job_id = request.POST.get("job")
    if job_id:
        job = get_scoped_or_404(JobRun.objects.all(), request.user, pk=job_id)
        pending = {k: job.params[k] for k in ("kind", "path", "name")}
    if not pending:
        messages.error(request, _("没有待确认的导入，请重新上传"))
        return redirect("volunteers:import")
    path = Path(pending["path"])
    if not path.exists():  # refused earlier, or past IMPORT_FILE_RETENTION_DAYS
        request.session.pop("volunteers_import", None)
        messages.error(request, _("上传的文件已失效，请重新上传"))
        return redirect("volunteers:import")
    if job_id or path.stat().st_size > INLINE_IMPORT_BYTES:
        job = _import_job(request.user, pending["kind"], path, pending["name"], dry_run=False)
        return redirect("volunteers:import_job", pk=job.pk)
    with path.open("rb") as raw:
        try:
            result = IMPORTERS[pending["kind"]](file=File(raw, name=pending["name"]), user=request.user)
        except (ImportRejected, ValidationError) as exc:
            lines = exc.errors.lines(20) if isinstance(exc, ImportRejected) else exc.messages
            messages.error(request, _("导入未执行：") + "；".join(lines))
            request.session.pop("volunteers_import", None)
            discard_import_file(path)  # refused: not kept
            return redirect("volunteers:import")
    request.session.pop("volunteers_import", None)
    messages.success(request, _("导入成功：共写入%(n)d行") % {"n": result.created})
    return redirect("volunteers:import")


@roles_required(Role.STAFF)
def import_job(request, pk: int):
    job = get_scoped_or_404(JobRun.objects.all(), request.user, pk=pk)
    if not job.kind.startswith("volunteers."):
        raise PermissionDenied
    job_send_if_waiting(job)
    return render(request, "volunteers/staff/import_job.html", {"job": job, "result": job.result or {}})


@roles_required(*OFFICE, Role.TEAM_LEADER)
def team_tree(request):
    teams = list(teams_for(request.user).prefetch_related("leaders__profile").order_by("region__code", "name"))
    by_parent: dict = {}
    ids = {t.pk for t in teams}
    for t in teams:
        by_parent.setdefault(t.parent_id if t.parent_id in ids else None, []).append(t)
    from django.db.models import Count

    counts = dict(
        volunteers_for(request.user).filter(team__in=ids).order_by().values_list("team").annotate(n=Count("pk"))
    )
    out = []

    def walk(parent, depth):
        for t in by_parent.get(parent, []):
            leaders = "、".join(user_display_name(u) for u in t.leaders.all())
            out.append((t, depth, counts.get(t.pk, 0), leaders))
            walk(t.pk, depth + 1)

    walk(None, 0)
    return render(request, "volunteers/staff/team_tree.html", {"rows": out})
