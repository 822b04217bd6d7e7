"""Demo data for titles: categories, evaluation systems, a cultivation round, applications
in every state (through the services, so every step is logged), an open publicity, titles
named over the past five years, re-examinations, yearly materials and pairings."""

import datetime as dt
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from core.demo import DEMO_PROVINCE
from core.workdays import year_covered
from units.models import Region, Unit, UnitKind

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
                application_deadline=dt.date(y, 10, 31),
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
        # Late in December the period runs into next year, whose holidays may not be
        # entered yet: the demo then counts calendar days rather than stop seeding.
        working_days=year_covered((today + dt.timedelta(days=14)).year),
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

    # Yearly materials (of the province's office at province scale, so every unit has some).
    req_region = Region.objects.get(code=DEMO_PROVINCE) if ctx.scale == "province" else city
    kinds = [
        UnitKind.PARTY_GOV,
        UnitKind.PUBLIC_INSTITUTION,
        UnitKind.STATE_ENTERPRISE,
        UnitKind.SCHOOL,
        UnitKind.HOSPITAL,
    ]
    reqs = [
        MaterialRequirement.objects.create(
            region=req_region,
            year=year,
            name="年度创建工作总结",
            unit_kinds=kinds,
            due_date=dt.date(year, 12, 15),
            notes="加盖单位公章的PDF，3000字以内",
        ),
        MaterialRequirement.objects.create(
            region=req_region, year=year, name="创建工作台账", unit_kinds=kinds, due_date=dt.date(year, 12, 15)
        ),
        MaterialRequirement.objects.create(
            region=req_region,
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
    seed_volume(ctx, cats=cats, city_systems=systems, reqs=reqs, reviewer=reviewer, staff=staff)


# ---------------------------------------------------------------------------------------
# Volume: the story above is the same at every scale; this adds rows in proportion to the
# number of units (demo: a handful, city ≈ 2,000 units, province ≈ 50,000), in bulk, so that
# lists, filters, the completeness matrix and the dashboards have a believable load.

TITLE_SHARE = 0.12  # about one organisation in eight holds a title
APPLY_SHARE = 1 / 12  # about one in twelve applies in a year
STATE_MIX = [  # this year's applications by state
    (AppStatus.DRAFT, 10),
    (AppStatus.SUBMITTED, 15),
    (AppStatus.RETURNED, 8),
    (AppStatus.ASSESSING, 20),
    (AppStatus.CONSULTING, 12),
    (AppStatus.PUBLICITY, 10),
    (AppStatus.NAMED, 15),
    (AppStatus.REJECTED, 10),
]
BATCH = 2000


def _bulk(model, objs):
    return model.objects.bulk_create(objs, batch_size=BATCH)


def _share(rng, items, weights):
    return rng.choices(items, weights=weights)[0]


def seed_volume(ctx, *, cats, city_systems, reqs, reviewer, staff):
    """Bulk rows for the scale: titles of past years (with their named applications),
    re-examinations, this year's applications in every state (revisions, scores,
    consultations, publicity), yearly-material submissions and pairings."""
    from django.core.files.storage import default_storage

    from core.models import StateLog
    from core.workdays import end_of_period

    from .models import (
        ApplicationRevision,
        Consultation,
        CriterionScore,
        MaterialStatus,
        MaterialSubmission,
        PublicityBatch,
        ReExamination,
        ReviewAssignment,
        SelfAssessmentItem,
        TitleStatus,
    )

    year, rng, city = ctx.year, ctx.rng, ctx.city
    today = timezone.localdate()
    now = timezone.now()
    wmdw = cats["文明单位"]
    root = Region.objects.get(code=DEMO_PROVINCE) if ctx.scale == "province" else city

    # Offices outside the demo city (province scale) use the province's evaluation system.
    systems = dict(city_systems)
    prov_systems = {}
    if root.pk != city.pk:
        for y in range(year - 5, year + 1):
            s = EvaluationSystem.objects.create(
                region=root,
                category=wmdw,
                year=y,
                name=f"{root.name}{y}年度文明单位测评体系",
                pass_score=Decimal("85"),
                application_deadline=dt.date(y, 10, 31),
            )
            _bulk(
                Criterion,
                [
                    Criterion(system=s, code=c, name=n, max_points=m, notes=note, order=i)
                    for i, (c, n, m, note) in enumerate(CRITERIA)
                ],
            )
            prov_systems[y] = s
    crits = {s.pk: list(s.criteria.all()) for s in [*systems.values(), *prov_systems.values()]}

    def system_for(unit, y):
        if unit.region.code.startswith(city.code):
            return systems[(wmdw.pk, y)]
        return prov_systems[y]

    busy = set(TitleApplication.objects.values_list("unit_id", flat=True)) | set(
        Title.objects.values_list("unit_id", flat=True)
    )
    pool = list(
        Unit.objects.filter(region__code__startswith=root.code)
        .exclude(kind__in=[UnitKind.VILLAGE, UnitKind.COMMUNITY, UnitKind.PRIVATE_ENTERPRISE])
        .exclude(pk__in=busy)
        .select_related("region")
        .order_by("pk")
    )
    rng.shuffle(pool)
    n_titles = int(len(pool) * TITLE_SHARE)
    n_apps = max(len(STATE_MIX), int(len(pool) * APPLY_SHARE))
    holders, applicants = pool[:n_titles], pool[n_titles : n_titles + n_apps]

    # Titles of past years, each with the application it was named on.
    city_names = dict(
        Region.objects.filter(code__startswith=root.code, level=Region.Level.CITY).values_list("code", "name")
    )
    named_apps, titles = [], []
    for unit in holders:
        y = rng.randint(year - 5, year - 1)
        level = _share(rng, [Level.COUNTY, Level.CITY, Level.PROVINCE], [40, 50, 10])
        named_apps.append(
            TitleApplication(
                unit=unit,
                category=wmdw,
                level=level,
                year=y,
                system=system_for(unit, y),
                status=AppStatus.NAMED,
                revision=1,
                average_score=Decimal(rng.randint(85, 97)),
                submitted_at=now,
            )
        )
    _bulk(TitleApplication, named_apps)
    for app in named_apps:
        y, term = app.year, wmdw.term_years
        city_name = city_names.get(app.unit.region.code[:4], city.name)
        doc = {
            Level.PROVINCE: "豫文明委",
            Level.CITY: f"{city_name[0]}文明委",
            Level.COUNTY: f"{app.unit.region.name[0]}文明委",
        }[app.level]
        titles.append(
            Title(
                unit=app.unit,
                category=wmdw,
                level=app.level,
                conferred_year=y,
                doc_number=f"{doc}〔{y}〕{y % 7 + 3}号",
                term_years=term,
                term_end_year=y + term - 1,
                latest_score=app.average_score,
                application=app,
                status=TitleStatus.EXPIRED if y + term - 1 < year else TitleStatus.ACTIVE,
            )
        )
    _bulk(Title, titles)

    # This year's re-examinations of titles in term: 保留 / 限期整改 / 撤销.
    exams = []
    for t in titles:
        if t.status != TitleStatus.ACTIVE or rng.random() > 0.7:
            continue
        outcome = _share(rng, list(ReExamination.Outcome), [85, 11, 4])
        score = Decimal(
            rng.randint(86, 98)
            if outcome == "保留"
            else rng.randint(70, 84)
            if outcome == "限期整改"
            else rng.randint(55, 69)
        )
        deadline = today + dt.timedelta(days=rng.randint(15, 90)) if outcome == "限期整改" else None
        reason = {
            "保留": "",
            "限期整改": "志愿服务台账不完整，结对帮扶活动偏少",
            "撤销": "发生严重违纪违法案件，按规定撤销称号",
        }[outcome]
        exams.append(
            ReExamination(
                title=t,
                year=year,
                examined_on=dt.date(year, 9, rng.randint(1, 28)),
                score=score,
                outcome=outcome,
                deadline=deadline,
                reason=reason,
                recorded_by=staff,
            )
        )
        t.status = {"保留": TitleStatus.PASSED, "限期整改": TitleStatus.WARNED, "撤销": TitleStatus.REVOKED}[outcome]
        t.latest_score, t.rectify_deadline = score, deadline
    _bulk(ReExamination, exams)
    Title.objects.bulk_update(
        [e.title for e in exams], ["status", "latest_score", "rectify_deadline"], batch_size=BATCH
    )

    # This year's applications in every state.
    def publicity_batch(name: str, start: dt.date) -> PublicityBatch:  # five working days from `start`
        return PublicityBatch.objects.create(
            region=root,
            title=f"{year}年度{root.name}文明单位拟命名名单公示（{name}）",
            start_date=start,
            days=5,
            working_days=True,
            end_date=end_of_period(start, 5, working_days=True),
            how_to_object=HOW_TO_OBJECT,
            created_by=staff,
        )

    running = publicity_batch("集中公示", today)
    finished = publicity_batch("第一批", today - dt.timedelta(days=30))
    states = [s for s, w in STATE_MIX for _ in range(w)]
    apps = []
    for i, unit in enumerate(applicants):
        status = STATE_MIX[i][0] if i < len(STATE_MIX) else rng.choice(states)  # every state at least once
        app = TitleApplication(
            unit=unit,
            category=wmdw,
            level=Level.CITY if unit.region.code.startswith(city.code) else Level.COUNTY,
            year=year,
            system=system_for(unit, year),
            status=status,
            created_by=staff,
            summary=f"{unit.name}把文明创建与业务工作同部署、同推进、同考核。",
            revision=0 if status == AppStatus.DRAFT else 1,
            submitted_at=None if status == AppStatus.DRAFT else now,
        )
        if status == AppStatus.RETURNED:
            app.return_reason = "“志愿服务”一项缺少服务时长佐证，请补充后重新提交。"
        if status == AppStatus.REJECTED:
            app.outcome_reason = "申报材料与实际不符，经核实不予通过。"
        if status == AppStatus.PUBLICITY:
            app.publicity = running
        if status == AppStatus.NAMED:
            app.publicity = finished
        apps.append(app)
    _bulk(TitleApplication, apps)

    items, revisions, assignments = [], [], []
    for app in apps:
        rows = [
            SelfAssessmentItem(
                application=app,
                criterion=c,
                claimed_points=c.max_points - rng.choice([0, 1, 2]),
                description=f"{c.name}：按照测评体系要求逐项落实，详见附件。",
            )
            for c in crits[app.system_id]
        ]
        items += rows
        if app.status != AppStatus.DRAFT:
            revisions.append(
                ApplicationRevision(
                    application=app,
                    number=1,
                    submitted_by=staff,
                    snapshot={
                        "summary": app.summary,
                        "items": [
                            {
                                "criterion": r.criterion.pk,
                                "code": r.criterion.code,
                                "name": r.criterion.name,
                                "max": str(r.criterion.max_points),
                                "claimed": str(r.claimed_points),
                                "description": r.description,
                            }
                            for r in rows
                        ],
                        "attachments": [],
                    },
                )
            )
    _bulk(SelfAssessmentItem, items)
    _bulk(ApplicationRevision, revisions)
    rev_of = {r.application_id: r for r in revisions}

    assessed = [AppStatus.ASSESSING, AppStatus.CONSULTING, AppStatus.PUBLICITY, AppStatus.NAMED, AppStatus.REJECTED]
    for app in apps:
        if app.status in assessed:
            scored = app.status != AppStatus.ASSESSING or rng.random() < 0.5
            assignments.append(
                ReviewAssignment(
                    application=app,
                    reviewer=reviewer,
                    assigned_by=staff,
                    revision=rev_of[app.pk] if scored else None,
                    submitted_at=now if scored else None,
                    comment="材料齐全，特色鲜明。" if scored else "",
                )
            )
    _bulk(ReviewAssignment, assignments)
    scores = []
    for a in assignments:
        if a.submitted_at is None:
            continue
        pts = [
            CriterionScore(assignment=a, criterion=c, points=c.max_points - rng.choice([0, 0, 1, 2]))
            for c in crits[a.application.system_id]
        ]
        scores += pts
        a.total = sum((p.points for p in pts), Decimal(0))
        a.application.average_score = a.total
    _bulk(CriterionScore, scores)
    ReviewAssignment.objects.bulk_update([a for a in assignments if a.total is not None], ["total"], batch_size=BATCH)
    TitleApplication.objects.bulk_update(
        [a for a in apps if a.average_score is not None], ["average_score"], batch_size=BATCH
    )

    consults = []
    depts = ["纪检监察", "政法（综治）", "生态环境", "市场监管"]
    for app in apps:
        if app.status == AppStatus.CONSULTING:
            answers = [rng.choice([Consultation.Answer.PENDING, Consultation.Answer.AGREE]) for _ in depts]
        elif app.status in (AppStatus.PUBLICITY, AppStatus.NAMED):
            answers = [Consultation.Answer.AGREE] * len(depts)
        elif app.status == AppStatus.REJECTED and rng.random() < 0.5:  # 一票否决
            answers = [
                Consultation.Answer.AGREE,
                Consultation.Answer.AGREE,
                Consultation.Answer.VETO,
                Consultation.Answer.PENDING,
            ]
            app.outcome_reason = "生态环境一票否决：本年度发生环境违法行为并受到行政处罚"
        else:
            continue
        for d, ans in zip(depts, answers, strict=True):
            consults.append(
                Consultation(
                    application=app,
                    department=d,
                    answer=ans,
                    recorded_by=staff if ans != "待答复" else None,
                    answered_on=today - dt.timedelta(days=rng.randint(1, 20)) if ans != "待答复" else None,
                    reason="本年度发生环境违法行为并受到行政处罚" if ans == "否决" else "",
                )
            )
    _bulk(Consultation, consults)
    TitleApplication.objects.bulk_update(
        [a for a in apps if a.status == AppStatus.REJECTED], ["outcome_reason"], batch_size=BATCH
    )

    # Named this year: their titles (new), with the document number.
    doc = f"商文明委〔{year}〕18号" if root.pk == city.pk else f"豫文明委〔{year}〕18号"
    new_titles = [
        Title(
            unit=a.unit,
            category=wmdw,
            level=a.level,
            conferred_year=year,
            doc_number=doc,
            term_years=wmdw.term_years,
            term_end_year=year + wmdw.term_years - 1,
            latest_score=a.average_score,
            application=a,
        )
        for a in apps
        if a.status == AppStatus.NAMED
    ]
    _bulk(Title, new_titles)

    # The path of each application, as the services would have logged it.
    from django.contrib.contenttypes.models import ContentType

    ct = ContentType.objects.get_for_model(TitleApplication)
    paths = {
        AppStatus.SUBMITTED: ["已提交"],
        AppStatus.RETURNED: ["已提交", "退回"],
        AppStatus.ASSESSING: ["已提交", "考评中"],
        AppStatus.CONSULTING: ["已提交", "考评中", "征求意见"],
        AppStatus.PUBLICITY: ["已提交", "考评中", "征求意见", "公示中"],
        AppStatus.NAMED: ["已提交", "考评中", "征求意见", "公示中", "已命名"],
        AppStatus.REJECTED: ["已提交", "考评中", "征求意见", "未通过"],
    }
    names = {
        "已提交": "submit",
        "退回": "return_for_changes",
        "考评中": "start_assessment",
        "征求意见": "start_consultation",
        "公示中": "start_publicity",
        "已命名": "name",
        "未通过": "reject",
    }
    logs = []
    for app in apps:
        source = "草稿"
        for target in paths.get(app.status, []):
            comment = {"退回": app.return_reason, "未通过": app.outcome_reason, "已命名": doc}.get(target, "")
            logs.append(
                StateLog(
                    content_type=ct,
                    object_id=app.pk,
                    transition=names[target],
                    source=source,
                    target=target,
                    by=staff,
                    comment=comment,
                )
            )
            source = target
    _bulk(StateLog, logs)

    # Yearly materials: most units upload, staff have reviewed about half.
    stored = default_storage.save("titles/materialsubmission/demo/年度材料样例.pdf", ContentFile(PDF))
    done = set(MaterialSubmission.objects.values_list("unit_id", flat=True))  # the story above: left as it is
    subs = []
    eligible = Unit.objects.filter(region__code__startswith=root.code, kind__in=reqs[0].unit_kinds).only("pk")
    for unit_id in eligible.values_list("pk", flat=True).iterator():
        for j, req in enumerate(reqs):
            if unit_id in done or rng.random() > (0.85, 0.75, 0.6)[j]:
                continue
            status = _share(rng, list(MaterialStatus), [35, 50, 15])
            subs.append(
                MaterialSubmission(
                    requirement=req,
                    unit_id=unit_id,
                    file=stored,
                    original_name=f"{req.name}.pdf",
                    status=status,
                    uploaded_by=staff,
                    uploaded_at=now - dt.timedelta(days=rng.randint(1, 60)),
                    reviewed_by=staff if status != "待审核" else None,
                    reviewed_at=now if status != "待审核" else None,
                    review_comment="未加盖公章，请重新上传。" if status == "已退回" else "",
                )
            )
    _bulk(MaterialSubmission, subs)

    # Pairings: title holders in term with a village or community of their county.
    places = {}
    for pk, code in Unit.objects.filter(
        region__code__startswith=root.code, kind__in=[UnitKind.VILLAGE, UnitKind.COMMUNITY]
    ).values_list("pk", "region__code"):
        places.setdefault(code[:6], []).append(pk)
    pairings = []
    for t in [*titles, *new_titles]:
        nearby = places.get(t.unit.region.code[:6])
        if t.status in (TitleStatus.ACTIVE, TitleStatus.PASSED, TitleStatus.WARNED) and nearby:
            pairings.append(
                Pairing(
                    unit=t.unit,
                    partner_id=rng.choice(nearby),
                    goals="党建共建、志愿服务进村（社区）",
                    started_on=dt.date(t.conferred_year, 3, 1),
                    created_by=staff,
                )
            )
    _bulk(Pairing, pairings)
    records = [
        PairingRecord(
            pairing=p, date=dt.date(year, m, rng.randint(1, 27)), content=c, people=rng.randint(8, 40), created_by=staff
        )
        for p in pairings
        for m, c in (
            (3, "开展学雷锋志愿服务进社区活动"),
            (6, "端午节走访慰问困难群众"),
            (9, "组织人居环境整治志愿劳动"),
        )
        if rng.random() < 0.8
    ]
    _bulk(PairingRecord, records)
    ctx.log(
        f"  规模数据：称号 {len(titles) + len(new_titles)} 个，复查 {len(exams)} 次，本年度申报 {len(apps)} 件，"
        f"年度材料 {len(subs)} 份，结对 {len(pairings)} 对（活动 {len(records)} 次）"
    )
