"""测评体系 import from .xlsx: parse and validate every row (preview), then write all
or nothing. Rows are matched to existing indicators by code, so importing a corrected
file updates the framework instead of duplicating it."""

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from core.imports import ImportRejected, RowErrors
from core.xlsx import clean_text, open_workbook, read_table

from ..models import EvaluationMethod, Indicator
from .common import error_text, log_import, plain_text

IMPORT_KIND = "campaigns.framework"
CODE_RE = re.compile(r"^\d{1,3}(\.\d{1,3}){0,2}$")
HEADERS = {
    "code": ("编号", "指标编号", "序号", "代码"),
    "text": ("内容", "指标内容", "测评内容", "指标名称", "测评标准"),
    "points": ("分值", "分数", "权重"),
    "method": ("测评方法", "测评方式", "考核方式"),
}
MAX_POINTS = Decimal("1000")
ACTION_CREATE, ACTION_UPDATE, ACTION_SAME = "create", "update", "same"


@dataclass
class ParsedIndicator:
    row: int
    code: str
    level: int
    text: str
    points: Decimal
    method: str
    action: str = ACTION_CREATE
    errors: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)  # "分值：1 → 1.5" for updates


@dataclass
class FrameworkPreview:
    rows: list[ParsedIndicator]
    errors: RowErrors
    existing_not_in_file: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action and not r.errors)

    @property
    def n_create(self) -> int:
        return self.count(ACTION_CREATE)

    @property
    def n_update(self) -> int:
        return self.count(ACTION_UPDATE)

    @property
    def n_same(self) -> int:
        return self.count(ACTION_SAME)

    @property
    def notable_rows(self) -> list[ParsedIndicator]:
        """Rows with errors, new rows and changed rows — what staff must look at;
        unchanged rows of a re-import would otherwise bury them."""
        return [r for r in self.rows if r.errors or r.action != ACTION_SAME]

    @property
    def same_rows(self) -> list[ParsedIndicator]:
        return [r for r in self.rows if not r.errors and r.action == ACTION_SAME]


def _parse_points(value) -> Decimal:
    text = clean_text(value)
    if text == "":
        return Decimal(0)
    try:
        points = Decimal(text)
    except InvalidOperation:
        raise ValidationError(_("分值必须是数字：“%(v)s”") % {"v": text}) from None
    if points < 0 or points > MAX_POINTS or points != points.quantize(Decimal("0.01")):
        raise ValidationError(_("分值应在0到1000之间，最多两位小数：“%(v)s”") % {"v": text})
    return points


def _parse_method(value, level: int) -> str:
    text = clean_text(value)
    if not text:
        if level == Indicator.Level.STANDARD:
            raise ValidationError(_("测评标准必须填写测评方法"))
        return ""
    if text not in EvaluationMethod.values:
        raise ValidationError(
            _("“%(v)s”无效，应为 %(choices)s 之一") % {"v": text, "choices": "、".join(EvaluationMethod.values)}
        )
    return text


def framework_import_parse(*, framework, file) -> FrameworkPreview:
    """Read and check every row; nothing is written."""
    wb = open_workbook(file)
    table = read_table(wb.worksheets[0], HEADERS, required=("code", "text"))
    errors = RowErrors()
    existing = {i.code: i for i in Indicator.objects.filter(framework=framework)}
    rows: list[ParsedIndicator] = []
    seen: dict[str, int] = {}
    code_label, text_label, points_label, method_label = _("编号"), _("内容"), _("分值"), _("测评方法")
    for number, raw in table.rows:
        code = clean_text(raw.get("code")).rstrip(".")
        level = code.count(".") + 1
        parsed = ParsedIndicator(number, code, level, plain_text(raw.get("text")), Decimal(0), "")

        def fail(column, message, parsed=parsed, number=number):
            errors.add(number, column, message)
            parsed.errors.append(f"{column}：{error_text(message)}")

        if not code:
            fail(code_label, _("不能为空"))
        elif not CODE_RE.match(code):
            fail(code_label, _("格式错误：“%(v)s”，应为 3、3.2 或 3.2.1 这样的编号") % {"v": code})
        elif code in seen:
            fail(code_label, _("编号“%(v)s”重复（与第%(row)d行相同）") % {"v": code, "row": seen[code]})
        else:
            seen[code] = number
            parent = code.rsplit(".", 1)[0] if level > 1 else None
            if parent and parent not in seen and parent not in existing:
                fail(code_label, _("上级指标“%(v)s”不存在，请先列出上级指标") % {"v": parent})
        if not parsed.text:
            fail(text_label, _("不能为空"))
        try:
            parsed.points = _parse_points(raw.get("points"))
        except ValidationError as exc:
            fail(points_label, exc)
        try:
            parsed.method = _parse_method(raw.get("method"), level)
        except ValidationError as exc:
            fail(method_label, exc)
        old = existing.get(code)
        if old is not None:
            for label, before, after in (
                (text_label, old.text, parsed.text),
                (points_label, old.points, parsed.points),
                (method_label, old.method, parsed.method),
            ):
                if before != after:
                    shown = [f"{v.normalize():f}" if isinstance(v, Decimal) else (v or "—") for v in (before, after)]
                    parsed.changes.append(f"{label}：{shown[0]} → {shown[1]}")
            parsed.action = ACTION_UPDATE if parsed.changes else ACTION_SAME
        rows.append(parsed)
    if not rows:
        errors.add(table.header_row, _("表格"), _("没有数据行"))
    return FrameworkPreview(rows=rows, errors=errors, existing_not_in_file=len(set(existing) - set(seen)))


def framework_import_apply(*, framework, file, file_name: str, by) -> FrameworkPreview:
    """Validate again and write every row, or raise ImportRejected and write nothing.
    Both outcomes are logged in core.ImportLog."""
    preview = framework_import_parse(framework=framework, file=file)
    if not preview.ok:
        log_import(
            kind=IMPORT_KIND, file=file, name=file_name, rows=len(preview.rows), ok=False, errors=preview.errors, by=by
        )
        raise ImportRejected(preview.errors)
    with transaction.atomic():
        created, updated = _write(framework, preview, by)
        log_import(
            kind=IMPORT_KIND,
            file=file,
            name=file_name,
            rows=len(preview.rows),
            created=created,
            updated=updated,
            ok=True,
            by=by,
        )
    return preview


def _write(framework, preview, by) -> tuple[int, int]:
    by_code = {i.code: i for i in Indicator.objects.filter(framework=framework).select_for_update(of=("self",))}
    created = updated = 0
    for level in (1, 2, 3):
        new, changed = [], []
        for r in preview.rows:
            if r.level != level:
                continue
            parent = by_code[r.code.rsplit(".", 1)[0]] if level > 1 else None
            obj = by_code.get(r.code)
            if obj is None:
                obj = Indicator(
                    framework=framework,
                    code=r.code,
                    level=level,
                    parent=parent,
                    text=r.text,
                    points=r.points,
                    method=r.method,
                    sort_key=Indicator.sort_key_for(r.code),
                )
                new.append(obj)
                by_code[r.code] = obj
            elif r.action == ACTION_UPDATE:
                obj.text, obj.points, obj.method = r.text, r.points, r.method
                changed.append(obj)
        if new:
            bulk_create_with_history(new, Indicator, batch_size=500, default_user=by)
            # bulk_create on SQLite/PostgreSQL sets pks; children of this level need them.
            created += len(new)
        if changed:
            bulk_update_with_history(changed, Indicator, ["text", "points", "method"], batch_size=500, default_user=by)
            updated += len(changed)
    return created, updated
