"""Demo data for titles: categories, evaluation systems, a cultivation round, applications
in every state (through the services, so every step is logged), an open publicity, titles
named over the past five years, re-examinations, yearly materials and pairings."""

import datetime as dt
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from units.models import Unit, UnitKind

from .models import (
    AppStatus,
    Criterion,
    CultivationRecommendation,
    CultivationRound,
    EvaluationSystem,
    Level,
    MaterialRequirement,
    Pairing,
    PairingRecord,
    Title,
    TitleApplication,
    TitleCategory,
)
from .services import applications as apps_svc
from .services import consultation as consult_svc
from .services import materials as mat_svc
from .services import naming as naming_svc
from .services import publicity as pub_svc
from .services import reexam as reexam_svc
from .services import reviews as review_svc

CATEGORIES = [
    ("文明单位", 3),
    ("文明村镇", 3),
    ("文明社区", 3),
    ("文明校园", 3),
    ("文明家庭", 3),
    ("文明窗口", 3),
    ("青年文明号", 2),
]
CRITERIA = [
    ("1", "组织领导", 10, "创建工作纳入单位整体工作，有计划、有部署、有总结"),
    ("2", "思想道德建设", 15, "理论学习、社会主义核心价值观宣传教育、道德讲堂"),
    ("3", "志愿服务", 15, "志愿服务队伍、注册志愿者比例、志愿服务时长"),
    ("4", "结对帮扶", 10, "与村（社区）结对共建，有协议、有活动、有成效"),
    ("5", "诚信建设", 10, "诚信制度、窗口服务承诺、无失信记录"),
    ("6", "文化建设", 10, "单位文化阵地、文体活动、我们的节日"),
    ("7", "环境秩序", 15, "内部环境整洁、周边秩序良好、垃圾分类"),
    ("8", "业务工作与群众满意度", 15, "业务工作实绩、服务群众满意度测评"),
]
HOW_TO_OBJECT = (
    "公示期间，对公示对象有异议的，请以书面形式实名向商丘市文明办反映，并提供联系方式。\n"
    "受理电话：0370-3221000（工作日 8:30—12:00，15:00—18:00）；电子邮箱：sqwmb@example.gov.cn；"
    "来信地址：商丘市神火大道市民中心 商丘市文明办（邮编476000）。"
)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _pdf(name):
    return ContentFile(PDF, name=name)


def seed(ctx):
    year, rng = ctx.year, ctx.rng
    admin, reviewer, staff = ctx.users["admin"], ctx.users["reviewer"], ctx.users["city_staff"]
    city = ctx.city
    today = timezone.localdate()
    cats = {}
    for order, (name, term) in enumerate(CATEGORIES):
        cats[name], _ = TitleCategory.objects.get_or_create(name=name, defaults={"term_years": term, "order": order})
    wmdw = cats["文明单位"]

    systems = {}
    for y in range(year - 5, year + 1):
        for cat in (wmdw, cats["青年文明号"], cats["文明校园"]):
            system = EvaluationSystem.objects.create(
                region=city,
                category=cat,
                year=y,
                name=f"{city.name}{y}年度{cat.name}测评体系",
                pass_score=Decimal("85"),
                notes="依据省级测评体系结合本市实际制定",
            )
            Criterion.objects.bulk_create(
                [
                    Criterion(system=system, code=c, name=n, max_points=m, notes=note, order=i)
                    for i, (c, n, m, note) in enumerate(CRITERIA)
                ]
            )
            systems[(cat.pk, y)] = system
    ctx.log(f"  测评体系 {len(systems)} 套")

    # Units: organisations that can hold 文明单位, villages/communities for pairing.
    orgs = list(
        Unit.objects.filter(region__code__startswith=city.code)
        .exclude(kind__in=[UnitKind.VILLAGE, UnitKind.COMMUNITY, UnitKind.PRIVATE_ENTERPRISE])
        .select_related("region")
        .order_by("pk")
    )
    places = list(
        Unit.objects.filter(
            region__code__startswith=city.code, kind__in=[UnitKind.VILLAGE, UnitKind.COMMUNITY]
        ).order_by("pk")
    )
    unit_a, unit_b = ctx.data["unit_a"], ctx.data["unit_b"]
    others = [u for u in orgs if u.pk not in (unit_a.pk, unit_b.pk)]

    # Cultivation round (年初推荐, by 3月31日) with recommendations.
    rnd = CultivationRound.objects.create(
        region=city, year=year, deadline=dt.date(year, 3, 31), notes="各县（区）文明办、市直各单位于3月31日前推荐"
    )
    CultivationRecommendation.objects.bulk_create(
        [
            CultivationRecommendation(
                round=rnd, unit=u, category=wmdw, reason="创建基础扎实，群众评价较好", recommended_by=staff
            )
            for u in others[:12] + [unit_a]
        ]
    )

    # Past five years: named titles (bulk) — the trend.
    past_units = others[12:]
    n_named = 0
    for back in range(5, 0, -1):
        y = year - back
        batch = past_units[(5 - back) * 4 : (5 - back) * 4 + 4 + (5 - back)]
        doc = f"商文明委〔{y}〕{rng.randint(2, 30)}号"
        apps = TitleApplication.objects.bulk_create(
            [
                TitleApplication(
                    unit=u,
                    category=wmdw,
                    level=Level.CITY,
                    year=y,
                    system=systems[(wmdw.pk, y)],
                    status=AppStatus.NAMED,
                    revision=1,
                    average_score=Decimal(rng.randint(84, 96)),
                )
                for u in batch
            ]
        )
        for app in apps:
            title, created = Title.objects.get_or_create(
                unit=app.unit,
                category=wmdw,
                level=Level.CITY,
                defaults={
                    "conferred_year": y,
                    "doc_number": doc,
                    "term_years": 3,
                    "term_end_year": y + 2,
                    "latest_score": app.average_score,
                    "application": app,
                },
            )
            n_named += 1
    # a few county-level titles too
    for u in others[12:18]:
        Title.objects.get_or_create(
            unit=u,
            category=cats["文明窗口"],
            level=Level.COUNTY,
            defaults={
                "conferred_year": year - 2,
                "doc_number": f"梁文明委〔{year - 2}〕3号",
                "term_years": 3,
                "term_end_year": year,
            },
        )
    expired = reexam_svc.titles_expire(year=year, by=staff)
    ctx.log(f"  历年命名 {n_named} 个，期满 {expired} 个")

    # Re-examinations of titles in term: 保留 / 限期整改 / 撤销.
    in_term = list(Title.objects.filter(term_end_year__gte=year, category=wmdw).order_by("pk"))
    for i, title in enumerate(in_term[:6]):
        if i < 3:
            reexam_svc.reexamination_record(
                title=title,
                year=year,
                examined_on=dt.date(year, 9, 10 + i),
                outcome="保留",
                score=Decimal(90 + i),
                by=staff,
            )
        elif i < 5:
            reexam_svc.reexamination_record(
                title=title,
                year=year,
                examined_on=dt.date(year, 9, 20),
                outcome="限期整改",
                score=Decimal(80 + i),
                deadline=today + dt.timedelta(days=20 + i * 10),
                reason="志愿服务台账不完整，结对帮扶活动偏少",
                by=staff,
            )
        else:
            reexam_svc.reexamination_record(
                title=title,
                year=year,
                examined_on=dt.date(year, 9, 25),
                outcome="撤销",
                score=Decimal(62),
                reason="发生严重违纪违法案件，按规定撤销称号",
                by=staff,
            )

    # This year's applications, one in every state, through the services.
    def new_app(unit, cat=wmdw, level=Level.CITY, *, submit=True, description="按照测评体系要求逐项落实，详见附件。"):
        app = apps_svc.application_create(unit=unit, category=cat, level=level, year=year, by=admin)
        items = {
            c.pk: (Decimal(c.max_points) - rng.choice([0, 1, 2]), f"{c.name}：{description}")
            for c in app.system.criteria.all()
        }
        apps_svc.application_save_items(
            application=app, items=items, summary=f"{unit.name}坚持把文明创建与业务工作同部署同推进。", by=admin
        )
        apps_svc.attachment_add(application=app, file=_pdf("创建工作总结.pdf"), name="年度创建工作总结", by=admin)
        if submit:
            apps_svc.application_submit(application=app, by=admin)
        return app

    def assess(app, score_now=True):
        apps_svc.application_start_assessment(application=app, by=staff)
        review_svc.reviewers_assign(applications=[app], reviewers=[reviewer], by=staff)
        if score_now:
            a = app.assignments.get(reviewer=reviewer)
            review_svc.review_submit(
                assignment=a,
                scores={c.pk: c.max_points - rng.choice([0, 0, 1]) for c in app.system.criteria.all()},
                comment="材料齐全，特色鲜明，建议通过。",
                by=reviewer,
            )

    def consult(app, veto=False):
        rows = consult_svc.consultation_start(
            application=app, departments=["纪检监察", "政法（综治）", "生态环境", "市场监管"], by=staff
        )
        for row in rows:
            if veto and row.department == "生态环境":
                consult_svc.consultation_answer(
                    consultation=row, answer="否决", reason="本年度发生环境违法行为并受到行政处罚", by=staff
                )
                return
            consult_svc.consultation_answer(consultation=row, answer="同意", by=staff)

    pool = iter(others[:12])
    # liaison_a's unit: returned with a reason (after one submission) and a draft 青年文明号.
    returned = new_app(unit_a)
    apps_svc.application_return(
        application=returned, reason="“志愿服务”一项缺少注册志愿者名单及服务时长佐证，请补充后重新提交。", by=staff
    )
    new_app(unit_a, cats["青年文明号"], Level.COUNTY, submit=False)
    new_app(unit_b)  # 已提交
    new_app(next(pool), submit=False)  # 草稿
    new_app(next(pool))  # 已提交
    assess(new_app(next(pool)), score_now=False)  # 考评中, reviewer to score
    assess(new_app(next(pool)))  # 考评中, scored
    # resubmitted after return during assessment: reviewer sees what changed
    resub = new_app(next(pool))
    assess(resub)
    apps_svc.application_return(application=resub, reason="请补充结对帮扶协议", by=staff)
    apps_svc.attachment_add(application=resub, file=_pdf("结对帮扶协议.pdf"), name="结对帮扶协议", by=admin)
    item = resub.items.select_related("criterion").get(criterion__code="4")
    apps_svc.application_save_items(
        application=resub,
        items={item.criterion_id: (item.criterion.max_points, "与王庄村签订结对共建协议，全年开展活动6次。")},
        by=admin,
    )
    apps_svc.application_submit(application=resub, by=admin)
    apps_svc.application_start_assessment(application=resub, by=staff)
    consulting = new_app(next(pool))
    assess(consulting)
    consult_svc.consultation_start(
        application=consulting, departments=["纪检监察", "政法（综治）", "卫生健康"], by=staff
    )
    vetoed = new_app(next(pool))
    assess(vetoed)
    consult(vetoed, veto=True)  # 未通过（一票否决）
    # Publicity: one finished earlier this year (then named), one running now.
    done_apps = [new_app(next(pool)) for _ in range(2)]
    for app in done_apps:
        assess(app)
        consult(app)
    past_start = today - dt.timedelta(days=40)
    pub_svc.publicity_start(
        region=city,
        title=f"{year}年度第一批市级文明单位拟命名名单公示",
        start_date=past_start,
        days=5,
        working_days=True,
        how_to_object=HOW_TO_OBJECT,
        applications=done_apps,
        by=staff,
    )
    naming_svc.applications_name(applications=done_apps, doc_number=f"商文明委〔{year}〕12号", by=staff)
    running = [new_app(next(pool)) for _ in range(2)]
    for app in running:
        assess(app)
        consult(app)
    pub_svc.publicity_start(
        region=city,
        title=f"{year}年度第二批市级文明单位拟命名名单公示",
        start_date=today,
        days=5,
        working_days=True,
        how_to_object=HOW_TO_OBJECT,
        applications=running,
        by=staff,
    )
    pub_svc.objection_record(
        application=running[0],
        received_on=today,
        content="反映该单位窗口服务态度差，群众排队时间长。",
        source="来电（匿名）",
        by=staff,
    )
    rejected = new_app(next(pool))
    apps_svc.application_reject(application=rejected, reason="申报材料与实际不符，经核实不予通过。", by=staff)
    counts = apps_svc.application_status_counts(TitleApplication.objects.filter(year=year))
    ctx.log("  本年度申报：" + "，".join(f"{k}{v}" for k, v in counts.items()))

    # Yearly materials.
    kinds = [
        UnitKind.PARTY_GOV,
        UnitKind.PUBLIC_INSTITUTION,
        UnitKind.STATE_ENTERPRISE,
        UnitKind.SCHOOL,
        UnitKind.HOSPITAL,
    ]
    reqs = [
        MaterialRequirement.objects.create(
            region=city,
            year=year,
            name="年度创建工作总结",
            unit_kinds=kinds,
            due_date=dt.date(year, 12, 15),
            notes="加盖单位公章的PDF，3000字以内",
        ),
        MaterialRequirement.objects.create(
            region=city, year=year, name="创建工作台账", unit_kinds=kinds, due_date=dt.date(year, 12, 15)
        ),
        MaterialRequirement.objects.create(
            region=city,
            year=year,
            name="佐证照片",
            unit_kinds=kinds,
            due_date=today + dt.timedelta(days=7),
            notes="志愿服务、结对帮扶等活动照片，JPG或PNG",
        ),
    ]
    n_sub = 0
    for i, unit in enumerate([u for u in orgs if u.kind in kinds][:40]):
        for j, req in enumerate(reqs):
            if (i + j) % 3 == 2 or unit.pk == unit_a.pk and j == 2:
                continue
            sub = mat_svc.material_upload(requirement=req, unit=unit, file=_pdf(f"{req.name}.pdf"), by=admin)
            n_sub += 1
            if (i + j) % 4 == 0:
                mat_svc.material_accept(submission=sub, by=staff)
            elif (i + j) % 4 == 1 or unit.pk == unit_a.pk:
                mat_svc.material_return(submission=sub, comment="未加盖公章，请重新上传。", by=staff)
    ctx.log(f"  年度材料要求 {len(reqs)} 项，提交 {n_sub} 份")

    # Pairing.
    holders = list(Title.objects.filter(category=wmdw).select_related("unit")[:10])
    n_rec = 0
    for i, title in enumerate(holders + [None]):
        unit = title.unit if title else unit_a
        if not places:
            break
        partner = places[i % len(places)]
        pairing = Pairing.objects.create(
            unit=unit,
            partner=partner,
            started_on=dt.date(year - 1, 3, 1),
            goals="党建共建、志愿服务进村（社区）、产业帮扶",
            created_by=staff,
        )
        records = [
            PairingRecord(
                pairing=pairing,
                date=dt.date(year, m, rng.randint(1, 27)),
                content=c,
                people=rng.randint(8, 40),
                created_by=staff,
            )
            for m, c in (
                (3, "开展学雷锋志愿服务进社区活动"),
                (6, "端午节走访慰问困难群众"),
                (9, "组织人居环境整治志愿劳动"),
            )
        ]
        PairingRecord.objects.bulk_create(records)
        n_rec += len(records)
    ctx.log(f"  结对 {len(holders) + 1} 对，活动 {n_rec} 次")
    ctx.data["titles_running_publicity"] = [a.pk for a in running]
