"""How the dashboards present the registered figures (never what they count — that is
the FigureDef in each app's figures.py, shared with the annual summary).

Everything here is optional: a figure not named below still appears in its section with
a bar chart per breakdown; a name below whose figure is not registered is skipped."""

from django.utils.translation import gettext_lazy as _

from core.registry import FigureDef, month_breakdown

# Sections expected on a dashboard (DESIGN.md §6), in this order; a section without any
# registered figure shows "暂无数据". Sections not listed follow in registry order.
EXPECTED_SECTIONS = (
    (_("测评任务"), ("测评任务", "创建活动", "创建任务", "任务")),
    (_("文明称号"), ("文明称号", "称号")),
    (_("年度材料"), ("年度材料",)),
    (_("志愿服务"), ("志愿服务", "志愿者")),
    (_("先进典型"), ("先进典型", "典型选树", "典型")),
    (_("活动开展"), ("活动开展", "活动")),
)

# Key figures at the top of the page (first the ones named here that are registered,
# then the first figure of every section, up to MAX_HEADLINES).
HEADLINE_KEYS = (
    "titles.holding",
    "campaigns.tasks_met",
    "campaigns.tasks_overdue",
    "titles.materials_submitted",
    "titles.materials_accepted",
    "volunteers.registered_total",
    "volunteers.registered_new",
    "volunteers.hours",
    "exemplars.nominations",
    "exemplars.commendations",
)
MAX_HEADLINES = 12

# Figures drawn over five years in the trend panel.
TREND_KEYS = ("titles.holding", "titles.named", "volunteers.registered_total", "campaigns.activities")
MAX_TREND = 6

# Breakdowns drawn as charts (the others are tables under "更多分组统计"). A section
# with none of these charts the first breakdown of its first two figures.
FEATURED: tuple[tuple[str, str], ...] = (
    ("campaigns.tasks_overdue", "责任单位"),
    ("campaigns.activities", "创建活动"),
    ("campaigns.activities", "活动类型"),
    ("titles.holding", "级别"),
    ("titles.holding", "称号类别"),
    ("titles.materials_submitted", "状态"),
    ("volunteers.registered_new", "月份"),
    ("volunteers.hours", "月份"),
    ("volunteers.starred", "星级"),
    ("exemplars.nominations", "状态"),
    ("exemplars.nominations", "评选"),
    ("exemplars.commendations", "级别"),
)

# Completion panels: (title, total figure, met figure, overdue figure, breakdown labels).
COMPLETION = (("测评任务完成情况", "campaigns.unit_tasks", "campaigns.tasks_met", "campaigns.tasks_overdue"),)
INDICATOR_GROUP = ("task__indicator__parent__parent__text", "测评项目")
RESPONSIBLE_UNIT = ("unit__name", "责任单位")

# Chart kind per (figure key, breakdown label); default: "bar" (horizontal when long),
# "month" for month breakdowns. Other kinds: "pie", "funnel".
CHART_KINDS: dict[tuple[str, str], str] = {}

# Funnels: a status breakdown drawn as the stages a record has reached (stage label, the
# statuses that count as having reached it; None = every record).
FUNNEL_STAGES: dict[tuple[str, str], tuple[tuple[str, tuple[str, ...] | None], ...]] = {
    ("exemplars.nominations", "状态"): (
        (_("推荐人选"), None),
        (_("通过初审"), ("reviewing", "publicity", "commended", "not_selected")),
        (_("进入公示"), ("publicity", "commended")),
        (_("获得表彰"), ("commended",)),
    ),
}
FUNNEL_WORDS = ("漏斗", "环节", "阶段")
PIE_WORDS = ("星级", "级别", "类别", "层级")

# Figures compared across sub-regions (first the ones named here, then the headlines).
COMPARE_KEYS: tuple[str, ...] = ()
MAX_COMPARE = 8

# Completion charts show this many groups (the table lists all).
MAX_CHART_GROUPS = 15

# A breakdown with more groups keeps the largest ones and sums the rest as "其他".
MAX_GROUPS = 30


def chart_kind(key: str, path: str, label: str, n_groups: int) -> str:
    if (key, str(label)) in CHART_KINDS:
        return CHART_KINDS[(key, str(label))]
    if path.endswith("__month"):
        return "month"
    if path.endswith("__year"):
        return "line"
    if any(w in str(label) for w in FUNNEL_WORDS):
        return "funnel"
    if any(w in str(label) for w in PIE_WORDS) and n_groups <= 8:
        return "pie"
    return "hbar" if n_groups > 6 else "bar"


# Apps group figures coarsely (activities with the tasks under 创建活动, yearly materials
# under 文明称号); like the annual summary, the dashboards split them out again by label
# (registered section title, words in the label, dashboard section).
LABEL_SPLITS: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("测评任务", ("创建活动", "活动场次", "活动参与"), "活动开展"),
    ("文明称号", ("年度材料",), "年度材料"),
)


def section_title(section: str) -> str:
    for title, aliases in EXPECTED_SECTIONS:
        if section in aliases:
            return str(title)
    return section


def section_of(fig: FigureDef) -> str:
    """The dashboard section a figure is shown in."""
    title = section_title(fig.section)
    for from_title, words, to_title in LABEL_SPLITS:
        if title == from_title and any(w in str(fig.label) for w in words):
            return to_title
    return title


# Groupings the dashboards add to a shared figure (what is counted stays the FigureDef's):
# monthly series of new volunteers and confirmed hours.
EXTRA_BREAKDOWNS: dict[str, tuple[tuple[str, str], ...]] = {
    "volunteers.registered_new": (month_breakdown("registered_at"),),
    "volunteers.hours": (month_breakdown("service_date"),),
    "campaigns.unit_tasks": (INDICATOR_GROUP, RESPONSIBLE_UNIT),
    "campaigns.tasks_met": (INDICATOR_GROUP, RESPONSIBLE_UNIT),
    "campaigns.tasks_overdue": (INDICATOR_GROUP, RESPONSIBLE_UNIT),
}


def breakdowns_of(fig: FigureDef) -> tuple[tuple[str, str], ...]:
    return tuple(fig.breakdowns) + EXTRA_BREAKDOWNS.get(fig.key, ())
