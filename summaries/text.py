"""The words of a summary, written from its stored figures and named records in the
genre of an office's annual summary (seeds 001, 004): an opening paragraph with the key
figures, one 一级 section per line of work telling what was done (campaigns, titles,
people by name, key figures with 同比), then 存在的问题和不足 and 下一年度工作打算
derived from the data, each point with its number. Staff paragraphs (SummaryNarrative,
snapshotted on the version) open their section. Word, HTML and Excel read one `Report`;
the full statistics go to the appendix table, not the body."""

import datetime as dt
from dataclasses import dataclass, field

from core.dates import cn_date
from core.docx import office_name, text_width
from core.yoy import change_percent, percent_text, yoy_text

from .gather import section_slot

CN_NUMBERS = "一二三四五六七八九十"
MAX_NAMES = 8  # named records listed in the prose ("等" beyond)

# Lines of work (narrative key, heading); the registered figures are placed by `line_of`.
LINES = [
    ("思想道德", "深化思想道德建设，培育和践行社会主义核心价值观"),
    ("文明城市", "扎实推进文明城市创建，抓好测评任务落实"),
    ("群众创建", "深化文明单位、文明村镇、文明家庭、文明校园创建"),
    ("志愿服务", "推动志愿服务常态化、制度化"),
    ("典型选树", "加强先进典型选树和礼遇帮扶"),
    ("未成年人", "加强未成年人思想道德建设"),
]
PROBLEMS, PLANS, OPENING = "问题", "打算", "开头"
SLOT_LINES = {
    "创建活动": "思想道德",
    "测评任务": "文明城市",
    "文明称号": "群众创建",
    "年度材料": "群众创建",
    "创建单位": "群众创建",
    "志愿服务": "志愿服务",
    "先进典型": "典型选树",
}
MINOR_WORDS = ("校园", "少年", "未成年", "学生")


def narrative_sections() -> list[tuple[str, str]]:
    """(key, label) of every part a staff paragraph can open."""
    return (
        [(OPENING, "开头")] + [(k, h) for k, h in LINES] + [(PROBLEMS, "存在的问题和不足"), (PLANS, "下一年度工作打算")]
    )


def cn_ordinal(n: int) -> str:
    if n <= 10:
        return CN_NUMBERS[n - 1]
    if n < 20:
        return "十" + CN_NUMBERS[n - 11]
    tens, ones = divmod(n, 10)
    return CN_NUMBERS[tens - 1] + "十" + (CN_NUMBERS[ones - 1] if ones else "")


def fmt(value) -> str:
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".").replace(",", "")
    return str(value)


def big(value) -> str:
    """Numbers in prose: 123456 → 12.35万; the appendix keeps the exact value."""
    if isinstance(value, int | float) and abs(value) >= 100000:
        return f"{value / 10000:.2f}".rstrip("0").rstrip(".") + "万"
    return fmt(value)


def whole_area(region) -> str:
    """全市 / 全区 / 全县 / 全省 / 全镇 — how a region names itself in its summary."""
    name = region.name
    for suffix, word in (
        ("自治州", "州"),
        ("街道", "街道"),
        ("省", "省"),
        ("市", "市"),
        ("区", "区"),
        ("县", "县"),
        ("旗", "旗"),
        ("镇", "镇"),
        ("乡", "乡"),
        ("州", "州"),
    ):
        if name.endswith(suffix):
            return "全" + word
    return "全区域"


@dataclass
class Sub:
    heading: str  # （一）…
    paragraphs: list[str]


@dataclass
class Part:
    heading: str  # 一、…
    paragraphs: list[str]
    figures: list[dict] = field(default_factory=list)
    subs: list[Sub] = field(default_factory=list)
    key: str = ""  # the narrative key


@dataclass
class Report:
    title: str
    intro: list[str]
    parts: list[Part]
    signature: str
    date: str
    attachments: list[str] = field(default_factory=list)


def line_of(fig: dict) -> str:
    if fig["key"].startswith(("campaigns.campaigns", "campaigns.activit")):
        return "思想道德"
    slot = fig.get("slot") or section_slot(fig["section"], fig["label"])
    return SLOT_LINES.get(slot, slot)


def quoted(names) -> str:
    """“甲”“乙”等 — quotation marks inside a name become single ones (‘’)."""
    names = [n.replace("“", "‘").replace("”", "’") for n in names if n]
    shown = "".join(f"“{n}”" for n in names[:MAX_NAMES])
    return shown + ("等" if len(names) > MAX_NAMES else "")


def listed(names) -> str:
    names = [n for n in names if n]
    return "、".join(names[:MAX_NAMES]) + ("等" if len(names) > MAX_NAMES else "")


def with_yoy(fig: dict) -> str:
    """ "12.3万小时，比上年增长5%" — a figure's value, its unit and its 同比."""
    text = f"{big(fig['value'])}{fig['unit']}"
    change = yoy_text(fig["value"], fig.get("previous"))
    return f"{text}，{change}" if change else text


def rows_of(fig: dict | None, label: str) -> list:
    if not fig:
        return []
    bd = next((b for b in fig["breakdowns"] if b["label"] == label), None)
    return [r for r in (bd["rows"] if bd else []) if r[1]]


def group_phrase(fig: dict, label: str, limit: int = 5) -> str:
    """ "其中市级12个、县级30个" from a breakdown, largest first."""
    rows = sorted(rows_of(fig, label), key=lambda r: -r[1])[:limit]
    return "、".join(f"{r[0]}{big(r[1])}{fig['unit']}" for r in rows)


class Used(dict):
    """The figures by key, remembering which ones the text looked up."""

    def __init__(self, *args):
        super().__init__(*args)
        self.used: set[str] = set()

    def get(self, key, default=None):
        self.used.add(key)
        return super().get(key, default)


class Writer:
    """Writes the parts from the snapshot; `used` collects the figures each part cites."""

    def __init__(self, summary):
        self.summary = summary
        self.year = summary.year
        self.area = whole_area(summary.region)
        self.snapshot = summary.figures or []
        self.f = Used({fig["key"]: fig for fig in self.snapshot})
        self.next_year = summary.next_year or {}
        self.checks = summary.checks or {}

    def v(self, key):
        fig = self.f.get(key)
        return fig["value"] if fig else None

    def has(self, *keys) -> bool:
        return any(self.v(k) for k in keys)

    # lines of work ---------------------------------------------------------------------

    def line_思想道德(self) -> list[str]:
        out = []
        camps = self.f.get("campaigns.campaigns")
        acts = self.f.get("campaigns.activities")
        people = self.f.get("campaigns.activity_participants")
        if camps and camps["value"]:
            # selections are told under 典型选树
            names = [r.get("活动名称") for r in camps.get("records", []) if r.get("类型") != "评选"]
            out.append(
                f"{self.year}年，{self.area}组织开展{quoted(names)}{fmt(camps['value'])}项创建活动，"
                "以活动为载体推动社会主义核心价值观融入群众生活。"
            )
        if acts and acts["value"]:
            text = f"各单位围绕创建活动举办各类活动{with_yoy(acts)}"
            if people and people["value"]:
                text += f"，参与群众{with_yoy(people)}"
            kinds = group_phrase(acts, "活动类型", 4)
            text += f"；其中{kinds}。" if kinds else "。"
            by_campaign = sorted(rows_of(acts, "创建活动"), key=lambda r: -r[1])[:3]
            if by_campaign:
                parts = [f"{quoted([r[0]])}{fmt(r[1])}场" for r in by_campaign]
                text += f"按活动分，{'、'.join(parts)}。"
            top = [r for r in acts.get("records", []) if r.get("参与人数")][:3]
            if top:
                named = "、".join(f"{quoted([r.get('活动名称')])}（{fmt(r.get('参与人数'))}人）" for r in top)
                text += f"参与人数较多的有{named}。"
            out.append(text)
        return out

    def line_文明城市(self) -> list[str]:
        out = []
        total, met = self.v("campaigns.unit_tasks"), self.v("campaigns.tasks_met")
        if total:
            rate = percent_text(met * 100 / total) if met is not None else ""
            text = f"对照测评体系，将测评任务分解到责任单位{fmt(total)}项，已达标{fmt(met or 0)}项，完成率{rate}"
            points, overdue = self.v("campaigns.points_covered"), self.v("campaigns.tasks_overdue")
            text += f"，已达标测评分值{fmt(points)}分" if points else ""
            text += f"；逾期未完成{fmt(overdue)}项，已列入督办。" if overdue else "。"
            out.append(text)
        inspections = self.v("campaigns.inspections")
        closed, open_ = self.v("campaigns.rectifications_closed") or 0, self.v("campaigns.rectifications_open") or 0
        if inspections or closed or open_:
            text = f"坚持问题导向，开展督查{fmt(inspections or 0)}次，督查发现问题{fmt(closed + open_)}项，"
            text += f"已整改销号{fmt(closed)}项。"
            out.append(text)
        return out

    def line_群众创建(self) -> list[str]:
        out = []
        holding = self.f.get("titles.holding")
        if holding and holding["value"]:
            levels = group_phrase(holding, "级别")
            cats = group_phrase(holding, "称号类别")
            text = f"截至年底，{self.area}在届文明称号{with_yoy(holding)}"
            text += f"，其中{levels}" if levels else ""
            text += f"；按类别分，{cats}。" if cats else "。"
            out.append(text)
        named, apps = self.f.get("titles.named"), self.f.get("titles.applications")
        if (named and named["value"]) or (apps and apps["value"]):
            bits = [f"全年受理文明称号申报{fmt(apps['value'])}个"] if apps and apps["value"] else []
            if named and named["value"]:
                units = [r.get("单位") for r in named.get("records", [])]
                shown = f"（{listed(units)}）" if units and named["value"] <= MAX_NAMES else ""
                bits.append(f"经考评、公示命名{with_yoy(named)}{shown}")
            out.append("，".join(bits) + "。")
        re_, warned, revoked = (self.f.get(k) for k in ("titles.reexamined", "titles.warned", "titles.revoked"))
        bits = [f"复查在届文明称号{fmt(re_['value'])}个"] if re_ and re_["value"] else []
        for fig, word in ((warned, "限期整改"), (revoked, "撤销称号")):
            if fig and fig["value"]:
                names = [r.get("单位") for r in fig.get("records", [])]
                bits.append(f"{word}{fmt(fig['value'])}个" + (f"（{listed(names)}）" if names else ""))
        if bits:
            out.append("坚持“创建、复查、动态管理”相结合，" + "，".join(bits) + "。")
        pairs, visits, people = (
            self.f.get(k) for k in ("titles.pairings", "titles.pairing_records", "titles.pairing_people")
        )
        if pairs and pairs["value"]:
            text = f"文明单位与村（社区）结对帮扶{fmt(pairs['value'])}对"
            if visits and visits["value"]:
                text += f"，开展帮扶活动{with_yoy(visits)}"
            if people and people["value"]:
                text += f"，参与{big(people['value'])}人次"
            out.append(text + "。")
        submitted, accepted = self.v("titles.materials_submitted"), self.v("titles.materials_accepted")
        if submitted:
            out.append(f"各创建单位报送年度创建材料{fmt(submitted)}份，审核通过{fmt(accepted or 0)}份。")
        units = self.f.get("units.active")
        if units and units["value"]:
            new = self.v("units.new")
            text = f"{self.area}纳入创建管理的单位{fmt(units['value'])}个"
            out.append(text + (f"，当年新增{fmt(new)}个。" if new else "。"))
        return out

    def line_志愿服务(self) -> list[str]:
        out = []
        total = self.f.get("volunteers.registered_total")
        if total and total["value"]:
            text = f"{self.area}注册志愿者达到{with_yoy(total)}"
            new, party = self.v("volunteers.registered_new"), self.v("volunteers.party_members")
            text += f"，当年新注册{fmt(new)}人" if new else ""
            text += f"，其中党员志愿者{fmt(party)}人" if party else ""
            teams = self.f.get("volunteers.teams")
            text += f"；志愿服务队{fmt(teams['value'])}支" if teams and teams["value"] else ""
            out.append(text + "。")
        events, hours = self.f.get("volunteers.events"), self.f.get("volunteers.hours")
        if (events and events["value"]) or (hours and hours["value"]):
            text = "全年"
            text += f"开展志愿服务活动{with_yoy(events)}" if events and events["value"] else ""
            if hours and hours["value"]:
                text += ("，" if text != "全年" else "") + f"确认志愿服务时长{with_yoy(hours)}"
            cats = group_phrase(events, "服务类别", 4) if events else ""
            text += f"；按服务类别分，{cats}" if cats else ""
            starred = self.v("volunteers.starred")
            text += f"；{fmt(starred)}名志愿者达到星级志愿者标准" if starred else ""
            out.append(text + "。")
        req, closed = self.v("volunteers.requests"), self.v("volunteers.requests_closed")
        if req:
            out.append(f"推行群众“点单”、志愿者“接单”，登记群众需求{fmt(req)}件，完成对接{fmt(closed or 0)}件。")
        return out

    def line_典型选树(self) -> list[str]:
        out = []
        noms = self.f.get("exemplars.nominations")
        if noms and noms["value"]:
            rounds = [r[0] for r in sorted(rows_of(noms, "评选"), key=lambda r: -r[1])]
            text = f"组织开展{quoted(rounds)}等评选，" if rounds else ""
            text += f"各地各单位推荐先进典型人选{with_yoy(noms)}"
            cats = group_phrase(noms, "类别", 4)
            out.append(text + (f"，其中{cats}。" if cats else "。"))
        com = self.f.get("exemplars.commendations")
        if com and com["value"]:
            by_level: dict[str, list[str]] = {}
            for r in com.get("records", []):
                by_level.setdefault(r.get("级别") or "", []).append(f"{r.get('姓名')}（{r.get('荣誉')}）")
            levels = group_phrase(com, "级别")
            text = f"全年获评各级先进典型荣誉{with_yoy(com)}" + (f"，其中{levels}" if levels else "") + "。"
            for level in ("中国好人榜", "省级", "市级"):
                if by_level.get(level):
                    text += f"获评{level}荣誉的有{listed(by_level[level])}。"
            out.append(text)
        care, hard = self.f.get("exemplars.care_visits"), self.v("exemplars.hardship")
        if (care and care["value"]) or hard:
            text = "落实先进典型礼遇帮扶，"
            text += f"建档生活困难先进典型{fmt(hard)}人，" if hard else ""
            if care and care["value"]:
                fest = group_phrase(care, "节日/时节", 3)
                text += f"开展帮扶慰问{with_yoy(care)}" + (f"（{fest}）" if fest else "")
            out.append(text.rstrip("，") + "。")
        return out

    def line_未成年人(self) -> list[str]:
        parts = []
        holding = self.f.get("titles.holding")
        schools = [r for r in rows_of(holding, "称号类别") if any(w in str(r[0]) for w in MINOR_WORDS)]
        if schools:
            parts.append("在届" + "、".join(f"{r[0]}{fmt(r[1])}个" for r in schools))
        noms = self.f.get("exemplars.nominations")
        youth = [r for r in rows_of(noms, "评选") if any(w in str(r[0]) for w in MINOR_WORDS)]
        if youth:
            parts.append("开展" + "、".join(f"“{r[0]}”，推荐人选{fmt(r[1])}人" for r in youth))
        com = self.f.get("exemplars.commendations")
        honoured = (
            [r for r in com.get("records", []) if any(w in str(r.get("荣誉", "")) for w in MINOR_WORDS)] if com else []
        )
        if honoured:
            parts.append(f"{listed([r.get('姓名') for r in honoured])}获评{honoured[0].get('荣誉')}等荣誉")
        camps = self.f.get("campaigns.campaigns")
        named = [r.get("活动名称") for r in camps.get("records", [])] if camps else []
        named = [n for n in named if n and any(w in n for w in MINOR_WORDS)]
        if named and not youth:
            parts.append(f"组织{quoted(named)}")
        if not parts:
            return []
        return [f"坚持立德树人，把未成年人思想道德建设融入文明校园创建和典型选树，{'；'.join(parts)}。"]

    # problems and plans ----------------------------------------------------------------

    def weakest_groups(self, limit: int = 3) -> list[tuple[str, int, int, float]]:
        """(测评项目, tasks, met, rate%) with the lowest completion."""
        total = {r[0]: r[1] for r in rows_of(self.f.get("campaigns.unit_tasks"), "测评项目")}
        met = {r[0]: r[1] for r in rows_of(self.f.get("campaigns.tasks_met"), "测评项目")}
        rows = [(name, n, met.get(name, 0), met.get(name, 0) * 100 / n) for name, n in total.items() if n]
        return sorted(rows, key=lambda r: (r[3], -r[1]))[:limit]

    def falling_regions(self) -> list[tuple[dict, list[tuple[str, float]]]]:
        out = []
        for fig in self.snapshot:
            before = fig.get("previous_by_child") or {}
            now = {r[0]: r[1] for b in fig["breakdowns"] if b["label"] == "下级区划" for r in b["rows"]}
            drops = [
                (name, change_percent(now.get(name, 0), prev))
                for name, prev in before.items()
                if prev and now.get(name, 0) < prev
            ]
            if drops:
                out.append((fig, sorted(drops, key=lambda d: d[1])))
        return out

    def problems(self) -> list[Sub]:
        items = []
        weak = self.weakest_groups()
        if weak and weak[0][3] < 100:
            shown = "，".join(f"“{n}”完成率{percent_text(r)}（{m}/{t}项）" for n, t, m, r in weak if r < 100)
            items.append(("测评任务完成不均衡", f"测评项目中完成率偏低的有：{shown}，短板弱项仍需集中攻坚。"))
        overdue, open_ = self.v("campaigns.tasks_overdue"), self.v("campaigns.rectifications_open")
        carried = self.next_year.get("carried_total") or 0
        if overdue or open_ or carried:
            bits = []
            if overdue:
                bits.append(f"{fmt(overdue)}项单位任务逾期未完成")
            if open_:
                bits.append(f"督查发现的问题中{fmt(open_)}项尚未整改销号")
            if carried:
                kinds = "、".join(f"{k}{n}项" for k, n in self.next_year.get("carried", []))
                as_of = cn_date(self.next_year.get("as_of")) if self.next_year.get("as_of") else ""
                bits.append(f"截至{as_of}已到期未办结事项{carried}项（{kinds}）")
            items.append(("部分工作推进不及时", "，".join(bits) + "，常态长效机制还不够健全。"))
        warned, revoked = self.v("titles.warned"), self.v("titles.revoked")
        if warned or revoked:
            text = "文明称号复查中，"
            text += f"{fmt(warned)}个被限期整改" if warned else ""
            text += ("，" if warned and revoked else "") + (f"{fmt(revoked)}个被撤销" if revoked else "")
            items.append(("部分文明单位创建后劲不足", text + "，“重创建、轻管理”的问题依然存在。"))
        materials = self.checks.get("materials") or {}
        missing = (materials.get("required") or 0) - (materials.get("submitted") or 0)
        if missing > 0:
            pending = (materials.get("submitted") or 0) - (materials.get("accepted") or 0)
            text = f"应报送年度材料{materials['required']}份，尚有{missing}份未报送"
            text += f"，{pending}份未通过审核或待审核" if pending > 0 else ""
            items.append(("年度材料报送不够及时", text + "，日常创建资料积累不足。"))
        falling = self.falling_regions()
        if falling:
            bits = []
            for fig, drops in falling[:3]:
                shown = "、".join(f"{n}下降{percent_text(p)}" for n, p in drops[:3])
                bits.append(f"{fig['label']}{shown}")
            items.append(("区域发展不平衡", "与上年相比，" + "；".join(bits) + "。"))
        down = [
            f for f in self.snapshot if (p := change_percent(f["value"], f.get("previous"))) is not None and p < -10
        ]
        if down:
            shown = "、".join(f"{f['label']}{yoy_text(f['value'], f.get('previous'))}" for f in down[:4])
            items.append(("部分指标同比下降", f"{shown}，需分析原因、加以改进。"))
        return [Sub(f"（{cn_ordinal(i)}）{h}。", [t]) for i, (h, t) in enumerate(items, start=1)]

    def plans(self) -> list[Sub]:
        nxt = self.next_year.get("year") or self.year + 1
        items = []
        weak = [w for w in self.weakest_groups() if w[3] < 100]
        overdue, open_ = self.v("campaigns.tasks_overdue"), self.v("campaigns.rectifications_open")
        if weak or overdue:
            text = f"{nxt}年，聚焦" + (quoted([w[0] for w in weak]) + "等完成率偏低的测评项目" if weak else "测评体系")
            text += f"，对{fmt(overdue)}项逾期任务逐项明确责任单位和完成时限" if overdue else ""
            items.append(("补齐测评短板", text + "，以点带面推动创建水平整体提升。"))
        carried = self.next_year.get("carried_total") or 0
        if open_ or carried:
            bits = []
            if open_:
                bits.append(f"{fmt(open_)}项未销号整改事项")
            if carried:
                bits.append(f"{carried}项已到期未办结事项")
            items.append(("抓好问题整改", f"对{'、'.join(bits)}建立台账、挂账督办，整改一项、销号一项。"))
        if self.next_year.get("total"):
            kinds = "、".join(f"{k}{n}项" for k, n in self.next_year.get("by_kind", [])[:5])
            busiest = max(self.next_year["by_month"], key=lambda mn: mn[1]) if self.next_year.get("by_month") else None
            text = f"{nxt}年共有{self.next_year['total']}项工作到期，其中{kinds}"
            text += f"，{busiest[0]}月最为集中（{busiest[1]}项），须提前安排、按期完成" if busiest else ""
            items.append(("按期完成年度任务", text + "。"))
        materials = self.checks.get("materials") or {}
        missing = (materials.get("required") or 0) - (materials.get("submitted") or 0)
        if missing > 0 or self.has("titles.warned", "titles.revoked"):
            text = "坚持创建与管理并重，"
            text += f"督促{missing}份未报送年度材料按时补报，" if missing > 0 else ""
            text += "对限期整改单位跟踪复查，推动文明单位、文明村镇、文明家庭、文明校园创建提质扩面。"
            items.append(("加强文明称号动态管理", text))
        if self.has("volunteers.registered_total", "exemplars.nominations"):
            items.append(
                (
                    "深化志愿服务和典型选树",
                    "巩固志愿服务队伍和项目，完善星级认定和礼遇激励；持续开展道德模范、身边好人推荐评选，"
                    "做好困难先进典型常态化帮扶。",
                )
            )
        return [Sub(f"（{cn_ordinal(i)}）{h}。", [t]) for i, (h, t) in enumerate(items, start=1)]

    def opening(self) -> str:
        key = []
        for k, word in (
            ("titles.holding", "在届文明称号"),
            ("volunteers.registered_total", "注册志愿者"),
            ("volunteers.hours", "志愿服务时长"),
            ("campaigns.activities", "举办各类创建活动"),
        ):
            fig = self.f.get(k)
            if fig and fig["value"]:
                key.append(f"{word}{with_yoy(fig)}")
        text = (
            f"{self.year}年，{self.area}精神文明建设工作在上级文明委的指导和本级党委、政府的领导下，"
            "以培育和践行社会主义核心价值观为主线，深化群众性精神文明创建活动，"
            "公民思想道德素质和社会文明程度不断提升。"
        )
        if key:
            text += "全年" + "；".join(key) + "。"
        return text + "现将有关情况总结如下。"


def build_report(summary, *, as_of: dt.date) -> Report:
    region, year = summary.region, summary.year
    w = Writer(summary)
    notes = summary.narratives or {}

    def with_note(key: str, paragraphs: list[str]) -> list[str]:
        note = [p.strip() for p in (notes.get(key) or "").splitlines() if p.strip()]
        return note + paragraphs

    by_line: dict[str, list[dict]] = {}
    for fig in w.snapshot:
        by_line.setdefault(line_of(fig), []).append(fig)
    parts = []
    known = [k for k, _h in LINES]
    lines = LINES + [(k, k) for k in by_line if k not in known]
    for key, _heading in lines:
        method = getattr(w, f"line_{key}", None)
        paragraphs = method() if method else []
        figs = by_line.get(key, [])
        if key == "未成年人":
            figs = [f for f in w.snapshot if f["key"] in ("titles.holding", "exemplars.nominations")]
        rest = [f for f in figs if f["value"] and f["key"] not in w.f.used]
        if rest:
            phrases = "，".join(f"{f['label']}{with_yoy(f)}" for f in rest)
            paragraphs.append(f"{'此外，' if paragraphs else f'{year}年，{w.area}'}{phrases}。")
        paragraphs = with_note(key, paragraphs)
        if paragraphs:
            parts.append(Part("", paragraphs, figs, key=key))
    for key, heading, subs in (
        (PROBLEMS, "存在的问题和不足", w.problems()),
        (PLANS, f"{w.year + 1}年工作打算", w.plans()),
    ):
        paragraphs = with_note(key, [])
        if not subs and not paragraphs:
            paragraphs = ["各项工作总体按计划推进。"] if key == PROBLEMS else []
        if subs or paragraphs:
            parts.append(Part(heading, paragraphs, [], subs, key=key))
    headings = dict(lines)
    for idx, part in enumerate(parts, start=1):
        part.heading = f"{cn_ordinal(idx)}、{headings.get(part.key) or part.heading}"
    intro = with_note(OPENING, [w.opening()])
    title = f"{region.name}{year}年度精神文明创建工作总结"
    return Report(
        title=title if text_width(title) <= 20 else f"{region.name}\n{year}年度精神文明创建工作总结",
        intro=intro,
        parts=parts,
        signature=office_name(region),
        date=cn_date(as_of),
        attachments=["主要数据统计表"] if w.snapshot else [],
    )
