"""Realistic import workbooks built in code (no committed binaries): a 测评体系 of a few
hundred rows in the shape of a city's framework, with bad rows an office really sends,
and a 目标任务分解表 for it. Used by the tests and by the browser walk-through."""

import io

from openpyxl import Workbook

HEADER = ["编号", "内容", "分值", "测评方法"]
M, F, S, W = "材料审核", "实地考察", "问卷调查", "网上申报"

ITEMS = [
    ("理想信念教育", ["理论武装", "核心价值观宣传", "党史学习教育", "主流舆论"]),
    ("思想道德建设", ["先进典型宣传", "诚信建设", "新时代文明实践", "移风易俗"]),
    ("未成年人思想道德建设", ["学校德育", "校外教育", "家庭教育", "网络环境"]),
    ("公共文明秩序", ["交通秩序", "窗口服务", "公共场所秩序", "文明旅游"]),
    ("城市环境治理", ["市容市貌", "背街小巷", "农贸市场", "生态环境"]),
    ("志愿服务", ["志愿者队伍", "志愿服务站点", "志愿服务项目", "关爱礼遇"]),
    ("法治与社会治理", ["法治宣传", "社会治安", "基层治理", "矛盾化解"]),
    ("民生保障", ["公共文化", "医疗卫生", "养老服务", "全民健身"]),
    ("群众性精神文明创建", ["文明单位", "文明村镇", "文明家庭", "文明校园"]),
    ("创建工作机制", ["组织领导", "经费保障", "督查考核", "宣传动员"]),
    ("公共卫生与健康", ["爱国卫生", "健康教育", "控烟", "垃圾分类"]),
    ("诚信经营与消费环境", ["明码标价", "食品安全", "消费维权", "信用监管"]),
]
STANDARDS = [
    ("建立{c}工作制度，制定年度工作计划并组织实施", 1.0, M),
    ("{c}工作纳入单位年度目标考核，责任分工明确", 0.5, M),
    ("市民对{c}工作的知晓率和满意度", 1.0, S),
    ("{c}宣传阵地、公益广告规范设置，内容健康", 1.0, F),
    ("围绕{c}开展主题活动，全年不少于4次并留存记录", 1.5, M),
    ("{c}相关数据和佐证材料按时在网上申报系统填报", 0.5, W),
]


def framework_rows(*, bad: bool = False, revised: bool = False) -> list[list]:
    """12 测评项目 × 4 测评内容 × 6 测评标准 = 348 rows (plus a header).

    `bad` adds the mistakes an office really sends: a malformed code, a standard
    whose 测评内容 is missing, a repeated code, a standard without a method, points
    that are not a number. `revised` is the corrected file sent again later: eight
    standards reworded or rescored, two new ones."""
    rows = [HEADER]
    for a, (item, contents) in enumerate(ITEMS, start=1):
        rows.append([str(a), item, "", ""])
        for b, content in enumerate(contents, start=1):
            rows.append([f"{a}.{b}", content, "", ""])
            for c, (template, points, method) in enumerate(STANDARDS, start=1):
                text = template.format(c=content)
                if revised and a == 4 and c in (1, 5):
                    text, points = text + "（2025年修订）", points + 0.5
                rows.append([f"{a}.{b}.{c}", text, points, method])
    if revised:
        rows.insert(_after(rows, "4.1.6"), ["4.1.7", "主要路口设置文明交通劝导岗，高峰时段有人值守", 1.5, F])
        rows.insert(_after(rows, "12.4.6"), ["12.4.7", "建立经营主体信用分级分类监管制度", 1.0, M])
    if bad:
        rows.insert(_after(rows, "2.3.6"), ["2.3.x", "新时代文明实践站点覆盖率", 1, F])  # malformed code
        rows.insert(_after(rows, "5.4.6"), ["5.5.1", "城市管理执法规范文明", 1, F])  # 5.5 not listed
        rows.insert(_after(rows, "7.2.6"), ["7.2.3", "重点场所安装视频监控", 1, F])  # duplicate code
        rows[_index(rows, "9.1.2")][3] = ""  # standard without a method
        rows[_index(rows, "11.3.4")][2] = "一分"  # points not a number
    return rows


def _index(rows, code) -> int:
    return next(i for i, r in enumerate(rows) if r[0] == code)


def _after(rows, code) -> int:
    return _index(rows, code) + 1


def decomposition_rows(units: list[tuple[str, str]], *, deadline="2025-06-30", bad: bool = False) -> list[list]:
    """A 目标任务分解表 over every 测评标准 of `framework_rows()`: lead and co-units
    written the way people type them (names, 、 or ； separated; a credit code where
    the name is ambiguous). `units`: (text people type, ...) — name or credit code."""
    rows = [["指标编号", "牵头单位", "责任单位", "完成时限", "工作要求"]]
    n = 0
    for r in framework_rows()[1:]:
        if r[0].count(".") != 2:
            continue
        lead = units[n % len(units)]
        co = [u for u in units[(n + 1) % len(units) : (n + 1) % len(units) + n % 3] if u != lead]
        rows.append([r[0], lead, "、".join(co), deadline, "按测评标准准备佐证材料" if n % 4 == 0 else ""])
        n += 1
    if bad:
        rows[3][1] = "不存在的单位"
        rows[5][3] = "六月底"
        rows[7][1] = ""
        rows.append(["99.1.1", units[0], "", deadline, ""])
    return rows


def xlsx_bytes(rows, *, title: str | None = None) -> bytes:
    wb = Workbook()
    ws = wb.active
    if title:
        ws.append([title])
    for row in rows:
        ws.append(list(row))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
