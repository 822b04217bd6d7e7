"""任务分解: give an indicator to one lead unit and any co-responsible units with a
deadline — one at a time (admin form) or from a 目标任务分解表 .xlsx."""

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from core.imports import ImportRejected, RowErrors
from core.scoping import scoped
from core.workflow import TransitionError
from core.xlsx import clean_text, open_workbook, parse_date, read_table
from units.models import Unit

from ..models import AssignmentRole, Indicator, Task, TaskAssignment
from .common import error_text, log_import, plain_text, split_names

IMPORT_KIND = "campaigns.decomposition"
HEADERS = {
    "code": ("指标编号", "编号", "测评标准编号", "序号"),
    "lead": ("牵头单位", "牵头部门"),
    "co": ("责任单位", "配合单位", "责任部门", "配合部门"),
    "deadline": ("完成时限", "截止日期", "完成时间", "时限"),
    "note": ("工作要求", "备注"),
}


@transaction.atomic
def task_assign(*, indicator: Indicator, lead: Unit, co_units, deadline: dt.date, note: str | None = None, by) -> Task:
    """Create or update the task of an indicator so that exactly `lead` and `co_units`
    are responsible. A unit that has already handed in evidence cannot be removed."""
    if indicator.level != Indicator.Level.STANDARD:
        raise TransitionError(_("只能把第三级测评标准分解为任务"))
    co_units = [u for u in dict.fromkeys(co_units) if u.pk != lead.pk]
    task = Task.objects.filter(indicator=indicator).first()
    if task is None:
        task = Task(indicator=indicator)
    task.deadline = deadline
    if note is not None:
        task.note = note
    task._history_user = by
    task.save()
    wanted = {lead.pk: AssignmentRole.LEAD, **{u.pk: AssignmentRole.CO for u in co_units}}
    current = {a.unit_id: a for a in task.assignments.all()}
    removed = [a for unit_id, a in current.items() if unit_id not in wanted]
    blocked = [a for a in removed if a.evidence.exists()]
    if blocked:
        names = "、".join(a.unit.name for a in blocked)
        raise TransitionError(_("单位“%(names)s”已提交佐证材料，不能从任务中移除") % {"names": names})
    for a in removed:
        a._history_user = by
        a.delete()
    # Demote before promoting, so that the one-lead constraint holds at every step.
    changed = [a for uid, a in current.items() if uid in wanted and a.role != wanted[uid]]
    for a in sorted(changed, key=lambda a: wanted[a.unit_id] == AssignmentRole.LEAD):
        a.role = wanted[a.unit_id]
        a._history_user = by
        a.save(update_fields=["role"])
    for unit_id, role in wanted.items():
        if unit_id not in current:
            a = TaskAssignment(task=task, unit_id=unit_id, role=role)
            a._history_user = by
            a.save()
    return task


@dataclass
class ParsedTask:
    row: int
    code: str
    indicator: Indicator | None = None
    lead: Unit | None = None
    co_units: list = field(default_factory=list)
    deadline: dt.date | None = None
    note: str | None = None
    exists: bool = False
    errors: list[str] = field(default_factory=list)


@dataclass
class DecompositionPreview:
    rows: list[ParsedTask]
    errors: RowErrors

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def n_new(self) -> int:
        return sum(1 for r in self.rows if not r.exists)

    @property
    def n_update(self) -> int:
        return sum(1 for r in self.rows if r.exists)


class _UnitLookup:
    """Units by name or credit code, limited to what the importing user may see."""

    def __init__(self, user, keys: set[str]):
        units = scoped(Unit.objects.select_related("region"), user).filter(
            Q(name__in=keys) | Q(credit_code__in=keys), is_active=True
        )
        self.by_code, self.by_name = {}, {}
        for u in units:
            if u.credit_code:
                self.by_code[u.credit_code] = u
            self.by_name.setdefault(u.name, []).append(u)

    def get(self, key: str) -> Unit:
        if key in self.by_code:
            return self.by_code[key]
        found = self.by_name.get(key, [])
        if not found:
            raise ValidationError(_("找不到单位“%(v)s”（或不在您的管辖范围内）") % {"v": key})
        if len(found) > 1:
            raise ValidationError(_("单位名称“%(v)s”不唯一，请改填统一社会信用代码") % {"v": key})
        return found[0]


def decomposition_import_parse(*, framework, file, user) -> DecompositionPreview:
    wb = open_workbook(file)
    table = read_table(wb.worksheets[0], HEADERS, required=("code", "lead", "deadline"))
    errors = RowErrors()
    indicators = {i.code: i for i in Indicator.objects.filter(framework=framework)}
    tasks = {t.indicator_id: t for t in Task.objects.filter(indicator__framework=framework)}
    with_evidence = set(
        TaskAssignment.objects.filter(task__indicator__framework=framework, evidence__isnull=False)
        .values_list("task__indicator_id", "unit_id")
        .distinct()
    )
    keys = set()
    for _number, raw in table.rows:
        keys.update(split_names(raw.get("lead")))
        keys.update(split_names(raw.get("co")))
    units = _UnitLookup(user, keys)
    code_l, lead_l, co_l, deadline_l = _("指标编号"), _("牵头单位"), _("责任单位"), _("完成时限")
    rows, seen = [], {}
    for number, raw in table.rows:
        parsed = ParsedTask(row=number, code=clean_text(raw.get("code")).rstrip("."))

        def fail(column, message, parsed=parsed, number=number):
            errors.add(number, column, message)
            parsed.errors.append(f"{column}：{error_text(message)}")

        indicator = indicators.get(parsed.code)
        if not parsed.code:
            fail(code_l, _("不能为空"))
        elif parsed.code in seen:
            fail(code_l, _("指标编号“%(v)s”重复（与第%(row)d行相同）") % {"v": parsed.code, "row": seen[parsed.code]})
        elif indicator is None:
            fail(code_l, _("指标编号“%(v)s”在测评体系中不存在") % {"v": parsed.code})
        elif indicator.level != Indicator.Level.STANDARD:
            fail(code_l, _("“%(v)s”不是第三级测评标准，不能分解") % {"v": parsed.code})
        else:
            seen[parsed.code] = number
            parsed.indicator = indicator
            parsed.exists = indicator.pk in tasks
        lead_names = split_names(raw.get("lead"))
        if not lead_names:
            fail(lead_l, _("不能为空"))
        elif len(lead_names) > 1:
            fail(lead_l, _("牵头单位只能有一个"))
        else:
            try:
                parsed.lead = units.get(lead_names[0])
            except ValidationError as exc:
                fail(lead_l, exc)
        for name in split_names(raw.get("co")):
            try:
                unit = units.get(name)
            except ValidationError as exc:
                fail(co_l, exc)
                continue
            if parsed.lead and unit.pk == parsed.lead.pk:
                fail(co_l, _("“%(v)s”已是牵头单位") % {"v": name})
            elif unit not in parsed.co_units:
                parsed.co_units.append(unit)
        if clean_text(raw.get("deadline")) == "":
            fail(deadline_l, _("不能为空"))
        else:
            try:
                parsed.deadline = parse_date(raw.get("deadline"))
            except ValidationError as exc:
                fail(deadline_l, exc)
        if "note" in table.columns:
            parsed.note = plain_text(raw.get("note"))
        if parsed.indicator and parsed.lead and parsed.exists:
            keep = {parsed.lead.pk, *(u.pk for u in parsed.co_units)}
            dropped = [uid for (iid, uid) in with_evidence if iid == parsed.indicator.pk and uid not in keep]
            if dropped:
                names = "、".join(Unit.objects.filter(pk__in=dropped).values_list("name", flat=True))
                fail(co_l, _("单位“%(v)s”已提交佐证材料，不能从任务中移除") % {"v": names})
        rows.append(parsed)
    if not rows:
        errors.add(table.header_row, _("表格"), _("没有数据行"))
    return DecompositionPreview(rows=rows, errors=errors)


def decomposition_import_apply(*, framework, file, file_name: str, by) -> DecompositionPreview:
    preview = decomposition_import_parse(framework=framework, file=file, user=by)
    if not preview.ok:
        log_import(
            kind=IMPORT_KIND, file=file, name=file_name, rows=len(preview.rows), ok=False, errors=preview.errors, by=by
        )
        raise ImportRejected(preview.errors)
    with transaction.atomic():
        for r in preview.rows:
            task_assign(
                indicator=r.indicator, lead=r.lead, co_units=r.co_units, deadline=r.deadline, note=r.note, by=by
            )
        log_import(
            kind=IMPORT_KIND,
            file=file,
            name=file_name,
            rows=len(preview.rows),
            created=preview.n_new,
            updated=preview.n_update,
            ok=True,
            by=by,
        )
    return preview
