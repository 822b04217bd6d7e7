"""Unit import through the admin (django-import-export): dry run with Chinese row
errors, all-or-nothing writes, scoping, formula and bomb rejection; export."""

import io
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.models import PersonalDataLog
from units.models import Unit
from units.validators import credit_code_check_char

HEADERS = ["单位名称", "统一社会信用代码", "单位类型", "行业系统", "所属区划", "地址", "联系人", "联系电话"]


def credit(body17="91411400MA4000000"):
    return body17 + credit_code_check_char(body17)


def xlsx(rows, headers=HEADERS):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(headers)
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile("units.xlsx", buf.getvalue())


def import_dry_run(client, upload):
    return client.post(
        reverse("admin:units_unit_import"), {"resource": "0", "format": "0", "import_file": upload}, follow=True
    )


GOOD = [
    ["梁园区文化广电和旅游局", credit(), "党政机关", "文旅", "梁园区", "商丘市梁园区凯旋路1号", "张伟", "13812345678"],
    ["梁园区平原街道平原社区", "", "社区", "社区", "411402", "", "李娜", "0370-3216789"],
]


@pytest.mark.django_db
def test_good_file_previews_then_writes_all_rows(world, client_for):
    client = client_for(world.county_a_staff)
    preview = import_dry_run(client, xlsx(GOOD))
    assert preview.status_code == 200
    body = preview.content.decode()
    assert "梁园区文化广电和旅游局" in body
    assert not Unit.objects.filter(name="梁园区文化广电和旅游局").exists()  # dry run wrote nothing
    form = preview.context["confirm_form"]
    done = client.post(reverse("admin:units_unit_process_import"), form.initial, follow=True)
    assert done.status_code == 200
    unit = Unit.objects.get(name="梁园区文化广电和旅游局")
    assert unit.region == world.regions.county_a and unit.kind == "党政机关" and unit.contact_phone == "13812345678"
    assert Unit.objects.get(name="梁园区平原街道平原社区").credit_code is None
    assert unit.history.count() == 1


@pytest.mark.django_db
def test_bad_rows_are_reported_in_chinese_and_nothing_is_written(world, client_for):
    rows = GOOD + [
        ["坏单位一", "91411400MA40000001", "党政机关", "文旅", "梁园区", "", "", "13812345678"],  # bad check char
        ["坏单位二", "", "外星单位", "文旅", "梁园区", "", "", "13812345678"],  # bad kind
        ["坏单位三", "", "党政机关", "文旅", "睢阳区", "", "", "13812345678"],  # outside county A
        ["坏单位四", "", "党政机关", "文旅", "梁园区", "", "", "12345"],  # bad phone
    ]
    client = client_for(world.county_a_staff)
    before = Unit.objects.count()
    preview = import_dry_run(client, xlsx(rows))
    body = preview.content.decode()
    assert "统一社会信用代码校验位错误" in body
    assert "“外星单位”不是有效选项" in body
    assert "所属区划“睢阳区”不存在或不在您的管辖范围内" in body
    assert "电话号码格式不正确" in body
    # reasons stand as text in each bad row's own cell, not behind a hover badge; blanks stay blank
    assert body.count('class="row-errors"') == 4
    assert "<strong>统一社会信用代码</strong>" in body and "<strong>单位类型</strong>" in body  # Chinese, not field names
    assert "<strong>kind</strong>" not in body
    assert ">None<" not in body
    assert "confirm_form" not in preview.context or preview.context["confirm_form"] is None
    assert Unit.objects.count() == before


@pytest.mark.django_db
def test_reimport_updates_instead_of_duplicating(world, client_for):
    client = client_for(world.county_a_staff)
    for phone in ("13812345678", "13900001111"):
        rows = [GOOD[0][:7] + [phone]]
        preview = import_dry_run(client, xlsx(rows))
        client.post(reverse("admin:units_unit_process_import"), preview.context["confirm_form"].initial)
    assert Unit.objects.filter(name="梁园区文化广电和旅游局").count() == 1
    assert Unit.objects.get(name="梁园区文化广电和旅游局").contact_phone == "13900001111"


@pytest.mark.django_db
def test_duplicate_rows_in_one_file_are_refused(world, client_for):
    preview = import_dry_run(client_for(world.county_a_staff), xlsx([GOOD[0], GOOD[0]]))
    assert "与第1行重复" in preview.content.decode()


@pytest.mark.django_db
def test_formula_cell_is_refused_with_clear_error(world, client_for):
    rows = [['=HYPERLINK("http://x","点我")', "", "党政机关", "文旅", "梁园区", "", "", "13812345678"]]
    body = import_dry_run(client_for(world.county_a_staff), xlsx(rows)).content.decode()
    assert "单元格含有公式" in body
    assert not Unit.objects.filter(name__startswith="=").exists()


@pytest.mark.django_db
def test_zip_bomb_and_non_excel_are_refused(world, client_for):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/workbook.xml", "<x/>")
        zf.writestr("xl/worksheets/sheet1.xml", b"0" * (50 * 1024 * 1024))
    client = client_for(world.county_a_staff)
    body = import_dry_run(client, SimpleUploadedFile("bomb.xlsx", buf.getvalue())).content.decode()
    assert "疑似压缩炸弹" in body
    body = import_dry_run(client, SimpleUploadedFile("units.xlsx", b"not a zip at all")).content.decode()
    assert "不是有效的 Excel 工作簿" in body


@pytest.mark.django_db
def test_export_contains_only_scoped_units_with_chinese_headers(world, client_for):
    response = client_for(world.county_a_staff).post(
        reverse("admin:units_unit_export"),
        {
            "format": "0",
            "resource": "0",
            **{
                f"unitresource_{f}": "on"
                for f in [
                    "name",
                    "credit_code",
                    "kind",
                    "industry",
                    "region",
                    "address",
                    "contact_name",
                    "contact_phone",
                ]
            },
        },
    )
    assert response.status_code == 200
    ws = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(ws.values)
    assert list(rows[0]) == HEADERS
    names = {r[0] for r in rows[1:]}
    assert names == {"梁园区教育局", "梁园区某街道社区"}
    log = PersonalDataLog.objects.get()  # contact names and phones: the export is logged
    assert log.user == world.county_a_staff and log.action == "export" and log.count == 2


@pytest.mark.django_db
def test_export_sheet_is_readable_and_escapes_formulas(world, client_for):
    world.unit_a.address = "=HYPERLINK(\"http://x\")"
    world.unit_a.save()
    response = client_for(world.county_a_staff).post(
        reverse("admin:units_unit_export"),
        {"format": "0", "resource": "0", "unitresource_name": "on", "unitresource_address": "on"},
    )
    ws = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert ws.freeze_panes == "A2" and ws["A1"].font.bold
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1 and ws.print_title_rows == "$1:$1"
    addresses = [r[1] for r in ws.iter_rows(min_row=2, values_only=True)]
    assert "'=HYPERLINK(\"http://x\")" in addresses  # never a live formula
    assert ws.column_dimensions["A"].width >= 2 * len("梁园区某街道社区")  # fits the longest Chinese name
