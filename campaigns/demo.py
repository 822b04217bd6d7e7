"""Demo campaigns: a national civilized-city campaign with a 138-item framework
decomposed to demo units (evidence in every state, overdue tasks), inspections with
rectification items, two more campaigns and activities across the year. Bulk writes."""

import datetime as dt
import io
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from units.models import Unit, UnitKind

from .demo_framework import framework_rows
from .models import (
    Activity,
    ActivityKind,
    ActivityPhoto,
    AssignmentRole,
    Campaign,
    Evidence,
    EvidenceFile,
    Indicator,
    IndicatorFramework,
    Inspection,
    InspectionPhoto,
    Rectification,
    RectificationResponse,
    Task,
    TaskAssignment,
)

E = Evidence.Status
BATCH = 2000
# unit_a (liaison_a's unit) cycles through every evidence state, returned ones included.
UNIT_A_ROLLS = [0.1, 0.66, 0.5, 0.75, 0.9, 0.3, 0.68, 0.45, 0.58, 0.95, 0.2, 0.67]

ACTIVITY_TITLES = {
    ActivityKind.MORAL_LECTURE: ["“孝老爱亲”主题道德讲堂", "身边好人事迹分享会", "“诚信做人”道德讲堂", "职业道德讲堂"],
    ActivityKind.VOLUNTEER: ["关爱空巢老人志愿服务", "社区环境清洁志愿服务", "文明交通劝导志愿服务", "义诊进社区"],
    ActivityKind.FESTIVAL: [
        "“我们的节日·春节”写春联送祝福",
        "清明文明祭扫宣传",
        "端午包粽子敬老活动",
        "中秋经典诵读会",
        "重阳节敬老慰问",
    ],
    ActivityKind.PREACHING: ["党的创新理论进社区宣讲", "核心价值观宣讲进企业", "法治宣传进校园"],
    ActivityKind.PRACTICE: ["新时代文明实践站移风易俗宣传", "文明餐桌“光盘行动”倡议", "垃圾分类入户宣传"],
    ActivityKind.TRAFFIC: ["“礼让斑马线”文明交通宣传", "文明骑行劝导"],
    ActivityKind.READING: ["全民阅读·书香机关读书会", "亲子共读活动"],
}
FINDINGS = [
    ("农贸市场东侧存在占道经营，部分摊位未明码标价", "清理占道摊位，落实明码标价", "农贸市场"),
    ("主干道公益广告破损褪色两处", "更换破损公益广告", "主干道沿线"),
    ("小区楼道堆放杂物，消防通道不畅", "清理楼道杂物，保持通道畅通", "居民小区"),
    ("公共厕所保洁不及时，缺少洗手液", "落实保洁制度，补充设施", "公园公厕"),
    ("学校周边非机动车乱停放", "设置停放区域并安排劝导", "学校周边"),
    ("新时代文明实践站活动记录不全", "完善活动台账和照片资料", "文明实践站"),
    ("政务服务窗口未公示办事指南", "公开办事指南和投诉电话", "政务服务大厅"),
    ("建筑工地围挡公益广告缺失，出入口未冲洗车辆", "补设公益广告，落实车辆冲洗", "建筑工地"),
]


def _png(rng) -> bytes:
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (320, 200), (rng.randint(150, 230), rng.randint(150, 230), rng.randint(150, 230)))
    draw = ImageDraw.Draw(img)
    draw.rectangle([20, 20, 300, 180], outline=(120, 20, 20), width=4)
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


def _pdf(title: str) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setFont("STSong-Light", 16)
    c.drawString(72, 760, title[:40])
    c.setFont("STSong-Light", 11)
    c.drawString(72, 730, "测评材料提交表（演示）")
    c.save()
    return buf.getvalue()


def seed(ctx):
    today = timezone.localdate()
    city = ctx.city
    staff = ctx.users["city_staff"]
    main = Campaign.objects.create(
        name=f"{ctx.year}年全国文明城市创建",
        kind="文明城市创建",
        level="全国",
        year=ctx.year,
        region=city,
        start_date=dt.date(ctx.year, 1, 1),
        end_date=dt.date(ctx.year, 12, 31),
        status=Campaign.Status.ACTIVE,
        goals="对照全国文明城市测评体系，逐项分解任务、压实责任，确保年度测评成绩保持全省前列。",
    )
    traffic = Campaign.objects.create(
        name=f"{ctx.year}年文明交通行动",
        kind="专项行动",
        level="市级",
        year=ctx.year,
        region=city,
        start_date=dt.date(ctx.year, 3, 1),
        end_date=dt.date(ctx.year, 11, 30),
        status=Campaign.Status.ACTIVE,
        goals="路口礼让斑马线率、非机动车规范停放率明显提升。",
    )
    festival = Campaign.objects.create(
        name=f"{ctx.year}年“我们的节日”主题活动",
        kind="我们的节日",
        level="市级",
        year=ctx.year,
        region=city,
        status=Campaign.Status.ACTIVE,
        goals="围绕传统节日开展群众性文化活动。",
    )
    Campaign.objects.create(
        name=f"{ctx.year - 1}年文明交通行动",
        kind="专项行动",
        level="市级",
        year=ctx.year - 1,
        region=city,
        status=Campaign.Status.ENDED,
    )
    Campaign.objects.create(
        name=f"{ctx.year + 1}年学雷锋志愿服务月",
        kind="志愿服务",
        level="市级",
        year=ctx.year + 1,
        region=city,
        status=Campaign.Status.PREPARING,
    )
    framework = IndicatorFramework.objects.create(campaign=main, name=f"全国文明城市测评体系（{ctx.year}年版）")
    standards = _seed_framework(framework)
    units = _demo_units(ctx)
    assignments = _seed_tasks(ctx, standards, units, today)
    _seed_evidence(ctx, assignments, today, staff)
    _seed_inspections(ctx, main, traffic, units, today, staff)
    _seed_activities(ctx, [main, traffic, festival], today)
    ctx.data["campaign"] = main
    ctx.log(
        f"  创建活动 5 项；测评指标 {Indicator.objects.filter(framework=framework).count()} 个，"
        f"单位任务 {len(assignments)} 项"
    )


def _seed_framework(framework):
    by_code, standards = {}, []
    rows = list(framework_rows())
    for level in (1, 2, 3):
        objs = []
        for code, lvl, text, points, method in rows:
            if lvl != level:
                continue
            obj = Indicator(
                framework=framework,
                code=code,
                level=lvl,
                text=text,
                points=Decimal(str(points)),
                method=method,
                sort_key=Indicator.sort_key_for(code),
                parent=by_code.get(code.rsplit(".", 1)[0]) if lvl > 1 else None,
            )
            objs.append(obj)
            by_code[code] = obj
        Indicator.objects.bulk_create(objs, batch_size=BATCH)
        if level == 3:
            standards = objs
    return standards


def _demo_units(ctx):
    """Departments that lead tasks (unit_a first, so that its liaison sees plenty)."""
    city_units = list(
        Unit.objects.filter(region__code__startswith=ctx.city.code)
        .exclude(kind__in=[UnitKind.VILLAGE, UnitKind.PRIVATE_ENTERPRISE])
        .order_by("pk")
    )
    unit_a, unit_b = ctx.data["unit_a"], ctx.data["unit_b"]
    rest = [u for u in city_units if u.pk not in (unit_a.pk, unit_b.pk)]
    return [unit_a, unit_b, *rest]


def _seed_tasks(ctx, standards, units, today):
    rng = ctx.rng
    unit_a = units[0]
    leads = units[: max(12, min(len(units), 40))]
    tasks = []
    for ind in standards:
        # Deadlines from ten weeks ago to six weeks ahead: some met, some due soon, some overdue.
        deadline = today + dt.timedelta(days=rng.randint(-70, 42))
        tasks.append(
            Task(
                indicator=ind,
                deadline=deadline,
                note="按测评标准逐条准备佐证材料，材料审核类指标须附测评材料提交表。"
                if ind.method == "材料审核"
                else "",
            )
        )
    Task.objects.bulk_create(tasks, batch_size=BATCH)
    rows = []
    for i, task in enumerate(tasks):
        lead = unit_a if i % 6 == 0 else leads[i % len(leads)]
        co = {u.pk: u for u in rng.sample(units, k=min(len(units), rng.randint(0, 3))) if u.pk != lead.pk}
        if i % 9 == 4 and lead.pk != unit_a.pk:
            co[unit_a.pk] = unit_a
        rows.append(TaskAssignment(task=task, unit=lead, role=AssignmentRole.LEAD))
        rows.extend(TaskAssignment(task=task, unit=u, role=AssignmentRole.CO) for u in co.values())
    TaskAssignment.objects.bulk_create(rows, batch_size=BATCH)
    return rows


def _seed_evidence(ctx, assignments, today, staff):
    """Every state: accepted, submitted, returned (then some resubmitted), draft, none."""
    rng = ctx.rng
    now = timezone.now()
    unit_a = ctx.data["unit_a"]
    liaisons = {unit_a.pk: ctx.users.get("liaison_a"), ctx.data["unit_b"].pk: ctx.users.get("liaison_b")}
    evidence, with_file = [], []
    returns = [
        "佐证照片不清晰，请补充活动现场照片",
        "缺少测评材料提交表，请按模板补充",
        "材料与测评标准不对应，请重新整理",
        "请补充全年工作台账",
    ]
    own = iter(UNIT_A_ROLLS * 10)
    not_begun = []  # unit_a leads these and has handed in nothing
    for n, a in enumerate(assignments):
        deadline = a.task.deadline
        roll = next(own) if a.unit_id == unit_a.pk else rng.random()
        submitted = timezone.make_aware(
            dt.datetime.combine(
                min(deadline, today) - dt.timedelta(days=rng.randint(1, 12)),
                dt.time(rng.randint(8, 17), rng.randint(0, 59)),
            )
        )
        submitted = min(submitted, now - dt.timedelta(hours=2))
        by = liaisons.get(a.unit_id)
        text = f"{a.unit.name}已按要求完成“{a.task.indicator.text[:24]}”相关工作，附佐证材料。"
        if roll < 0.40:
            evidence.append(
                Evidence(
                    assignment=a,
                    status=E.ACCEPTED,
                    text=text,
                    created_by=by,
                    created_at=submitted,
                    submitted_at=submitted,
                    reviewed_by=staff,
                    reviewed_at=min(submitted + dt.timedelta(days=2), now - dt.timedelta(hours=1)),
                    review_comment="材料齐全，符合要求",
                )
            )
        elif roll < 0.55:
            evidence.append(
                Evidence(
                    assignment=a,
                    status=E.SUBMITTED,
                    text=text,
                    created_by=by,
                    created_at=submitted,
                    submitted_at=submitted,
                )
            )
        elif roll < 0.70:
            evidence.append(
                Evidence(
                    assignment=a,
                    status=E.RETURNED,
                    text=text,
                    created_by=by,
                    created_at=submitted,
                    submitted_at=submitted,
                    reviewed_by=staff,
                    reviewed_at=min(submitted + dt.timedelta(days=1), now - dt.timedelta(hours=1)),
                    review_comment=rng.choice(returns),
                )
            )
            if roll < 0.62:  # resubmitted after the return
                # Never in the future: a return reviewed an hour ago is resubmitted now.
                later = min(submitted + dt.timedelta(days=3), now - dt.timedelta(minutes=30))
                evidence.append(
                    Evidence(
                        assignment=a,
                        status=E.SUBMITTED,
                        text=text + "（已按意见补充）",
                        created_by=by,
                        created_at=later,
                        submitted_at=later,
                    )
                )
        elif roll < 0.78:
            evidence.append(
                Evidence(assignment=a, status=E.DRAFT, text="正在整理材料", created_by=by, created_at=submitted)
            )
        else:
            if a.unit_id == unit_a.pk and a.role == AssignmentRole.LEAD:
                not_begun.append(a.task_id)
            continue
        if a.unit_id == unit_a.pk or n % 7 == 0:
            with_file.append(evidence[-1])
    Evidence.objects.bulk_create(evidence, batch_size=BATCH)
    # Every other one of those is due in a few weeks (未开始), the rest stay overdue (逾期).
    Task.objects.filter(pk__in=not_begun[::2]).update(deadline=today + dt.timedelta(days=21))
    pdf = _pdf("测评材料提交表")
    files = []
    for ev in with_file[:120]:
        f = EvidenceFile(evidence=ev, name=f"{ev.assignment.task.indicator.code}测评材料提交表.pdf")
        f.file.save(f.name, ContentFile(pdf), save=False)
        files.append(f)
    EvidenceFile.objects.bulk_create(files, batch_size=BATCH)


def _seed_inspections(ctx, main, traffic, units, today, staff):
    rng = ctx.rng
    unit_a = units[0]
    png = _png(rng)
    photos, items, responses = [], [], []
    for n in range(12):
        finding, requirement, place = FINDINGS[n % len(FINDINGS)]
        unit = unit_a if n in (0, 3, 6, 9) else units[1 + (n * 3) % (len(units) - 1)]
        date = today - dt.timedelta(days=10 + n * 9)
        ins = Inspection.objects.create(
            campaign=traffic if place in ("学校周边", "主干道沿线") else main,
            date=date,
            region=unit.region,
            place=f"{unit.region.name}{place}",
            unit=unit,
            inspectors="市文明办督查组",
            findings=finding,
            created_by=staff,
        )
        photo = InspectionPhoto(inspection=ins, caption=f"{place}现场")
        photo.file.save("现场.png", ContentFile(png), save=False)
        photos.append(photo)
        state = n % 4  # 0 open, 1 open overdue, 2 answered, 3 closed
        deadline = today + dt.timedelta(days=10) if state == 0 else date + dt.timedelta(days=7)
        item = Rectification(
            inspection=ins,
            unit=unit,
            issue=finding,
            requirement=requirement,
            deadline=deadline,
            status={0: "open", 1: "open", 2: "answered", 3: "closed"}[state],
            closed_by=staff if state == 3 else None,
            closed_at=timezone.now() - dt.timedelta(days=1) if state == 3 else None,
            staff_comment="复查合格，予以销号" if state == 3 else "",
        )
        items.append(item)
    InspectionPhoto.objects.bulk_create(photos)
    Rectification.objects.bulk_create(items)
    liaison = ctx.users.get("liaison_a")
    for item in items:
        if item.status in ("answered", "closed"):
            responses.append(
                RectificationResponse(
                    rectification=item,
                    text=f"已完成整改：{item.requirement}，附整改后照片。",
                    by=liaison if item.unit_id == unit_a.pk else None,
                    at=timezone.make_aware(dt.datetime.combine(item.deadline - dt.timedelta(days=2), dt.time(10))),
                )
            )
    RectificationResponse.objects.bulk_create(responses)


def _seed_activities(ctx, campaigns, today):
    rng = ctx.rng
    main, traffic, festival = campaigns
    n_units = Unit.objects.filter(region__code__startswith=ctx.city.code).count()
    count = {"demo": 240}.get(ctx.scale, min(n_units * 2, 100_000))
    units = list(Unit.objects.filter(region__code__startswith=ctx.city.code).only("pk", "name").order_by("pk")[:5000])
    unit_a = ctx.data["unit_a"]
    start = dt.date(ctx.year, 1, 1)
    span = max(1, (min(today, dt.date(ctx.year, 12, 31)) - start).days)
    kinds = list(ACTIVITY_TITLES)
    rows = []
    for i in range(count):
        kind = kinds[i % len(kinds)]
        unit = unit_a if i % 12 == 0 else units[rng.randrange(len(units))]
        campaign = traffic if kind == ActivityKind.TRAFFIC else festival if kind == ActivityKind.FESTIVAL else main
        rows.append(
            Activity(
                campaign=campaign,
                unit=unit,
                kind=kind,
                title=rng.choice(ACTIVITY_TITLES[kind]),
                date=start + dt.timedelta(days=rng.randrange(span)),
                place=f"{unit.name}{rng.choice(['会议室', '文明实践站', '社区广场', '活动中心'])}",
                participants=rng.choice([20, 30, 45, 60, 80, 120, 200, 350]),
                description="活动按计划开展，群众参与积极。",
            )
        )
    Activity.objects.bulk_create(rows, batch_size=BATCH)
    png = _png(rng)
    photos = []
    for a in [r for r in rows if r.unit_id == unit_a.pk][:10]:
        p = ActivityPhoto(activity=a, caption="活动现场")
        p.file.save("活动.png", ContentFile(png), save=False)
        photos.append(p)
    ActivityPhoto.objects.bulk_create(photos)
