from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.imports import ImportRejected, RowErrors
from core.xlsx import clean_text, open_workbook, read_table

from ..models import Criterion, EvaluationSystem

CRITERIA_HEADERS = {
    "code": ("编号", "序号", "代码"),
    "name": ("测评内容", "测评项目", "名称", "指标"),
    "max_points": ("分值", "满分", "最高分"),
    "notes": ("评分说明", "备注", "说明", "评分标准"),
}


def evaluation_system_import(*, system: EvaluationSystem, file, by) -> dict:
    """Read criteria (编号, 测评内容, 分值, 评分说明) from an .xlsx; validate every row,
    then replace-or-update all at once. Existing codes are updated, new ones added."""
    wb = open_workbook(file)
    table = read_table(wb.worksheets[0], CRITERIA_HEADERS, required=("code", "name", "max_points"))
    errors, parsed, seen = RowErrors(), [], set()
    for number, row in table.rows:
        code = clean_text(row.get("code"))
        name = clean_text(row.get("name"))
        if not code:
            errors.add(number, _("编号"), _("不能为空"))
        elif code in seen:
            errors.add(number, _("编号"), _("与前面的行重复"))
        seen.add(code)
        if not name:
            errors.add(number, _("测评内容"), _("不能为空"))
        try:
            points = Decimal(clean_text(row.get("max_points")))
            if points <= 0 or points > 1000:
                raise InvalidOperation
        except (InvalidOperation, ValueError):
            errors.add(number, _("分值"), _("应为大于0的数字"))
            points = None
        parsed.append((code, name, points, clean_text(row.get("notes"))))
    if errors:
        raise ImportRejected(errors)
    if not parsed:
        raise ValidationError(_("表格中没有测评项目"))
    created = updated = 0
    with transaction.atomic():
        existing = {c.code: c for c in system.criteria.all()}
        for order, (code, name, points, notes) in enumerate(parsed, start=1):
            crit = existing.get(code)
            if crit is None:
                Criterion.objects.create(
                    system=system, code=code, name=name, max_points=points, notes=notes, order=order
                )
                created += 1
            else:
                crit.name, crit.max_points, crit.notes, crit.order = name, points, notes, order
                crit.save()
                updated += 1
    return {"created": created, "updated": updated}


def evaluation_system_for(*, unit, category, year) -> EvaluationSystem | None:
    """The system of the nearest office above the unit (longest region-code match)."""
    systems = EvaluationSystem.objects.filter(category=category, year=year).select_related("region")
    matching = [s for s in systems if unit.region.code.startswith(s.region.code)]
    return max(matching, key=lambda s: len(s.region.code), default=None)
