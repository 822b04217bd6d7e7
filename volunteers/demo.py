"""Demo volunteers: a team tree per county, volunteers with valid ID numbers, events,
sign-ups, confirmed hours over several years, stars, pending registrations for the
demo team leader, a volunteer login, service requests. Bulk writes (COPY on
PostgreSQL) so that city (200k / 2M) and province (2M / 20M) scales are practical."""

import datetime as dt
import time
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import connection
from django.db.models import Case, IntegerField, Min, OuterRef, Subquery, Sum, Value, When
from django.utils import timezone

from core.demo import DEMO_PASSWORD, DEMO_PROVINCE
from core.idcard import make_id_number
from core.roles import Role
from units.models import Profile, Region, Unit, UnitKind

from .bulk import insert_rows
from .models import (
    DEFAULT_STAR_HOURS,
    EventCategory,
    PoliticalStatus,
    ServiceEvent,
    ServiceRecord,
    ServiceRequest,
    SignUp,
    StarThreshold,
    Team,
    TeamKind,
    Volunteer,
)

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段漕钱汤尹黎易常武乔贺赖龚文"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉兰萍建华红梅鑫宇浩然欣怡子涵梓萱一诺佳怡雨泽俊杰思远文博晓东建国海燕春梅志强淑珍丽华明辉"
SKILLS = [
    "医疗救护",
    "心理咨询",
    "法律咨询",
    "摄影摄像",
    "文艺演出",
    "教育辅导",
    "电脑维修",
    "交通引导",
    "手语",
    "驾驶",
    "烹饪",
    "书法",
    "",
]
SUB_TEAMS = [
    (TeamKind.PARTY, "党员志愿服务队"),
    (TeamKind.YOUTH, "青年志愿服务队"),
    (TeamKind.WOMEN, "巾帼志愿服务队"),
    (TeamKind.CIVILIZED_UNIT, "文明单位志愿服务队"),
    (TeamKind.PROFESSIONAL, "医疗义诊志愿服务队"),
]
EVENT_TITLES = {
    EventCategory.CARE_OTHERS: ["关爱留守儿童陪伴活动", "走访慰问困难群众", "爱心助餐进社区"],
    EventCategory.CARE_SOCIETY: ["学雷锋便民服务", "文明劝导进社区", "反诈宣传进万家"],
    EventCategory.CARE_NATURE: ["植树护绿活动", "河道清洁行动", "垃圾分类宣传"],
    EventCategory.TRAFFIC: ["文明交通劝导", "路口志愿执勤"],
    EventCategory.ELDERLY_DISABLED: ["敬老院关爱老人", "助残日结对帮扶"],
    EventCategory.ENVIRONMENT: ["清洁家园环境整治", "背街小巷卫生清理"],
    EventCategory.MEDICAL: ["社区义诊", "健康知识讲座与免费测血压"],
}
POLITICAL_WEIGHTS = [
    (PoliticalStatus.PARTY_MEMBER, 30),
    (PoliticalStatus.LEAGUE_MEMBER, 25),
    (PoliticalStatus.MASSES, 42),
    (PoliticalStatus.DEMOCRATIC, 2),
    (PoliticalStatus.PROBATIONARY, 1),
]


def _name(rng) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


def _phone(rng) -> str:
    return rng.choice(("138", "139", "150", "151", "136", "187", "177", "159")) + f"{rng.randrange(10**8):08d}"


def seed(ctx):
    started = time.monotonic()
    rng = ctx.rng
    teams, leader_team = _seed_teams(ctx)
    _seed_thresholds(ctx)
    vols = _seed_volunteers(ctx, teams, leader_team)
    _seed_events_and_records(ctx, teams, leader_team, vols)
    _seed_volunteer_login(ctx, leader_team)
    _seed_requests(ctx, teams, leader_team)
    ctx.data["volunteer_team"] = leader_team
    ctx.log(f"  志愿服务 用时 {time.monotonic() - started:.1f} 秒")
    del rng


def _seed_teams(ctx):
    rng = ctx.rng
    city = ctx.city
    if ctx.scale == "province":
        counties = list(
            Region.objects.filter(level=Region.Level.COUNTY, code__startswith=DEMO_PROVINCE).order_by("code")
        )
    else:
        counties = list(ctx.counties)
    host = Unit.objects.filter(region__code__startswith=city.code, kind=UnitKind.SOCIAL_ORG).order_by("pk").first()
    city_team = Team.objects.create(
        name=f"{city.name}志愿服务总队", kind=TeamKind.COMMUNITY, region=city, host_unit=host, contact_phone=_phone(rng)
    )
    teams = [city_team]
    units_by_county: dict[str, list] = {}
    for unit in (
        Unit.objects.filter(
            region__code__startswith=DEMO_PROVINCE if ctx.scale == "province" else city.code,
            kind__in=[UnitKind.SOCIAL_ORG, UnitKind.PARTY_GOV, UnitKind.HOSPITAL, UnitKind.PUBLIC_INSTITUTION],
        )
        .only("pk", "kind", "region__code")
        .select_related("region")
    ):
        units_by_county.setdefault(unit.region.code[:6], []).append(unit)
    for county in counties:
        units = units_by_county.get(county.code, [])
        social = [u for u in units if u.kind == UnitKind.SOCIAL_ORG] or units
        county_team = Team.objects.create(
            name=f"{county.name}志愿服务总队",
            parent=city_team,
            kind=TeamKind.COMMUNITY,
            region=county,
            host_unit=social[0] if social else None,
            contact_phone=_phone(rng),
        )
        teams.append(county_team)
        subs = []
        for kind, label in SUB_TEAMS:
            if kind == TeamKind.PROFESSIONAL:
                hosts = [u for u in units if u.kind == UnitKind.HOSPITAL] or units
            else:
                hosts = [u for u in units if u.kind in (UnitKind.PARTY_GOV, UnitKind.PUBLIC_INSTITUTION)] or units
            subs.append(
                Team(
                    name=f"{county.name}{label}",
                    parent=county_team,
                    kind=kind,
                    region=county,
                    host_unit=rng.choice(hosts) if hosts else None,
                    contact_phone=_phone(rng),
                )
            )
        teams += Team.objects.bulk_create(subs)
    leader = ctx.users.get("team_leader")
    leader_team = next(t for t in teams if t.region_id == ctx.counties[0].pk and t.kind == TeamKind.PARTY)
    if leader:
        leader_team.leaders.add(leader)
        # Every county's general team gets a leader account too, so reminders have recipients.
    ctx.log(f"  志愿服务队 {len(teams)} 支")
    return teams, leader_team


def _seed_thresholds(ctx):
    # One county follows a provincial scheme with lower thresholds (configurable per region).
    if len(ctx.counties) > 1:
        StarThreshold.objects.create(region=ctx.counties[1], star1=100, star2=200, star3=500, star4=800, star5=1000)


def _seed_volunteers(ctx, teams, leader_team):
    rng = ctx.rng
    n = ctx.sizes["volunteers"]
    branch = [t for t in teams if t.parent_id and t.parent.parent_id] or teams
    now = timezone.now()
    tz = timezone.get_current_timezone()
    today = timezone.localdate()
    political = [p for p, w in POLITICAL_WEIGHTS for _ in range(w)]
    seen: set[str] = set()
    rows = []
    for i in range(n):
        team = leader_team if i % 25 == 0 else branch[i % len(branch)]
        sex = "男" if rng.random() < 0.48 else "女"
        birth = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 57))
        number = make_id_number(team.region.code, birth, sex, rng)
        while number in seen:
            number = make_id_number(team.region.code, birth + dt.timedelta(days=rng.randrange(1, 300)), sex, rng)
            birth = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
        seen.add(number)
        reg_day = today - dt.timedelta(days=int(rng.random() ** 1.5 * 365 * 5))
        status = Volunteer.Status.APPROVED if rng.random() < 0.97 else Volunteer.Status.REJECTED
        rows.append(
            (
                _name(rng),
                number,
                sex,
                birth,
                _phone(rng),
                rng.choice(political),
                team.region_id,
                team.pk,
                rng.choice(SKILLS),
                status,
                Volunteer.Source.IMPORT if i % 3 else Volunteer.Source.SELF,
                dt.datetime.combine(reg_day, dt.time(9 + i % 9, i % 60), tzinfo=tz),
                Decimal(0),
                0,
                now,
            )
        )
    # Pending self-registrations waiting for the demo team leader (and a few elsewhere).
    for i in range(10):
        team = leader_team if i < 7 else branch[i % len(branch)]
        sex = "男" if i % 2 else "女"
        number = make_id_number(team.region.code, dt.date(1985 + i, 3 + i % 9, 10 + i), sex, rng)
        if number in seen:
            continue
        seen.add(number)
        rows.append(
            (
                _name(rng),
                number,
                sex,
                dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14])),
                _phone(rng),
                rng.choice(political),
                team.region_id,
                team.pk,
                rng.choice(SKILLS),
                Volunteer.Status.PENDING,
                Volunteer.Source.SELF,
                now - dt.timedelta(days=i, hours=3),
                Decimal(0),
                0,
                now - dt.timedelta(days=i, hours=3),
            )
        )
    before = Volunteer.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    fields = [
        "name",
        "id_number",
        "sex",
        "birth_date",
        "phone",
        "political_status",
        "region_id",
        "team_id",
        "skills",
        "status",
        "source",
        "registered_at",
        "total_hours",
        "star",
        "consent_at",
    ]
    insert_rows(Volunteer, fields, iter(rows), batch_size=5000)
    ctx.log(f"  志愿者 {len(rows)} 名")
    # (pk, team_id, status) in insertion order: ids are assigned in order by both COPY and bulk_create.
    return list(Volunteer.objects.filter(pk__gt=before).order_by("pk").values_list("pk", "team_id", "status"))


def _seed_events_and_records(ctx, teams, leader_team, vols):
    rng = ctx.rng
    user = ctx.users.get("team_leader") or ctx.users.get("admin")
    now = timezone.now()
    tz = timezone.get_current_timezone()
    today = timezone.localdate()
    total_records = ctx.sizes["service_records"]
    approved_by_team: dict[int, list[int]] = {}
    approved = []
    for pk, team_id, status in vols:
        if status == Volunteer.Status.APPROVED:
            approved_by_team.setdefault(team_id, []).append(pk)
            approved.append((pk, team_id))
    active_teams = [t for t in teams if approved_by_team.get(t.pk)]
    n_events = max(300, total_records // 40)
    categories = list(EVENT_TITLES)
    events = []
    for i in range(n_events):
        team = leader_team if i % 20 == 0 else active_teams[i % len(active_teams)]
        cat = categories[i % len(categories)]
        days = rng.randrange(-3 * 365 - 200, 30)
        start = dt.datetime.combine(today + dt.timedelta(days=days), dt.time(rng.choice((8, 9, 14, 15))), tzinfo=tz)
        events.append(
            ServiceEvent(
                title=rng.choice(EVENT_TITLES[cat]),
                category=cat,
                team=team,
                starts_at=start,
                ends_at=start + dt.timedelta(hours=rng.choice((2, 3, 4))),
                place=f"{team.region.name}{rng.choice(('人民广场', '中心社区', '敬老院', '第一小学', '滨河公园', '火车站'))}",
                places=rng.choice((10, 15, 20, 30)),
                created_by=user,
            )
        )
    # A few events of the leader's team near today: coming up, and done but not yet confirmed.
    for offset in (3, 8, 15, -2, -5):
        cat = categories[offset % len(categories)]
        start = dt.datetime.combine(today + dt.timedelta(days=offset), dt.time(9), tzinfo=tz)
        events.append(
            ServiceEvent(
                title=rng.choice(EVENT_TITLES[cat]),
                category=cat,
                team=leader_team,
                starts_at=start,
                ends_at=start + dt.timedelta(hours=3),
                place=f"{leader_team.region.name}中心社区",
                places=20,
                created_by=user,
            )
        )
    events = ServiceEvent.objects.bulk_create(events, batch_size=2000)
    signups, event_records, confirmed_ids = [], [], []
    record_fields = [
        "volunteer_id",
        "event_id",
        "team_id",
        "service_date",
        "hours",
        "content",
        "source",
        "confirmed_by_id",
        "confirmed_at",
    ]
    for e in events:
        pool = approved_by_team.get(e.team_id, [])
        if not pool:
            continue
        chosen = rng.sample(pool, min(len(pool), rng.randint(3, min(e.places, 12))))
        signups += [SignUp(event=e, volunteer_id=v) for v in chosen]
        if e.starts_at < now - dt.timedelta(days=7) or (e.starts_at < now and e.team_id != leader_team.pk):
            hours = Decimal((e.ends_at - e.starts_at).seconds // 3600)
            event_records += [
                (
                    v,
                    e.pk,
                    e.team_id,
                    timezone.localdate(e.starts_at),
                    hours,
                    e.title,
                    "event",
                    user.pk if user else None,
                    e.ends_at,
                )
                for v in chosen
            ]
            confirmed_ids.append(e.pk)
    SignUp.objects.bulk_create(signups, batch_size=5000)
    ServiceEvent.objects.filter(pk__in=confirmed_ids).update(hours_confirmed_at=now)
    insert_rows(ServiceRecord, record_fields, iter(event_records))
    # Balances carried over from the previous platform give long-serving volunteers their stars.
    carried = [(v, team_id) for v, team_id in approved if rng.random() < 0.12]
    carry_rows = [
        (
            v,
            None,
            team_id,
            dt.date(today.year - 3, 1, 1),
            Decimal(rng.choice((60, 120, 180, 320, 450, 650, 1100, 1600))),
            "迁移前累计服务时长",
            "import",
            user.pk if user else None,
            now,
        )
        for v, team_id in carried
    ]
    insert_rows(ServiceRecord, record_fields, iter(carry_rows))
    ledger = max(0, total_records - len(event_records) - len(carry_rows))
    start_day = dt.date(today.year - 3, 1, 1)
    span = (today - start_day).days
    contents = [t for titles in EVENT_TITLES.values() for t in titles]

    def ledger_rows():
        for _ in range(ledger):
            v, team_id = approved[int(rng.random() ** 1.3 * len(approved))]
            day = start_day + dt.timedelta(days=rng.randrange(span))
            yield (
                v,
                None,
                team_id,
                day,
                Decimal(rng.choice((1, 2, 2, 3, 3, 4, 4, 6, 8))),
                rng.choice(contents),
                "import",
                user.pk if user else None,
                now,
            )

    insert_rows(ServiceRecord, record_fields, ledger_rows(), batch_size=10000)
    ctx.log(
        f"  活动 {len(events)} 场，报名 {len(signups)} 人次，服务记录 {len(event_records) + len(carry_rows) + ledger} 条"
    )
    _totals_and_stars(ctx)


def _totals_and_stars(ctx):
    """One set-based pass at seed time (the running system updates stars incrementally)."""
    total = Subquery(
        ServiceRecord.objects.filter(volunteer=OuterRef("pk"))
        .order_by()
        .values("volunteer")
        .annotate(h=Sum("hours"))
        .values("h")
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute(
                "UPDATE volunteers_volunteer v SET total_hours = s.h FROM "
                "(SELECT volunteer_id, SUM(hours) h FROM volunteers_servicerecord GROUP BY volunteer_id) s "
                "WHERE v.id = s.volunteer_id"
            )
    else:
        Volunteer.objects.filter(records__isnull=False).distinct().update(total_hours=total)

    def star_case(hours):
        return Case(
            *[When(total_hours__gte=h, then=Value(5 - i)) for i, h in enumerate(reversed(hours))],
            default=Value(0),
            output_field=IntegerField(),
        )

    Volunteer.objects.filter(total_hours__gte=min(DEFAULT_STAR_HOURS[0], 100)).update(
        star=star_case(DEFAULT_STAR_HOURS)
    )
    for t in StarThreshold.objects.select_related("region"):
        Volunteer.objects.filter(region__code__startswith=t.region.code, total_hours__gt=0).update(
            star=star_case(t.hours)
        )


def _seed_volunteer_login(ctx, leader_team):
    User = get_user_model()
    volunteer = (
        Volunteer.objects.filter(team=leader_team, status=Volunteer.Status.APPROVED, total_hours__gt=0)
        .order_by("-total_hours")
        .first()
    )
    if volunteer is None:
        return
    user = User.objects.create(username="volunteer", password=make_password(DEMO_PASSWORD))
    user.groups.set(Group.objects.filter(name=Role.VOLUNTEER))
    Profile.objects.create(user=user, region=volunteer.region, display_name=volunteer.name, phone=volunteer.phone)
    volunteer.user = user
    first = ServiceRecord.objects.filter(volunteer=volunteer).aggregate(d=Min("service_date"))["d"]
    if first and volunteer.registered_at.date() > first:  # registered before the first service shown on the certificate
        volunteer.registered_at = timezone.make_aware(dt.datetime.combine(first - dt.timedelta(days=30), dt.time(9)))
    volunteer.save(update_fields=["user", "registered_at"])
    ctx.users["volunteer"] = user
    ctx.logins.append((Role.VOLUNTEER, "volunteer", f"{volunteer.name}，{leader_team.name}"))


def _seed_requests(ctx, teams, leader_team):
    from .services.hours import hours_apply_deltas

    rng = ctx.rng
    now = timezone.now()
    needs = [
        ("独居老人每周上门陪护", EventCategory.ELDERLY_DISABLED, "社区居委会"),
        ("小区楼道杂物清理", EventCategory.ENVIRONMENT, "物业与业主委员会"),
        ("留守儿童暑期课业辅导", EventCategory.CARE_OTHERS, "村民委员会"),
        ("学校门口上下学交通疏导", EventCategory.TRAFFIC, "第一小学"),
        ("老年人智能手机使用培训", EventCategory.CARE_SOCIETY, "老年活动中心"),
        ("社区义诊测血糖血压", EventCategory.MEDICAL, "居民张女士"),
    ]
    created = []
    for i in range(24):
        title, cat, who = needs[i % len(needs)]
        team = leader_team if i % 3 == 0 else rng.choice(teams[1:])
        req = ServiceRequest.objects.create(
            title=title,
            description=f"{who}反映：{title}，希望志愿者协助。",
            category=cat,
            requester=who,
            contact_phone=_phone(rng),
            region=team.region,
            address=f"{team.region.name}{rng.choice(('东街', '西街', '南关'))}",
            wanted_on=timezone.localdate() + dt.timedelta(days=rng.randint(-30, 30)),
            posted_at=now - dt.timedelta(days=rng.randint(0, 200)),
        )
        created.append((req, team))
    deltas: dict[int, Decimal] = {}
    for i, (req, team) in enumerate(created):
        state = i % 4
        if state == 0:
            continue  # open
        vols = list(Volunteer.objects.filter(team=team, status=Volunteer.Status.APPROVED)[:3])
        if not vols:
            continue
        req.team = team
        req.status = ServiceRequest.Status.MATCHED
        req.save(update_fields=["team", "status"])
        req.volunteers.set(vols)
        if state in (2, 3):
            hours = Decimal(rng.choice((2, 3, 4)))
            ServiceRecord.objects.bulk_create(
                [
                    ServiceRecord(
                        volunteer=v,
                        team=team,
                        service_date=timezone.localdate(req.posted_at),
                        hours=hours,
                        content=f"需求对接：{req.title}",
                        source=ServiceRecord.Source.REQUEST,
                    )
                    for v in vols
                ]
            )
            for v in vols:
                deltas[v.pk] = deltas.get(v.pk, Decimal(0)) + hours
            req.status, req.hours_served, req.closed_at = (
                ServiceRequest.Status.CLOSED,
                hours,
                req.posted_at + dt.timedelta(days=3),
            )
            req.save(update_fields=["status", "hours_served", "closed_at"])
    hours_apply_deltas(deltas)
    ctx.log(f"  群众需求 {len(created)} 件")
