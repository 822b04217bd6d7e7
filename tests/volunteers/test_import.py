"""Journey 5: import of messy real-world workbooks — preview with Chinese row errors,
all or nothing, import log and repeat detection, bombs and formulas rejected."""

import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from core.imports import ImportRejected
from core.models import ImportLog
from volunteers.models import ServiceRecord, Volunteer
from volunteers.services.imports import records_import, volunteers_import

from .factories import id_number_for

HEADER = ["序号", "姓名", "性别", "身份证号", "手机号码", "政治面貌", "所属组织", "服务时长(小时)", "注册时间"]


def _xlsx(rows, name="名册.xlsx", header=HEADER, title=True):
    wb = Workbook()
    ws = wb.active
    if title:
        ws.append(["梁园区志愿者花名册（2024年）"])
        ws.append(["填报单位：梁园区文明办", None, None, "填报日期：2024年12月"])
    ws.append(header)
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile(name, buf.getvalue())


def _number_cell_safe_id() -> str:
    """An ID that survives being typed into a number cell (Excel keeps ~15-16 digits)."""
    from core.idcard import check_char

    for day in range(1, 29):
        for tail in range(1000):
            first17 = f"41140219880{day % 9 + 1}{day:02d}{tail:03d}"
            number = first17 + check_char(first17)
            if not number.isdigit() or int(float(f"{int(number):.16g}")) != int(number):
                continue
            wb = Workbook()
            wb.active.append([int(number)])
            buf = io.BytesIO()
            wb.save(buf)
            value = next(load_workbook(buf, read_only=True).active.iter_rows(values_only=True))[0]
            if int(value) == int(number):
                return number
    raise AssertionError("no number-safe ID found")


def _messy_rows(vworld):
    n1 = _number_cell_safe_id()
    n2 = id_number_for("411402", dt.date(1999, 12, 1), "女")
    n3 = next(
        n for n in (id_number_for("411402", dt.date(1990, 1, d % 28 + 1), "女") for d in range(300)) if n.endswith("X")
    )
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in n2)
    return [
        [1, "张 伟", "男", int(n1), "139 1234 5678", "党员", "梁园区党员志愿服务队", 120, dt.datetime(2023, 5, 6)],
        [2, " 李娜 ", "女", full_width, "13812345678", "共青团员", " 梁园区党员志愿服务队 ", "", "2024/1/5"],
        [3, "王芳", "女", n3.lower(), "15012345678", "", "梁园区党员志愿服务队", "3.5", "2024年3月8日"],
        [None, None, None, None, None, None, None, None, None],
    ]


def test_messy_workbook_is_read_and_written(vworld):
    f = _xlsx(_messy_rows(vworld))
    preview = volunteers_import(file=f, user=vworld.w.city_staff, dry_run=True)
    assert preview.rows == 3 and not preview.errors and not Volunteer.objects.filter(source="import").exists()
    result = volunteers_import(file=f, user=vworld.w.city_staff)
    assert result.created == 3
    zhang = Volunteer.objects.get(name="张伟")
    assert zhang.phone == "13912345678" and zhang.political_status == "中共党员" and zhang.team == vworld.team_a
    assert zhang.total_hours == Decimal("120") and zhang.star == 1
    assert zhang.registered_at.date() == dt.date(2023, 5, 6)
    assert Volunteer.objects.get(name="王芳").id_number.endswith("X")
    assert Volunteer.objects.get(name="李娜").political_status == "共青团员"
    log = ImportLog.objects.get(kind="volunteers.volunteers", ok=True)
    assert log.rows == 3 and log.created == 3 and log.user == vworld.w.city_staff and len(log.sha256) == 64


def test_bad_rows_are_reported_in_chinese_and_nothing_is_written(vworld):
    rows = _messy_rows(vworld)[:3]
    rows.append([4, "赵六", "男", "411402199001010011", "13800000000", "群众", "梁园区党员志愿服务队", 0, "2024-1-1"])
    rows.append([5, "钱七", "男", rows[0][3], "13800000001", "群众", "梁园区党员志愿服务队", 0, "2024-1-1"])
    rows.append(
        [
            6,
            "孙八",
            "男",
            id_number_for("411402", dt.date(1991, 1, 1), "女"),
            "12345",
            "火星人",
            "不存在的队",
            0,
            "昨天",
        ]
    )
    with pytest.raises(ImportRejected) as exc:
        volunteers_import(file=_xlsx(rows), user=vworld.w.city_staff)
    lines = exc.value.errors.lines()
    assert "第7行 身份证号：身份证号校验位错误" in lines
    assert "第8行 身份证号：与第4行重复" in lines
    assert any(line.startswith("第9行 性别：与身份证号不符") for line in lines)
    assert any(line.startswith("第9行 手机号码") for line in lines)
    assert "第9行 政治面貌：无法识别“火星人”" in lines
    assert any(line.startswith("第9行 所属组织：未找到志愿服务队") for line in lines)
    assert any(line.startswith("第9行 注册时间：日期格式无法识别") for line in lines)
    assert not Volunteer.objects.filter(source="import").exists()
    assert ImportLog.objects.filter(ok=False).count() == 1


def test_id_number_that_lost_digits_in_a_number_cell_gets_a_specific_message(vworld):
    lost = 411402198803041234  # Excel stores 4.11402198803041E+17
    row = [1, "吴十", "男", lost, "13800000000", "群众", "梁园区党员志愿服务队", 0, ""]
    with pytest.raises(ImportRejected) as exc:
        volunteers_import(file=_xlsx([row]), user=vworld.w.city_staff)
    assert "只保留15位有效数字" in exc.value.errors.lines()[0]


def test_already_registered_id_is_an_error(vworld):
    row = [1, vworld.vol_a.name, "女", vworld.vol_a.id_number, "13800000000", "群众", "梁园区党员志愿服务队", 0, ""]
    with pytest.raises(ImportRejected) as exc:
        volunteers_import(file=_xlsx([row]), user=vworld.w.city_staff)
    assert "已登记为志愿者" in exc.value.errors.lines()[0]


def test_team_outside_the_users_region_is_not_found(vworld):
    row = [
        1,
        "周九",
        "男",
        id_number_for("411403", dt.date(1980, 2, 2), "男"),
        "13800000000",
        "群众",
        "睢阳区青年志愿服务队",
        0,
        "",
    ]
    with pytest.raises(ImportRejected) as exc:
        volunteers_import(file=_xlsx([row]), user=vworld.w.county_a_staff)
    assert "未找到志愿服务队" in exc.value.errors.lines()[0]


def test_formula_cells_are_rejected(vworld):
    row = [
        1,
        '=HYPERLINK("http://x","点我")',
        "男",
        id_number_for("411402", dt.date(1980, 2, 2), "男"),
        "13800000000",
        "群众",
        "梁园区党员志愿服务队",
        0,
        "",
    ]
    with pytest.raises(ImportRejected) as exc:
        volunteers_import(file=_xlsx([row]), user=vworld.w.city_staff)
    assert "单元格含有公式" in exc.value.errors.lines()[0]


def test_zip_bomb_is_rejected_before_parsing(vworld):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
        zf.writestr("xl/worksheets/sheet1.xml", "0" * (50 * 1024 * 1024))
    with pytest.raises(ValidationError) as exc:
        volunteers_import(file=SimpleUploadedFile("bomb.xlsx", buf.getvalue()), user=vworld.w.city_staff)
    assert "压缩炸弹" in exc.value.messages[0]


def test_missing_header_is_reported(vworld):
    with pytest.raises(ValidationError) as exc:
        volunteers_import(file=_xlsx([["a"]], header=["名字", "号码"]), user=vworld.w.city_staff)
    assert "未找到表头" in exc.value.messages[0]


def test_records_import_credits_time_bank_and_refuses_a_repeat(vworld):
    header = ["姓名", "身份证号", "所属组织", "服务时长(小时)", "服务日期", "服务内容"]
    rows = [
        [vworld.vol_a.name, vworld.vol_a.id_number, "梁园区党员志愿服务队", 6, "2024.6.1", "文明交通劝导"],
        [vworld.vol_a.name, vworld.vol_a.id_number.lower(), "梁园区党员志愿服务队", "12", 45000, "社区清洁"],
        [vworld.vol_a.name, vworld.vol_a.id_number, "梁园区党员志愿服务队", "20", "20240701", "助老"],
    ]
    f = _xlsx(rows, name="时长.xlsx", header=header)
    result = records_import(file=f, user=vworld.w.city_staff)
    assert result.created == 3
    vworld.vol_a.refresh_from_db()
    assert vworld.vol_a.total_hours == Decimal("38")
    assert set(ServiceRecord.objects.values_list("service_date", flat=True)) == {
        dt.date(2024, 6, 1),
        dt.date(1899, 12, 30) + dt.timedelta(days=45000),
        dt.date(2024, 7, 1),
    }
    with pytest.raises(ImportRejected) as exc:
        records_import(file=f, user=vworld.w.city_staff)
    assert "不能重复导入" in exc.value.errors.lines()[0]
    assert ImportLog.objects.filter(kind="volunteers.records", ok=True).count() == 1
    vworld.vol_a.refresh_from_db()
    assert vworld.vol_a.total_hours == Decimal("38")


def test_records_import_rows_over_24_hours_and_unknown_volunteers_rejected(vworld):
    header = ["姓名", "身份证号", "所属组织", "服务时长(小时)", "服务日期"]
    stranger = id_number_for("411402", dt.date(1970, 7, 7), "男")
    rows = [
        [vworld.vol_a.name, vworld.vol_a.id_number, "梁园区党员志愿服务队", 30, "2024-06-01"],
        ["陌生人", stranger, "梁园区党员志愿服务队", 2, "2024-06-01"],
        ["错名字", vworld.vol_a.id_number, "梁园区党员志愿服务队", 2, "2024-06-01"],
    ]
    with pytest.raises(ImportRejected) as exc:
        records_import(file=_xlsx(rows, header=header), user=vworld.w.city_staff)
    text = "\n".join(exc.value.errors.lines())
    assert (
        "第4行 服务时长(小时)" in text
        and "第5行 身份证号：未找到该志愿者" in text
        and "第6行 姓名：与系统登记的姓名" in text
    )
    assert not ServiceRecord.objects.exists()


def test_import_page_preview_then_confirm(client_for, vworld):
    client = client_for(vworld.w.city_staff)
    rows = _messy_rows(vworld)
    resp = client.post(reverse("volunteers:import"), {"kind": "volunteers.volunteers", "file": _xlsx(rows)})
    page = resp.content.decode()
    assert "校验通过" in page
    # The preview shows the rows as they will be written: cleaned, and masked.
    full = str(rows[0][3])
    assert "张伟" in page and "139****5678" in page and "中共党员" in page and "2023-05-06" in page
    assert full[:6] + "********" + full[-4:] in page and full not in page
    resp = client.post(reverse("volunteers:import_confirm"), follow=True)
    page = resp.content.decode()
    assert "导入成功：共写入3行" in page
    assert Volunteer.objects.filter(source="import").count() == 3
    # The import log is listed on the page (who sees their own imports: file, hash, rows, result).
    log = ImportLog.objects.get(ok=True)
    assert "我最近的导入" in page, page
    assert log.sha256[:12] in page and "已导入" in page, page[-1500:]


def test_large_file_runs_as_a_job_with_progress(client_for, vworld, django_capture_on_commit_callbacks):
    import volunteers.views.staff as staff

    staff.INLINE_IMPORT_BYTES = 1  # every file is "large" here; jobs run eagerly in tests
    try:
        client = client_for(vworld.w.city_staff)
        with django_capture_on_commit_callbacks(execute=True):
            resp = client.post(
                reverse("volunteers:import"), {"kind": "volunteers.volunteers", "file": _xlsx(_messy_rows(vworld))}
            )
        assert "/import/jobs/" in resp.url
        page = client.get(resp.url).content.decode()
        assert "校验通过" in page and "确认导入" in page
        assert "张伟" in page and "139****5678" in page  # the masked preview, from the job's result
        # Leaving the page and coming back: the import page lists the job.
        assert resp.url in client.get(reverse("volunteers:import")).content.decode()
        job_id = int(resp.url.rstrip("/").rsplit("/", 1)[1])
        with django_capture_on_commit_callbacks(execute=True):
            resp = client.post(reverse("volunteers:import_confirm"), {"job": job_id})
        assert "导入完成：共写入3行" in client.get(resp.url).content.decode()
    finally:
        staff.INLINE_IMPORT_BYTES = 256 * 1024
    assert Volunteer.objects.filter(source="import").count() == 3


def test_import_is_for_staff_only(client_for, vworld):
    assert client_for(vworld.leader_a).get(reverse("volunteers:import")).status_code == 403
    assert client_for(vworld.w.official).get(reverse("volunteers:import")).status_code == 403


def test_repeating_a_volunteer_file_says_so_first(vworld):
    f = _xlsx(_messy_rows(vworld))
    volunteers_import(file=f, user=vworld.w.city_staff)
    with pytest.raises(ImportRejected) as exc:
        volunteers_import(file=f, user=vworld.w.county_a_staff)
    lines = exc.value.errors.lines()
    assert lines[0].startswith("第3行 文件：该文件已于") and "其他工作人员" in lines[0] and "不能重复导入" in lines[0]
    assert Volunteer.objects.filter(source="import").count() == 3


def test_oversized_and_non_xlsx_uploads_are_refused_on_the_page(client_for, vworld, settings):
    client = client_for(vworld.w.city_staff)
    settings.MAX_IMPORT_MB = 0  # every file is "too large"
    page = client.post(
        reverse("volunteers:import"), {"kind": "volunteers.volunteers", "file": _xlsx(_messy_rows(vworld))}
    ).content.decode()
    assert "文件过大" in page
    settings.MAX_IMPORT_MB = 100
    page = client.post(
        reverse("volunteers:import"),
        {"kind": "volunteers.volunteers", "file": SimpleUploadedFile("名册.xls", b"\xd0\xcf\x11\xe0 old excel")},
    ).content.decode()
    assert "请上传 .xlsx 格式的 Excel 文件" in page
    assert not Volunteer.objects.filter(source="import").exists()
