import datetime as dt

import pytest

from campaigns.models import AssignmentRole, Task, TaskAssignment
from campaigns.services.decomposition import (
    decomposition_import_apply,
    decomposition_import_parse,
    task_assign,
)
from campaigns.services.reports import decomposition_xlsx
from core.imports import ImportRejected
from core.workflow import TransitionError
from tests.factories import UnitFactory

from .factories import FrameworkFactory, evidence, tree, xlsx_file

HEADER = ["指标编号", "牵头单位", "责任单位", "完成时限"]


@pytest.fixture
def fw(world):
    framework = FrameworkFactory(campaign__region=world.regions.city)
    tree(framework, {"1.1.1": "2", "1.1.2": "3", "2.1.1": "1.5"})
    return framework


def ind(fw, code):
    return fw.indicators.get(code=code)


def roles(task):
    return sorted((a.unit.name, a.role) for a in task.assignments.select_related("unit"))


def test_task_assign_gives_one_lead_and_co_units(fw, world):
    t = task_assign(
        indicator=ind(fw, "1.1.1"),
        lead=world.unit_a,
        co_units=[world.unit_b, world.unit_a2],
        deadline=dt.date(2025, 6, 30),
        by=world.city_staff,
    )
    assert roles(t) == [("梁园区教育局", "lead"), ("梁园区某街道社区", "co"), ("睢阳区教育局", "co")]


def test_reassigning_swaps_the_lead_and_drops_units_without_evidence(fw, world):
    t = task_assign(
        indicator=ind(fw, "1.1.1"),
        lead=world.unit_a,
        co_units=[world.unit_b, world.unit_a2],
        deadline=dt.date(2025, 6, 30),
        by=world.city_staff,
    )
    task_assign(
        indicator=ind(fw, "1.1.1"),
        lead=world.unit_b,
        co_units=[world.unit_a],
        deadline=dt.date(2025, 7, 31),
        by=world.city_staff,
    )
    t.refresh_from_db()
    assert roles(t) == [("梁园区教育局", "co"), ("睢阳区教育局", "lead")]
    assert t.deadline == dt.date(2025, 7, 31)
    assert Task.objects.count() == 1


def test_a_unit_with_evidence_cannot_be_removed(fw, world):
    t = task_assign(
        indicator=ind(fw, "1.1.1"),
        lead=world.unit_a,
        co_units=[world.unit_b],
        deadline=dt.date(2025, 6, 30),
        by=world.city_staff,
    )
    evidence(t.assignments.get(unit=world.unit_b))
    with pytest.raises(TransitionError, match="睢阳区教育局”已提交佐证材料"):
        task_assign(
            indicator=ind(fw, "1.1.1"),
            lead=world.unit_a,
            co_units=[],
            deadline=dt.date(2025, 6, 30),
            by=world.city_staff,
        )
    assert TaskAssignment.objects.filter(unit=world.unit_b).exists()


def test_only_standards_can_be_decomposed(fw, world):
    with pytest.raises(TransitionError, match="第三级测评标准"):
        task_assign(
            indicator=ind(fw, "1.1"), lead=world.unit_a, co_units=[], deadline=dt.date(2025, 6, 30), by=world.city_staff
        )


def test_import_finds_units_by_name_or_credit_code(fw, world):
    coded = UnitFactory(name="商丘市城市管理局", region=world.regions.city, credit_code="91411400MA44R2X81B")
    rows = [
        HEADER,
        ["1.1.1", "梁园区教育局", "睢阳区教育局、91411400MA44R2X81B", "2025-06-30"],
        ["1.1.2", "睢阳区教育局", "", "2025年7月15日"],
    ]
    preview = decomposition_import_apply(
        framework=fw, file=xlsx_file(rows, "分解表.xlsx"), file_name="分解表.xlsx", by=world.city_staff
    )
    assert (preview.n_new, preview.n_update) == (2, 0)
    t = Task.objects.get(indicator__code="1.1.1")
    assert t.deadline == dt.date(2025, 6, 30)
    assert roles(t) == [("商丘市城市管理局", "co"), ("梁园区教育局", "lead"), ("睢阳区教育局", "co")]
    assert coded.campaign_assignments.get().role == AssignmentRole.CO
    assert Task.objects.get(indicator__code="1.1.2").deadline == dt.date(2025, 7, 15)


def test_import_reports_bad_rows_and_writes_nothing(fw, world):
    rows = [
        HEADER,
        ["9.9.9", "梁园区教育局", "", "2025-06-30"],
        ["1.1", "梁园区教育局", "", "2025-06-30"],
        ["1.1.1", "不存在的单位", "梁园区教育局", "明年"],
        ["1.1.2", "梁园区教育局", "梁园区教育局", ""],
        ["1.1.2", "梁园区教育局", "", "2025-06-30"],
    ]
    preview = decomposition_import_parse(framework=fw, file=xlsx_file(rows), user=world.city_staff)
    assert preview.errors.lines() == [
        "第2行 指标编号：指标编号“9.9.9”在测评体系中不存在",
        "第3行 指标编号：“1.1”不是第三级测评标准，不能分解",
        "第4行 牵头单位：找不到单位“不存在的单位”（或不在您的管辖范围内）",
        "第4行 完成时限：日期格式无法识别：“明年”",
        "第5行 责任单位：“梁园区教育局”已是牵头单位",
        "第5行 完成时限：不能为空",
        "第6行 指标编号：指标编号“1.1.2”重复（与第5行相同）",
    ]
    with pytest.raises(ImportRejected):
        decomposition_import_apply(framework=fw, file=xlsx_file(rows), file_name="x.xlsx", by=world.city_staff)
    assert not Task.objects.exists()


def test_units_outside_the_importers_region_are_not_found(fw, world):
    rows = [HEADER, ["1.1.1", "睢阳区教育局", "", "2025-06-30"]]
    preview = decomposition_import_parse(framework=fw, file=xlsx_file(rows), user=world.county_a_staff)
    assert preview.errors.lines() == ["第2行 牵头单位：找不到单位“睢阳区教育局”（或不在您的管辖范围内）"]


def test_reimport_updates_tasks_instead_of_duplicating(fw, world):
    first = [HEADER, ["1.1.1", "梁园区教育局", "睢阳区教育局", "2025-06-30"]]
    decomposition_import_apply(framework=fw, file=xlsx_file(first), file_name="v1.xlsx", by=world.city_staff)
    second = [HEADER, ["1.1.1", "睢阳区教育局", "", "2025-09-30"], ["2.1.1", "梁园区教育局", "", "2025-09-30"]]
    preview = decomposition_import_apply(framework=fw, file=xlsx_file(second), file_name="v2.xlsx", by=world.city_staff)
    assert (preview.n_new, preview.n_update) == (1, 1)
    assert Task.objects.count() == 2
    assert roles(Task.objects.get(indicator__code="1.1.1")) == [("睢阳区教育局", "lead")]


def test_exported_table_imports_back_unchanged(fw, world):
    from openpyxl import load_workbook

    task_assign(
        indicator=ind(fw, "1.1.1"),
        lead=world.unit_a,
        co_units=[world.unit_b],
        deadline=dt.date(2025, 6, 30),
        by=world.city_staff,
    )
    content = decomposition_xlsx(framework=fw, assignments=TaskAssignment.objects.all(), today=dt.date(2025, 6, 1))
    ws = load_workbook(__import__("io").BytesIO(content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:4] == ("指标编号", "测评项目", "测评内容", "测评标准")
    assert rows[1][0] == "1.1.1" and rows[1][6] == "梁园区教育局" and rows[1][7] == "睢阳区教育局"
    assert rows[1][8] == "2025年6月30日" and rows[1][10] == "梁园区教育局:未开始；睢阳区教育局:未开始"
    preview = decomposition_import_parse(framework=fw, file=xlsx_file(rows), user=world.city_staff)
    assert preview.ok and preview.n_update == 1


def test_realistic_288_row_decomposition_table(world):
    """A whole 目标任务分解表 for a 348-row framework: bad rows refused with Chinese
    lines and nothing written; the corrected table creates 288 tasks with one lead
    each; the exported table opens as a workbook and imports back as pure updates."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import load_workbook

    from campaigns.services.framework_import import framework_import_apply

    from .workbooks import decomposition_rows, framework_rows, xlsx_bytes

    framework = FrameworkFactory(campaign__region=world.regions.city)
    up = lambda rows, name: SimpleUploadedFile(name, xlsx_bytes(rows))  # noqa: E731
    framework_import_apply(
        framework=framework, file=up(framework_rows(), "体系.xlsx"), file_name="体系.xlsx", by=world.city_staff
    )
    coded = UnitFactory(name="商丘市城市管理局", region=world.regions.city, credit_code="11411400MB1234567X")
    people_type = ["梁园区教育局", "睢阳区教育局", coded.credit_code, "梁园区某街道社区"]

    bad = decomposition_rows(people_type, bad=True)
    preview = decomposition_import_parse(framework=framework, file=up(bad, "分解表.xlsx"), user=world.city_staff)
    assert preview.errors.lines() == [
        "第4行 牵头单位：找不到单位“不存在的单位”（或不在您的管辖范围内）",
        "第6行 完成时限：日期格式无法识别：“六月底”",
        "第8行 牵头单位：不能为空",
        "第290行 指标编号：指标编号“99.1.1”在测评体系中不存在",
    ]
    with pytest.raises(ImportRejected):
        decomposition_import_apply(framework=framework, file=up(bad, "分解表.xlsx"), file_name="x", by=world.city_staff)
    assert not Task.objects.exists()

    good = decomposition_rows(people_type)
    preview = decomposition_import_apply(
        framework=framework, file=up(good, "分解表.xlsx"), file_name="x", by=world.city_staff
    )
    assert (preview.n_new, preview.n_update) == (288, 0)
    assert Task.objects.count() == 288
    assert TaskAssignment.objects.filter(role=AssignmentRole.LEAD).count() == 288
    assert TaskAssignment.objects.filter(unit=coded, role=AssignmentRole.LEAD).count() == 72
    t = Task.objects.get(indicator__code="1.1.6")  # lead by name, co-units by credit code and by name
    assert roles(t) == [("商丘市城市管理局", "co"), ("梁园区某街道社区", "co"), ("睢阳区教育局", "lead")]

    content = decomposition_xlsx(framework=framework, assignments=TaskAssignment.objects.all())
    exported = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    assert len(exported) == 289 and exported[3][0] == "1.1.3" and exported[3][6] == "商丘市城市管理局"
    again = decomposition_import_parse(framework=framework, file=up(exported, "导出.xlsx"), user=world.city_staff)
    assert again.ok and (again.n_new, again.n_update) == (0, 288)
