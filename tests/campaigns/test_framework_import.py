from decimal import Decimal

import pytest

from campaigns.models import Indicator
from campaigns.services.framework_import import framework_import_apply, framework_import_parse
from core.imports import ImportRejected
from core.models import ImportLog

from .factories import FrameworkFactory, xlsx_file

HEADER = ["编号", "内容", "分值", "测评方法"]
GOOD = [
    HEADER,
    ["1", "理想信念教育", 20, ""],
    ["1.1", "习近平新时代中国特色社会主义思想学习宣传", 10, ""],
    ["1.1.1", "建立党委（党组）理论学习中心组学习制度", 4, "材料审核"],
    ["1.1.2", "市民对理论宣讲活动的知晓率", 6, "问卷调查"],
    ["2", "公共文明秩序", 15, ""],
    ["2.1", "交通秩序", 15, ""],
    ["2.1.1", "主要路口机动车礼让斑马线", "7.5", "实地考察"],
    ["2.1.10", "文明交通志愿服务活动常态开展", "7.5", "网上申报"],
]


@pytest.fixture
def framework(world):
    return FrameworkFactory(campaign__region=world.regions.city)


def test_good_file_imports_three_level_tree(framework, world):
    framework_import_apply(
        framework=framework,
        file=xlsx_file(GOOD, title="测评体系（2025年版）"),
        file_name="体系.xlsx",
        by=world.city_staff,
    )
    leaf = Indicator.objects.get(framework=framework, code="2.1.10")
    assert leaf.level == 3 and leaf.parent.code == "2.1" and leaf.parent.parent.code == "2"
    assert leaf.points == Decimal("7.5") and leaf.method == "网上申报"
    assert Indicator.objects.get(framework=framework, code="1.1.1").text == "建立党委（党组）理论学习中心组学习制度"
    codes = list(Indicator.objects.filter(framework=framework).values_list("code", flat=True))
    assert codes == ["1", "1.1", "1.1.1", "1.1.2", "2", "2.1", "2.1.1", "2.1.10"]  # 2.1.10 after 2.1.1
    log = ImportLog.objects.get()
    assert (log.ok, log.rows, log.created, log.updated) == (True, 8, 8, 0)


def test_bad_rows_are_reported_in_chinese_and_nothing_is_written(framework, world):
    rows = [
        HEADER,
        ["1", "理想信念教育", 20, ""],
        ["1.a", "编号写错", 1, "材料审核"],
        ["3.1.1", "上级不存在", 2, "材料审核"],
        ["1", "重复的编号", 2, ""],
        ["1.1", "", "abc", ""],
        ["1.1.1", "方法写错", -1, "现场看看"],
    ]
    preview = framework_import_parse(framework=framework, file=xlsx_file(rows))
    assert preview.errors.lines() == [
        "第3行 编号：格式错误：“1.a”，应为 3、3.2 或 3.2.1 这样的编号",
        "第4行 编号：上级指标“3.1”不存在，请先列出上级指标",
        "第5行 编号：编号“1”重复（与第2行相同）",
        "第6行 内容：不能为空",
        "第6行 分值：分值必须是数字：“abc”",
        "第7行 分值：分值应在0到1000之间，最多两位小数：“-1”",
        "第7行 测评方法：“现场看看”无效，应为 材料审核、实地考察、问卷调查、网上申报 之一",
    ]
    with pytest.raises(ImportRejected):
        framework_import_apply(framework=framework, file=xlsx_file(rows), file_name="坏.xlsx", by=world.city_staff)
    assert not Indicator.objects.filter(framework=framework).exists()
    assert ImportLog.objects.get().ok is False


def test_standard_without_method_is_an_error(framework):
    rows = [HEADER, ["1", "a", 1, ""], ["1.1", "b", 1, ""], ["1.1.1", "c", 1, ""]]
    preview = framework_import_parse(framework=framework, file=xlsx_file(rows))
    assert preview.errors.lines() == ["第4行 测评方法：测评标准必须填写测评方法"]


def test_reimport_of_corrected_file_updates_instead_of_duplicating(framework, world):
    framework_import_apply(framework=framework, file=xlsx_file(GOOD), file_name="v1.xlsx", by=world.city_staff)
    first_pk = Indicator.objects.get(framework=framework, code="1.1.1").pk
    corrected = [list(r) for r in GOOD]
    corrected[3] = ["1.1.1", "建立并落实理论学习中心组学习制度", 5, "材料审核"]
    corrected.append(["2.1.11", "新增：非机动车规范停放", 2, "实地考察"])
    preview = framework_import_parse(framework=framework, file=xlsx_file(corrected))
    assert (preview.count("create"), preview.count("update"), preview.count("same")) == (1, 1, 7)
    framework_import_apply(framework=framework, file=xlsx_file(corrected), file_name="v2.xlsx", by=world.city_staff)
    assert Indicator.objects.filter(framework=framework).count() == 9
    changed = Indicator.objects.get(framework=framework, code="1.1.1")
    assert changed.pk == first_pk and changed.points == 5 and changed.text.startswith("建立并落实")
    assert changed.history.count() == 2  # created, then updated
    assert ImportLog.objects.filter(ok=True).order_by("at").last().updated == 1


def test_several_hundred_rows_import_in_one_go(framework, world, django_assert_max_num_queries):
    rows = [HEADER]
    for a in range(1, 11):
        rows.append([str(a), f"测评项目{a}", 10, ""])
        for b in range(1, 6):
            rows.append([f"{a}.{b}", f"测评内容{a}.{b}", 2, ""])
            for c in range(1, 9):
                rows.append([f"{a}.{b}.{c}", f"测评标准{a}.{b}.{c}", "0.25", "材料审核"])
    assert len(rows) - 1 == 460
    with django_assert_max_num_queries(40):
        framework_import_apply(framework=framework, file=xlsx_file(rows), file_name="大表.xlsx", by=world.city_staff)
    assert Indicator.objects.filter(framework=framework, level=3).count() == 400


def _upload(rows, name):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .workbooks import xlsx_bytes

    return SimpleUploadedFile(name, xlsx_bytes(rows, title="全国文明城市测评体系（操作手册）"))


def test_realistic_348_row_framework_with_bad_rows_then_corrected_then_revised(framework, world):
    """The journey of an office: a 351-row file with five real mistakes is refused with
    one Chinese line per mistake; the corrected file imports every row; the revised
    file a month later updates eight and adds two, duplicating nothing."""
    from .workbooks import framework_rows

    bad = framework_rows(bad=True)
    assert len(bad) - 1 == 351
    preview = framework_import_parse(framework=framework, file=_upload(bad, "测评体系.xlsx"))
    # The title row pushes the header to Excel row 2; data starts at row 3.
    assert preview.errors.lines() == [
        "第54行 编号：格式错误：“2.3.x”，应为 3、3.2 或 3.2.1 这样的编号",
        "第149行 编号：上级指标“5.5”不存在，请先列出上级指标",
        "第194行 编号：编号“7.2.3”重复（与第190行相同）",
        "第241行 测评方法：测评标准必须填写测评方法",
        "第315行 分值：分值必须是数字：“一分”",
    ]
    with pytest.raises(ImportRejected):
        framework_import_apply(
            framework=framework, file=_upload(bad, "测评体系.xlsx"), file_name="测评体系.xlsx", by=world.city_staff
        )
    assert not Indicator.objects.filter(framework=framework).exists()

    good = framework_rows()
    framework_import_apply(
        framework=framework, file=_upload(good, "测评体系（改）.xlsx"), file_name="改.xlsx", by=world.city_staff
    )
    levels = dict(
        Indicator.objects.filter(framework=framework)
        .values("level")
        .annotate(n=__import__("django.db.models", fromlist=["Count"]).Count("pk"))
        .values_list("level", "n")
    )
    assert levels == {1: 12, 2: 48, 3: 288}
    leaf = Indicator.objects.get(framework=framework, code="12.4.6")
    assert leaf.parent.code == "12.4" and leaf.parent.parent.text == "诚信经营与消费环境"
    kept_pk = Indicator.objects.get(framework=framework, code="4.1.1").pk

    revised = framework_rows(revised=True)
    preview = framework_import_parse(framework=framework, file=_upload(revised, "测评体系（修订）.xlsx"))
    assert preview.ok
    assert (preview.n_create, preview.n_update, preview.n_same) == (2, 8, 340)
    changed_row = next(r for r in preview.rows if r.code == "4.1.5")
    assert changed_row.changes == [
        "内容：围绕交通秩序开展主题活动，全年不少于4次并留存记录 → "
        "围绕交通秩序开展主题活动，全年不少于4次并留存记录（2025年修订）",
        "分值：1.5 → 2",
    ]
    assert [r.code for r in preview.notable_rows][:3] == ["4.1.1", "4.1.5", "4.1.7"]
    framework_import_apply(
        framework=framework, file=_upload(revised, "修订.xlsx"), file_name="修订.xlsx", by=world.city_staff
    )
    assert Indicator.objects.filter(framework=framework).count() == 350
    changed = Indicator.objects.get(framework=framework, code="4.1.1")
    assert changed.pk == kept_pk and changed.text.endswith("（2025年修订）") and changed.points == Decimal("1.5")
    assert Indicator.objects.get(framework=framework, code="4.1.7").parent.code == "4.1"
