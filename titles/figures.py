"""Figures of the titles app for the annual summary and dashboards (core.registry)."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.registry import FigureDef, region_filter, register_figure

SECTION = "文明称号"

APP_COLUMNS = (
    ("unit__name", _("单位")),
    ("category__name", _("称号")),
    ("level", _("级别")),
    ("year", _("年度")),
    ("status", _("状态")),
)
TITLE_COLUMNS = (
    ("unit__name", _("单位")),
    ("category__name", _("称号")),
    ("level", _("级别")),
    ("conferred_year", _("命名年度")),
    ("doc_number", _("命名文件文号")),
    ("status", _("状态")),
)
BY_LEVEL_CAT = (("level", "级别"), ("category__name", "称号类别"))


def _apps(region, year):
    from .models import TitleApplication

    return TitleApplication.objects.filter(year=year, **region_filter("unit__region", region)).exclude(status="草稿")


def _named(region, year):
    from .models import TitleApplication

    return TitleApplication.objects.filter(year=year, status="已命名", **region_filter("unit__region", region))


def _reexams(outcome=None):
    def qs(region, year):
        from .models import ReExamination

        q = ReExamination.objects.filter(year=year, **region_filter("title__unit__region", region))
        return q.filter(outcome=outcome) if outcome else q

    return qs


def _holding(region, year):
    from .models import Title

    return Title.objects.filter(
        conferred_year__lte=year,
        term_end_year__gte=year,
        status__in=["在届", "复查通过", "限期整改"],
        **region_filter("unit__region", region),
    )


def _materials_required(region, year):
    """One row per submission expected: units × applicable requirements is not a table,
    so the figure counts submissions made; 'required' is given by the completeness page."""
    from .models import MaterialSubmission

    return MaterialSubmission.objects.filter(requirement__year=year, **region_filter("unit__region", region))


def _materials_accepted(region, year):
    return _materials_required(region, year).filter(status="已通过")


def _pairing_records(region, year):
    from .models import PairingRecord

    return PairingRecord.objects.filter(date__year=year, **region_filter("pairing__unit__region", region))


def _pairings(region, year):
    from .models import Pairing

    return Pairing.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__year__gte=year),
        started_on__year__lte=year,
        **region_filter("unit__region", region),
    )


for fig in (
    FigureDef(
        "titles.applications",
        SECTION,
        "申报文明称号",
        "个",
        _apps,
        breakdowns=BY_LEVEL_CAT + (("status", "状态"),),
        list_columns=APP_COLUMNS,
        definition="当年提交（不含草稿）的文明称号申报数",
        order=10,
        unit_path="unit",
    ),
    FigureDef(
        "titles.named",
        SECTION,
        "当年命名文明称号",
        "个",
        _named,
        breakdowns=BY_LEVEL_CAT,
        list_columns=APP_COLUMNS,
        definition="当年申报中已命名的数量",
        order=20,
        unit_path="unit",
    ),
    FigureDef(
        "titles.reexamined",
        SECTION,
        "复查文明称号",
        "个",
        _reexams(),
        breakdowns=(("outcome", "复查结论"), ("title__level", "级别")),
        list_columns=(
            ("title__unit__name", _("单位")),
            ("title__category__name", _("称号")),
            ("examined_on", _("复查日期")),
            ("outcome", _("结论")),
        ),
        definition="当年复查记录数（保留、限期整改、撤销）",
        order=30,
        unit_path="title__unit",
    ),
    FigureDef(
        "titles.warned",
        SECTION,
        "限期整改",
        "个",
        _reexams("限期整改"),
        breakdowns=(("title__level", "级别"),),
        list_columns=(
            ("title__unit__name", _("单位")),
            ("title__category__name", _("称号")),
            ("deadline", _("整改期限")),
        ),
        definition="当年复查结论为限期整改的数量",
        order=40,
        unit_path="title__unit",
    ),
    FigureDef(
        "titles.revoked",
        SECTION,
        "撤销文明称号",
        "个",
        _reexams("撤销"),
        breakdowns=(("title__level", "级别"),),
        list_columns=(("title__unit__name", _("单位")), ("title__category__name", _("称号")), ("reason", _("理由"))),
        definition="当年复查结论为撤销的数量",
        order=50,
        unit_path="title__unit",
    ),
    FigureDef(
        "titles.holding",
        SECTION,
        "在届文明称号",
        "个",
        _holding,
        breakdowns=BY_LEVEL_CAT,
        list_columns=TITLE_COLUMNS,
        definition="当年处于届期内且未被撤销的文明称号数（按单位与称号计）",
        order=60,
        unit_path="unit",
    ),
    FigureDef(
        "titles.materials_submitted",
        SECTION,
        "年度材料已提交",
        "份",
        _materials_required,
        breakdowns=(("status", "状态"), ("requirement__name", "材料")),
        list_columns=(
            ("unit__name", _("单位")),
            ("requirement__name", _("材料")),
            ("status", _("状态")),
            ("uploaded_at", _("上传时间")),
        ),
        definition="当年年度材料的提交份数（含待审核、已通过、已退回）",
        order=70,
        unit_path="unit",
    ),
    FigureDef(
        "titles.materials_accepted",
        SECTION,
        "年度材料已通过",
        "份",
        _materials_accepted,
        breakdowns=(("requirement__name", "材料"),),
        list_columns=(("unit__name", _("单位")), ("requirement__name", _("材料")), ("reviewed_at", _("审核时间"))),
        definition="当年年度材料审核通过的份数",
        order=80,
        unit_path="unit",
    ),
    FigureDef(
        "titles.pairings",
        SECTION,
        "结对帮扶对数",
        "对",
        _pairings,
        breakdowns=(("partner__kind", "结对对象类型"),),
        list_columns=(
            ("unit__name", _("文明单位")),
            ("partner__name", _("结对村（社区）")),
            ("started_on", _("结对日期")),
        ),
        definition="当年处于结对状态的文明单位与村（社区）结对数",
        order=90,
        unit_path="unit",
    ),
    FigureDef(
        "titles.pairing_records",
        SECTION,
        "结对帮扶活动",
        "次",
        _pairing_records,
        breakdowns=(("pairing__partner__kind", "结对对象类型"),),
        list_columns=(
            ("pairing__unit__name", _("文明单位")),
            ("pairing__partner__name", _("结对村（社区）")),
            ("date", _("日期")),
            ("content", _("开展情况")),
        ),
        definition="当年登记的结对帮扶活动次数",
        order=100,
        unit_path="pairing__unit",
    ),
    FigureDef(
        "titles.pairing_people",
        SECTION,
        "结对帮扶参与人次",
        "人次",
        _pairing_records,
        sum_field="people",
        list_columns=(("pairing__unit__name", _("文明单位")), ("date", _("日期")), ("people", _("人次"))),
        definition="当年结对帮扶活动登记的参与人次合计",
        order=110,
        unit_path="pairing__unit",
    ),
):
    register_figure(fig)
