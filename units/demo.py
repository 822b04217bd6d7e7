"""Demo regions, units and one account per role (see core.demo)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from core.demo import DEMO_CITY, DEMO_PASSWORD, DEMO_PROVINCE
from core.roles import Role

from .models import Profile, Region, Unit, UnitKind
from .validators import CREDIT_CHARS, credit_code_check_char

GOV_DEPARTMENTS = [
    ("教育局", "教育"),
    ("卫生健康委员会", "卫健"),
    ("交通运输局", "交通"),
    ("公路事业发展中心", "公路"),
    ("市场监督管理局", "市场监管"),
    ("生态环境局", "生态环境"),
    ("民政局", "民政"),
    ("文化广电和旅游局", "文旅"),
    ("住房和城乡建设局", "住建"),
    ("城市管理局", "城管"),
    ("公安局", "公安"),
    ("税务局", "税务"),
    ("人力资源和社会保障局", "人社"),
    ("财政局", "财政"),
    ("自然资源和规划局", "自然资源"),
    ("农业农村局", "农业农村"),
]
INSTITUTIONS = [
    ("图书馆", "文旅"),
    ("博物馆", "文旅"),
    ("疾病预防控制中心", "卫健"),
    ("公积金管理中心", "住建"),
    ("广播电视台", "宣传"),
    ("气象局", "气象"),
    ("供水公司", "住建"),
    ("综合行政执法大队", "城管"),
]
ENTERPRISES = [
    ("供电公司", "电力"),
    ("公共交通集团有限公司", "交通"),
    ("燃气有限公司", "住建"),
    ("农村商业银行", "金融"),
    ("移动分公司", "通信"),
    ("邮政分公司", "邮政"),
    ("投资集团有限公司", "国资"),
    ("水务集团有限公司", "住建"),
]
PRIVATE = [
    "食品有限公司",
    "纺织有限公司",
    "商贸有限公司",
    "建材有限公司",
    "物流有限公司",
    "电子科技有限公司",
    "制药有限公司",
]
SCHOOL_NAMES = ["第一中学", "第二中学", "实验小学", "第一小学", "职业技术学校", "实验中学", "外国语学校", "幼儿园"]
HOSPITALS = ["人民医院", "中医院", "妇幼保健院", "第二人民医院"]
SOCIAL = ["志愿者协会", "慈善总会", "红十字会", "义工联合会", "社会工作服务中心"]


def credit_code(rng) -> str:
    body = (
        "91" + "".join(rng.choice("0123456789") for _ in range(6)) + "".join(rng.choice(CREDIT_CHARS) for _ in range(9))
    )
    return body + credit_code_check_char(body)


def _units_for_region(region, townships, rng, faker, limit):
    """Unit names of every kind for one county, interleaved so that a small limit still
    gives every kind."""
    from itertools import chain, zip_longest

    prefix = region.name if region.level == Region.Level.COUNTY else region.parent.name + region.name
    groups = [
        [(prefix + dept, UnitKind.PARTY_GOV, industry) for dept, industry in GOV_DEPARTMENTS],
        [(prefix + name, UnitKind.PUBLIC_INSTITUTION, industry) for name, industry in INSTITUTIONS],
        [(prefix + name, UnitKind.STATE_ENTERPRISE, industry) for name, industry in ENTERPRISES],
        [(prefix + name, UnitKind.SCHOOL, "教育") for name in SCHOOL_NAMES],
        [(prefix + name, UnitKind.HOSPITAL, "卫健") for name in HOSPITALS],
        [(prefix + name, UnitKind.SOCIAL_ORG, "社会组织") for name in SOCIAL],
    ]
    places = []
    for town in townships:
        base = town.name.replace("街道", "").replace("镇", "").replace("乡", "")
        if town.name.endswith("街道"):
            places += [
                (f"{base}社区居民委员会", UnitKind.COMMUNITY, "社区"),
                (f"{base}东社区居民委员会", UnitKind.COMMUNITY, "社区"),
            ]
        else:
            places += [
                (f"{base}村民委员会", UnitKind.VILLAGE, "农业农村"),
                (f"{base}北村村民委员会", UnitKind.VILLAGE, "农业农村"),
            ]
    groups.append(places)
    groups.append(
        [
            (f"{prefix}{faker.last_name()}{seq}号{rng.choice(PRIVATE)}", UnitKind.PRIVATE_ENTERPRISE, "非公经济")
            for seq in range(1, max(4, limit))
        ]
    )
    rows = [r for r in chain.from_iterable(zip_longest(*groups)) if r]
    return rows[:limit]


def seed(ctx):
    rng, faker = ctx.rng, ctx.faker
    city = Region.objects.get(code=DEMO_CITY)
    ctx.city = city
    ctx.counties = list(Region.objects.filter(parent=city).order_by("code"))
    if ctx.scale == "province":
        areas = list(Region.objects.filter(level=Region.Level.COUNTY, code__startswith=DEMO_PROVINCE))
    else:
        areas = ctx.counties
    townships_by_area = {}
    for t in Region.objects.filter(parent__in=areas).only("pk", "name", "parent_id"):
        townships_by_area.setdefault(t.parent_id, []).append(t)
    per_area = max(24, ctx.sizes["units"] // len(areas))
    used_codes, objs = set(), []
    for area in Region.objects.filter(pk__in=[a.pk for a in areas]).select_related("parent"):
        towns = townships_by_area.get(area.pk, [])
        seen = set()
        for name, kind, industry in _units_for_region(area, towns, rng, faker, per_area):
            if name in seen:
                continue
            seen.add(name)
            region = area
            if kind in (UnitKind.COMMUNITY, UnitKind.VILLAGE) and towns:
                region = rng.choice(towns)
            code = credit_code(rng)
            while code in used_codes:
                code = credit_code(rng)
            used_codes.add(code)
            objs.append(
                Unit(
                    name=name,
                    kind=kind,
                    industry=industry,
                    region=region,
                    credit_code=code if kind not in (UnitKind.COMMUNITY, UnitKind.VILLAGE) else None,
                    address=f"{area.full_name}{faker.street_name()}{rng.randint(1, 300)}号",
                    contact_name=faker.name(),
                    contact_phone=faker.phone_number(),
                )
            )
    Unit.objects.bulk_create(objs, batch_size=2000)
    ctx.log(f"  单位 {len(objs)} 个")
    _seed_users(ctx)


def _user(ctx, username, role_groups, *, region=None, display=None, is_staff=False, note=""):
    User = get_user_model()
    user = User.objects.create(username=username, password=make_password(DEMO_PASSWORD), is_staff=is_staff)
    user.groups.set(Group.objects.filter(name__in=role_groups))
    Profile.objects.create(
        user=user, region=region, display_name=display or ctx.faker.name(), phone=ctx.faker.phone_number()
    )
    ctx.users[username] = user
    ctx.logins.append((role_groups[0], username, note))
    return user


def seed_users_only(ctx):
    _seed_users(ctx)


def _seed_users(ctx):
    User = get_user_model()
    city = ctx.city
    county_a, county_b = ctx.counties[0], ctx.counties[1]
    admin = User.objects.create_superuser("admin", password=DEMO_PASSWORD, email="admin@example.com")
    ctx.users["admin"] = admin
    ctx.logins.append(("超级管理员", "admin", "全部权限"))
    _user(
        ctx,
        "city_staff",
        [Role.STAFF, Role.PERSONAL_DATA],
        region=city,
        is_staff=True,
        note=f"{city.name}文明办，可查看个人信息明文",
    )
    _user(ctx, "county_staff", [Role.STAFF], region=county_a, is_staff=True, note=f"{county_a.name}文明办")
    _user(ctx, "county_b_staff", [Role.STAFF], region=county_b, is_staff=True, note=f"{county_b.name}文明办")
    _user(ctx, "official", [Role.OFFICIAL], region=city, note=f"{city.name}领导，只读")
    unit_a = Unit.objects.filter(region__code__startswith=county_a.code, kind=UnitKind.PARTY_GOV).order_by("pk").first()
    unit_b = Unit.objects.filter(region__code__startswith=county_b.code, kind=UnitKind.PARTY_GOV).order_by("pk").first()
    liaison_a = _user(ctx, "liaison_a", [Role.LIAISON], region=unit_a.region, note=unit_a.name)
    liaison_b = _user(ctx, "liaison_b", [Role.LIAISON], region=unit_b.region, note=unit_b.name)
    unit_a.liaisons.add(liaison_a)
    unit_b.liaisons.add(liaison_b)
    ctx.data["unit_a"], ctx.data["unit_b"] = unit_a, unit_b
    _user(ctx, "reviewer", [Role.REVIEWER], region=city, note="评审专家")
    _user(ctx, "team_leader", [Role.TEAM_LEADER], region=county_a, note="志愿服务队负责人")
