"""Import of volunteers and of service records from the workbooks offices really keep.

Fast by construction: cells are read once (openpyxl read-only), every row is validated
in plain Python, duplicates are looked up with one query per batch, and rows are written
with COPY (PostgreSQL) or large bulk_create batches. All or nothing: any bad row and
nothing is written; every run leaves a core.ImportLog (who, file hash, rows, result)."""

import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.dates import cn_date
from core.idcard import parse_id_number
from core.imports import ImportRejected, RowErrors
from core.models import ImportLog
from core.privacy import mask_id_number, mask_phone
from core.scoping import covers, scoped, user_region_code
from core.xlsx import clean_text, open_workbook, parse_date, read_table
from units.models import Region

from ..bulk import insert_rows
from ..models import PoliticalStatus, ServiceRecord, Team, Volunteer
from .hours import hours_apply_deltas, parse_hours, star_for_hours, thresholds_for
from .registration import clean_mobile

KIND_VOLUNTEERS = "volunteers.volunteers"
KIND_RECORDS = "volunteers.records"
BATCH = 5000
SAMPLE_ROWS = 20

VOLUNTEER_HEADERS = {
    "name": ("姓名",),
    "sex": ("性别",),
    "id_number": ("身份证号", "身份证号码", "公民身份号码", "证件号码"),
    "phone": ("手机号码", "手机号", "联系电话", "手机"),
    "political_status": ("政治面貌",),
    "team": ("所属组织", "所属队伍", "志愿服务队", "服务队"),
    "hours": ("服务时长(小时)", "服务时长", "累计服务时长", "志愿服务时长"),
    "registered_at": ("注册时间", "注册日期"),
    "skills": ("技能特长", "专业特长", "特长"),
}
RECORD_HEADERS = {
    "name": ("姓名",),
    "id_number": ("身份证号", "身份证号码", "公民身份号码", "证件号码"),
    "team": ("所属组织", "所属队伍", "志愿服务队", "服务队"),
    "hours": ("服务时长(小时)", "服务时长", "时长"),
    "service_date": ("服务日期", "活动日期", "日期"),
    "content": ("服务内容", "活动名称", "服务项目"),
}
LABELS = {
    "name": "姓名",
    "sex": "性别",
    "id_number": "身份证号",
    "phone": "手机号码",
    "political_status": "政治面貌",
    "team": "所属组织",
    "hours": "服务时长(小时)",
    "registered_at": "注册时间",
    "service_date": "服务日期",
    "skills": "技能特长",
    "content": "服务内容",
}
POLITICAL_ALIASES = {
    "中共党员": PoliticalStatus.PARTY_MEMBER,
    "党员": PoliticalStatus.PARTY_MEMBER,
    "中国共产党党员": PoliticalStatus.PARTY_MEMBER,
    "中共预备党员": PoliticalStatus.PROBATIONARY,
    "预备党员": PoliticalStatus.PROBATIONARY,
    "共青团员": PoliticalStatus.LEAGUE_MEMBER,
    "团员": PoliticalStatus.LEAGUE_MEMBER,
    "中国共产主义青年团团员": PoliticalStatus.LEAGUE_MEMBER,
    "群众": PoliticalStatus.MASSES,
    "": PoliticalStatus.MASSES,
    "无党派人士": PoliticalStatus.NONPARTISAN,
    "无党派": PoliticalStatus.NONPARTISAN,
    "民主党派": PoliticalStatus.DEMOCRATIC,
}
for _party in ("民革", "民盟", "民建", "民进", "农工党", "致公党", "九三学社", "台盟"):
    POLITICAL_ALIASES[_party] = PoliticalStatus.DEMOCRATIC
    POLITICAL_ALIASES[_party + "党员"] = PoliticalStatus.DEMOCRATIC
    POLITICAL_ALIASES[_party + "会员"] = PoliticalStatus.DEMOCRATIC
    POLITICAL_ALIASES[_party + "社员"] = PoliticalStatus.DEMOCRATIC


@dataclass
class ImportResult:
    kind: str
    file_name: str
    sha256: str
    rows: int = 0
    created: int = 0
    errors: RowErrors = field(default_factory=RowErrors)
    repeat_of: ImportLog | None = None
    repeat: str = ""  # what is said about repeat_of to the importing user
    log: ImportLog | None = None
    # The first rows as they will be written (masked), shown in the preview.
    sample_headers: list = field(default_factory=list)
    sample: list = field(default_factory=list)

    def as_dict(self, limit: int = 500) -> dict:
        return {
            "kind": self.kind,
            "file_name": self.file_name,
            "sha256": self.sha256,
            "rows": self.rows,
            "created": self.created,
            "error_count": len(self.errors),
            "errors": self.errors.lines(limit),
            "repeat": self.repeat,
            "sample_headers": self.sample_headers,
            "sample": self.sample,
        }


def file_sha256(file) -> str:
    file.seek(0)
    digest = hashlib.sha256()
    for chunk in iter(lambda: file.read(1 << 20), b""):
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


def _repeat_message(log: ImportLog, user) -> str:
    """Names who imported the file only when the importing user's region covers theirs."""
    when = timezone.localtime(log.at)
    if not log.user_id:
        who = _("未知用户")
    elif log.user_id == user.pk or covers(user, user_region_code(log.user) or ""):
        who = log.user.get_username()
    else:
        who = _("其他工作人员")
    return _("该文件已于%(when)s由%(who)s成功导入（%(n)d行），不能重复导入") % {
        "when": cn_date(when, with_time=True),
        "who": who,
        "n": log.rows,
    }


class _CountingSheet:
    """Hands read_table the sheet's rows while reporting reading progress."""

    def __init__(self, ws, progress, total_rows, span):
        self.ws, self.progress, self.total, self.span = ws, progress, max(total_rows, 1), span

    def iter_rows(self, values_only=True):
        for n, row in enumerate(self.ws.iter_rows(values_only=values_only), start=1):
            if n % 20000 == 0:
                self.progress(min(self.span, int(self.span * n / self.total)), _("已读取%(n)d行") % {"n": n})
            yield row


def _read(file, headers, required, progress):
    wb = open_workbook(file)
    try:
        ws = wb.worksheets[0]
        return read_table(_CountingSheet(ws, progress, ws.max_row or 0, 40), headers, required=required)
    finally:
        wb.close()


def _team_lookup(user) -> dict[str, Team | None]:
    """Team name → team among those the user may see; None marks an ambiguous name."""
    lookup: dict[str, Team | None] = {}
    for team in scoped(Team.objects.select_related("region"), user).filter(is_active=True):
        key = clean_text(team.name)
        lookup[key] = None if key in lookup else team
    return lookup


def _registered(numbers, user) -> list[tuple[int, str, str, bool]]:
    """(pk, ID number, name, whether the user may see them) of the volunteers registered
    with these ID numbers, in any region."""
    visible = set(scoped(Volunteer.objects.filter(id_number__in=numbers), user).values_list("pk", flat=True))
    found = Volunteer.objects.filter(id_number__in=numbers).values_list("pk", "id_number", "name")
    return [(pk, number, name, pk in visible) for pk, number, name in found]


def _default_region(user) -> Region | None:
    code = user_region_code(user)
    return Region.objects.filter(code=code).first() if code else None


def _formula(errors, row_no, values) -> bool:
    for key, value in values.items():
        if isinstance(value, str) and value.lstrip().startswith("="):
            errors.add(row_no, LABELS.get(key, key), _("单元格含有公式，请改为纯文本后再导入"))
            return True
    return False


def _team_for(errors, row_no, raw, teams):
    name = clean_text(raw)
    if not name:
        return None, True
    if name not in teams:
        errors.add(row_no, "所属组织", _("未找到志愿服务队“%(n)s”（或不在您的管辖范围内）") % {"n": name})
        return None, False
    if teams[name] is None:
        errors.add(row_no, "所属组织", _("队伍名称“%(n)s”不唯一，请联系管理员") % {"n": name})
        return None, False
    return teams[name], True


def _id_error(raw, exc):
    """Excel keeps 15 significant digits: an ID typed into a number cell loses its tail."""
    if isinstance(raw, int | float) and not isinstance(raw, bool) and raw > 10**16:
        return _("身份证号以数字格式保存，Excel只保留15位有效数字，末尾几位已丢失；请将该列设为文本格式后重新录入")
    return exc


def _refuse_repeat(result: ImportResult, table) -> None:
    """A file already imported successfully is refused, and that is said first (its rows
    would otherwise only show up as "already registered")."""
    if result.repeat_of:
        result.errors.add(table.header_row, "文件", result.repeat)
        result.errors.errors.insert(0, result.errors.errors.pop())


def _start(kind, file, user) -> ImportResult:
    name = getattr(file, "name", "") or "upload.xlsx"
    result = ImportResult(kind=kind, file_name=name.rsplit("/", 1)[-1], sha256=file_sha256(file))
    result.repeat_of = ImportLog.objects.filter(kind=kind, sha256=result.sha256, ok=True).select_related("user").first()
    if result.repeat_of:
        result.repeat = _repeat_message(result.repeat_of, user)
    return result


def _finish(result: ImportResult, user, *, dry_run: bool) -> ImportResult:
    if dry_run and not result.errors:
        return result
    result.log = ImportLog.objects.create(
        kind=result.kind,
        file_name=result.file_name[:255],
        sha256=result.sha256,
        rows=result.rows,
        created=result.created,
        ok=not result.errors and not dry_run,
        errors=result.errors.lines(200),
        user=user if getattr(user, "is_authenticated", False) else None,
    )
    if result.errors:
        raise ImportRejected(result.errors)
    return result


def _volunteers_validate(table, user, progress):
    errors = RowErrors()
    teams = _team_lookup(user)
    region = _default_region(user)
    now = timezone.now()
    tz = timezone.get_current_timezone()
    valid = []  # (row_no, values tuple, hours)
    seen: dict[str, int] = {}
    total = len(table.rows) or 1
    for i, (row_no, v) in enumerate(table.rows):
        if i % 20000 == 0 and i:
            progress(40 + int(30 * i / total), _("已校验%(n)d行") % {"n": i})
        if _formula(errors, row_no, v):
            continue
        ok = True
        name = clean_text(v.get("name")).replace(" ", "")
        if not name:
            errors.add(row_no, "姓名", _("不能为空"))
            ok = False
        try:
            number, birth, sex = parse_id_number(v.get("id_number"))
        except ValidationError as exc:
            errors.add(row_no, "身份证号", _id_error(v.get("id_number"), exc))
            continue
        if number in seen:
            errors.add(row_no, "身份证号", _("与第%(n)d行重复") % {"n": seen[number]})
            continue
        seen[number] = row_no
        stated_sex = clean_text(v.get("sex"))
        if stated_sex and stated_sex not in (sex, sex + "性"):
            errors.add(row_no, "性别", _("与身份证号不符（身份证号显示为%(s)s）") % {"s": sex})
            ok = False
        try:
            phone = clean_mobile(v.get("phone"))
        except ValidationError as exc:
            errors.add(row_no, "手机号码", exc)
            ok = False
        political = POLITICAL_ALIASES.get(clean_text(v.get("political_status")).replace(" ", ""))
        if political is None:
            errors.add(row_no, "政治面貌", _("无法识别“%(v)s”") % {"v": clean_text(v.get("political_status"))})
            ok = False
        team, team_ok = _team_for(errors, row_no, v.get("team"), teams)
        ok = ok and team_ok
        row_region = team.region if team else region
        if team_ok and row_region is None:
            errors.add(row_no, "所属组织", _("请填写所属组织"))
            ok = False
        registered = now
        raw_date = v.get("registered_at")
        if raw_date not in (None, ""):
            try:
                day = parse_date(raw_date)
                registered = dt.datetime.combine(day, dt.time(9, 0), tzinfo=tz)
                if day > now.date():
                    raise ValidationError(_("注册时间不能晚于今天"))
            except ValidationError as exc:
                errors.add(row_no, "注册时间", exc)
                ok = False
        hours = Decimal(0)
        raw_hours = v.get("hours")
        if raw_hours not in (None, ""):
            try:
                hours = Decimal(clean_text(raw_hours)).quantize(Decimal("0.1"))
                if hours < 0 or hours > 100000:
                    raise ValueError
            except Exception:
                errors.add(row_no, "服务时长(小时)", _("应为不小于0的数字"))
                ok = False
        if ok:
            valid.append(
                (
                    row_no,
                    number,
                    name,
                    sex,
                    birth,
                    phone,
                    political,
                    row_region,
                    team,
                    registered,
                    hours,
                    clean_text(v.get("skills"))[:200],
                )
            )
    # Duplicates already registered: one query per batch. Only a volunteer the user may
    # see is named; one registered elsewhere is said to be so, without name or region.
    numbers = [r[1] for r in valid]
    for start in range(0, len(numbers), BATCH):
        chunk = numbers[start : start + BATCH]
        for _pk, number, name, mine in _registered(chunk, user):
            if mine:
                errors.add(seen[number], "身份证号", _("已登记为志愿者（%(n)s），不能重复导入") % {"n": name})
            else:
                errors.add(seen[number], "身份证号", _("已在其他辖区登记为志愿者，不能重复导入"))
    errors.errors.sort(key=lambda e: e.row)
    return valid, errors


def volunteers_import(*, file, user, dry_run: bool = False, progress=lambda pct, msg="": None) -> ImportResult:
    """Validate every row; unless dry_run and only if no row is bad, write them all."""
    result = _start(KIND_VOLUNTEERS, file, user)
    table = _read(file, VOLUNTEER_HEADERS, ("name", "id_number", "phone"), progress)
    result.rows = len(table.rows)
    valid, result.errors = _volunteers_validate(table, user, progress)
    result.sample_headers = [
        _("行号"),
        _("姓名"),
        _("性别"),
        _("出生日期"),
        _("身份证号"),
        _("手机号码"),
        _("政治面貌"),
        _("所属组织"),
        _("服务时长"),
        _("注册日期"),
    ]
    result.sample = [
        [
            r[0],
            r[2],
            r[3],
            r[4].isoformat(),
            mask_id_number(r[1]),
            mask_phone(r[5]),
            r[6],
            r[8].name if r[8] else str(r[7]),
            str(r[10]),
            timezone.localdate(r[9]).isoformat(),
        ]
        for r in valid[:SAMPLE_ROWS]
    ]
    _refuse_repeat(result, table)
    if dry_run or result.errors:
        result.created = 0 if result.errors else len(valid)
        return _finish(result, user, dry_run=dry_run)
    progress(72, _("正在写入"))
    with transaction.atomic():
        _volunteers_write(valid, user)
        result.created = len(valid)
        _finish(result, user, dry_run=False)
    return result  # no progress call after the commit: a cancel from here on is too late


def _volunteers_write(valid, user) -> None:
    # Thresholds are looked up before COPY starts: no other query may run on the
    # connection while a COPY is in progress.
    cache: dict = {}
    for code in {r[7].code for r in valid if r[10]}:
        thresholds_for(code, cache)
    fields = [
        "name",
        "id_number",
        "sex",
        "birth_date",
        "phone",
        "political_status",
        "region_id",
        "team_id",
        "skills",
        "status",
        "source",
        "registered_at",
        "total_hours",
        "star",
    ]
    rows = (
        (
            name,
            number,
            sex,
            birth,
            phone,
            political,
            region.pk,
            team.pk if team else None,
            skills,
            Volunteer.Status.APPROVED,
            Volunteer.Source.IMPORT,
            registered,
            hours,
            star_for_hours(hours, thresholds_for(region.code, cache)) if hours else 0,
        )
        for (_r, number, name, sex, birth, phone, political, region, team, registered, hours, skills) in valid
    )
    insert_rows(Volunteer, fields, rows)
    with_hours = [r for r in valid if r[10] and r[8] is not None]
    if not with_hours:
        return
    now = timezone.now()
    for start in range(0, len(with_hours), BATCH):
        chunk = with_hours[start : start + BATCH]
        ids = dict(Volunteer.objects.filter(id_number__in=[r[1] for r in chunk]).values_list("id_number", "pk"))
        insert_rows(
            ServiceRecord,
            [
                "volunteer_id",
                "team_id",
                "service_date",
                "hours",
                "content",
                "source",
                "confirmed_by_id",
                "confirmed_at",
            ],
            (
                (
                    ids[r[1]],
                    r[8].pk,
                    timezone.localdate(r[9]),
                    r[10],
                    _("导入前累计服务时长"),
                    ServiceRecord.Source.IMPORT,
                    user.pk,
                    now,
                )
                for r in chunk
            ),
        )


def records_import(*, file, user, dry_run: bool = False, progress=lambda pct, msg="": None) -> ImportResult:
    """Service records (confirmed hours) of existing volunteers, credited to their time bank."""
    result = _start(KIND_RECORDS, file, user)
    table = _read(file, RECORD_HEADERS, ("id_number", "hours", "service_date", "team"), progress)
    result.rows = len(table.rows)
    errors = result.errors
    teams = _team_lookup(user)
    today = timezone.localdate()
    parsed = []
    for row_no, v in table.rows:
        if _formula(errors, row_no, v):
            continue
        ok = True
        try:
            number, _birth, _sex = parse_id_number(v.get("id_number"))
        except ValidationError as exc:
            errors.add(row_no, "身份证号", _id_error(v.get("id_number"), exc))
            continue
        team, team_ok = _team_for(errors, row_no, v.get("team"), teams)
        if team_ok and team is None:
            errors.add(row_no, "所属组织", _("不能为空"))
            team_ok = False
        try:
            hours = parse_hours(clean_text(v.get("hours")))
        except ValidationError as exc:
            errors.add(row_no, "服务时长(小时)", exc)
            ok = False
        try:
            day = parse_date(v.get("service_date"))
            if day > today:
                raise ValidationError(_("服务日期不能晚于今天"))
        except ValidationError as exc:
            errors.add(row_no, "服务日期", exc)
            ok = False
        if ok and team_ok:
            parsed.append((row_no, number, clean_text(v.get("name")), team, day, hours, clean_text(v.get("content"))))
    progress(60, _("正在核对志愿者"))
    # A volunteer registered outside the user's region may serve in the user's teams; the
    # name registered for them is then neither shown nor said (only whether it matches).
    vol_ids: dict[str, tuple[int, str, bool]] = {}
    numbers = sorted({p[1] for p in parsed})
    for start in range(0, len(numbers), BATCH):
        for pk, number, name, mine in _registered(numbers[start : start + BATCH], user):
            vol_ids[number] = (pk, name, mine)
    for row_no, number, name, *_rest in parsed:
        if number not in vol_ids:
            errors.add(row_no, "身份证号", _("未找到该志愿者，请先导入志愿者名册"))
        elif name and name.replace(" ", "") != vol_ids[number][1]:
            if vol_ids[number][2]:
                errors.add(row_no, "姓名", _("与系统登记的姓名“%(n)s”不符") % {"n": vol_ids[number][1]})
            else:
                errors.add(row_no, "姓名", _("与系统登记的姓名不符"))
    errors.errors.sort(key=lambda e: e.row)
    result.sample_headers = [
        _("行号"),
        _("姓名"),
        _("身份证号"),
        _("所属组织"),
        _("服务日期"),
        _("服务时长"),
        _("服务内容"),
    ]
    result.sample = [
        [
            r,
            vol_ids[n][1] if n in vol_ids and vol_ids[n][2] else name,
            mask_id_number(n),
            team.name,
            day.isoformat(),
            str(h),
            content,
        ]
        for (r, n, name, team, day, h, content) in parsed[:SAMPLE_ROWS]
    ]
    _refuse_repeat(result, table)
    if dry_run or errors:
        result.created = 0 if errors else len(parsed)
        return _finish(result, user, dry_run=dry_run)
    progress(70, _("正在写入"))
    now = timezone.now()
    deltas: dict[int, Decimal] = defaultdict(Decimal)
    for p in parsed:
        deltas[vol_ids[p[1]][0]] += p[5]
    with transaction.atomic():
        insert_rows(
            ServiceRecord,
            [
                "volunteer_id",
                "team_id",
                "service_date",
                "hours",
                "content",
                "source",
                "confirmed_by_id",
                "confirmed_at",
            ],
            (
                (
                    vol_ids[n][0],
                    team.pk,
                    day,
                    hours,
                    (content or _("志愿服务"))[:200],
                    ServiceRecord.Source.IMPORT,
                    user.pk,
                    now,
                )
                for (_r, n, _name, team, day, hours, content) in parsed
            ),
        )
        progress(85, _("正在更新时间储蓄"))
        hours_apply_deltas(deltas)
        result.created = len(parsed)
        _finish(result, user, dry_run=False)
    return result  # no progress call after the commit: a cancel from here on is too late


IMPORTERS = {KIND_VOLUNTEERS: volunteers_import, KIND_RECORDS: records_import}
