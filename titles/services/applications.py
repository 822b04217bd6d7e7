from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.files import validate_document
from core.scoping import unit_worker
from core.workflow import TransitionError, run_transition

from ..models import (
    ApplicationAttachment,
    ApplicationRevision,
    AppStatus,
    SelfAssessmentItem,
    TitleApplication,
)
from . import fresh, parse_points
from .catalog import evaluation_system_for


@transaction.atomic
def application_create(*, unit, category, level, year: int, by) -> TitleApplication:
    if not unit_worker(by, unit):
        raise TransitionError(_("您无权为该单位申报"))
    system = evaluation_system_for(unit=unit, category=category, year=year)
    if system is None:
        raise TransitionError(
            _("%(year)d年度“%(cat)s”尚未发布测评体系，暂不能申报") % {"year": year, "cat": category.name}
        )
    try:
        with transaction.atomic():
            app = TitleApplication.objects.create(
                unit=unit, category=category, level=level, year=year, system=system, created_by=by
            )
    except IntegrityError:
        raise TransitionError(_("该单位本年度已有同类别同级别的申报")) from None
    SelfAssessmentItem.objects.bulk_create(
        [SelfAssessmentItem(application=app, criterion=c) for c in system.criteria.all()]
    )
    return app


def _require_editable(app: TitleApplication, by):
    if not unit_worker(by, app.unit):
        raise TransitionError(_("您无权修改该申报"))
    if not app.editable:
        raise TransitionError(_("申报已提交，当前状态“%(s)s”下不能修改") % {"s": app.get_status_display()})


@transaction.atomic
def application_save_items(*, application: TitleApplication, items: dict, summary: str | None = None, by) -> None:
    """items: {criterion_id: (claimed_points, description)}; points within each max."""
    _require_editable(application, by)
    rows = {i.criterion_id: i for i in application.items.select_related("criterion")}
    errors = []
    for crit_id, (points, description) in items.items():
        item = rows.get(int(crit_id)) if str(crit_id).isdigit() else None
        if item is None:
            continue
        try:
            value = parse_points(item.criterion, points, self_assessed=True, required=False)
        except TransitionError as exc:
            errors.append(str(exc))
            continue
        item.claimed_points, item.description = value, (description or "").strip()
    if errors:
        raise TransitionError("；".join(errors))
    SelfAssessmentItem.objects.bulk_update(rows.values(), ["claimed_points", "description"])
    if summary is not None:
        application.summary = summary.strip()
        application.save(update_fields=["summary", "updated_at"])


@transaction.atomic
def attachment_add(*, application: TitleApplication, file, name: str = "", by) -> ApplicationAttachment:
    _require_editable(application, by)
    validate_document(file)
    return ApplicationAttachment.objects.create(
        application=application, file=file, name=(name or file.name)[:200], uploaded_by=by
    )


@transaction.atomic
def attachment_remove(*, attachment: ApplicationAttachment, by) -> None:
    _require_editable(attachment.application, by)
    attachment.removed = True
    attachment.save(update_fields=["removed"])


def _snapshot(app: TitleApplication) -> dict:
    return {
        "summary": app.summary,
        "items": [
            {
                "criterion": i.criterion_id,
                "code": i.criterion.code,
                "name": i.criterion.name,
                "max": str(i.criterion.max_points),
                "claimed": str(i.claimed_points),
                "description": i.description,
            }
            for i in app.items.select_related("criterion")
        ],
        "attachments": [{"id": a.pk, "name": a.name} for a in app.attachments.filter(removed=False)],
    }


@transaction.atomic
def application_submit(*, application: TitleApplication, by) -> ApplicationRevision:
    """Submit (or resubmit after 退回): a new revision snapshots what was submitted."""
    app = TitleApplication.objects.select_for_update(of=("self",)).get(pk=application.pk)
    if not app.editable:
        raise TransitionError(_("当前状态“%(s)s”下不能提交") % {"s": app.get_status_display()})
    missing = [i.criterion.code for i in app.items.select_related("criterion") if not i.description.strip()]
    if missing:
        raise TransitionError(_("以下测评项目尚未填写工作情况说明：%(codes)s") % {"codes": "、".join(missing)})
    run_transition(app, "submit", by=by, comment=_("第%(n)d版") % {"n": app.revision + 1})
    app.revision += 1
    app.submitted_at = timezone.now()
    app.save(update_fields=["revision", "submitted_at", "updated_at"])
    application.refresh_from_db()
    return ApplicationRevision.objects.create(
        application=app, number=app.revision, snapshot=_snapshot(app), submitted_by=by
    )


@transaction.atomic
def application_return(*, application: TitleApplication, reason: str, by) -> None:
    if not reason.strip():
        raise TransitionError(_("退回时请填写原因"))
    run_transition(fresh(application), "return_for_changes", by=by, comment=reason.strip())
    application.refresh_from_db()


@transaction.atomic
def application_start_assessment(*, application: TitleApplication, by) -> None:
    run_transition(fresh(application), "start_assessment", by=by)
    application.refresh_from_db()


@transaction.atomic
def application_reject(*, application: TitleApplication, reason: str, by) -> None:
    if not reason.strip():
        raise TransitionError(_("请填写未通过原因"))
    run_transition(fresh(application), "reject", by=by, comment=reason.strip())
    application.refresh_from_db()


def revision_changes(old: dict | None, new: dict) -> list[str]:
    """What changed between two submitted versions, in Chinese, for reviewers."""
    if not old:
        return []
    out = []
    if (old.get("summary") or "") != (new.get("summary") or ""):
        out.append(_("创建工作简述已修改"))
    before = {i["criterion"]: i for i in old.get("items", [])}
    for item in new.get("items", []):
        prev = before.get(item["criterion"])
        if prev is None:
            out.append(_("新增测评项目 %(code)s") % {"code": item["code"]})
            continue
        parts = []
        if Decimal(prev["claimed"]) != Decimal(item["claimed"]):
            parts.append(_("自评分 %(a)s → %(b)s") % {"a": prev["claimed"], "b": item["claimed"]})
        if prev["description"] != item["description"]:
            parts.append(_("说明已修改"))
        if parts:
            out.append(f"{item['code']} {item['name']}：" + "，".join(parts))
    old_att = {a["id"]: a["name"] for a in old.get("attachments", [])}
    new_att = {a["id"]: a["name"] for a in new.get("attachments", [])}
    out += [_("新增附件：%(n)s") % {"n": n} for i, n in new_att.items() if i not in old_att]
    out += [_("移除附件：%(n)s") % {"n": n} for i, n in old_att.items() if i not in new_att]
    return out


def application_status_counts(qs) -> dict:
    from django.db.models import Count

    rows = qs.order_by().values("status").annotate(n=Count("pk"))
    counts = {s: 0 for s in AppStatus.values}
    counts.update({r["status"]: r["n"] for r in rows})
    return counts
