"""Demo data: a round in every stage, public and unit nominations, an exemplar
database over several years and levels, hardship cases and care visits."""

import datetime as dt
from decimal import Decimal

from campaigns.models import CampaignLevel
from core.idcard import make_id_number
from units.models import Unit

from . import services
from .dates import festival_day
from .models import (
    MORAL_MODEL_CATEGORIES,
    CareVisit,
    Exemplar,
    Festival,
    Honour,
    HonourLevel,
    Nomination,
    NominationSource,
    PublicVote,
    RoundKind,
)

DEEDS = {
    "助人为乐": "{name}多年坚持为社区独居老人义务理发、代购药品，累计服务{n}余人次。疫情期间主动报名当志愿者，每天往返于各小区之间配送物资。",
    "见义勇为": "{year}年夏天，{name}路过河边时听到呼救，不顾自身安危跳入水中，先后救起两名落水儿童。事后婉拒家属酬谢，只说“换谁都会这么做”。",
    "诚实守信": "{name}经营小店二十余年，童叟无欺。丈夫生前欠下{n}万元债务，她靠摆摊一笔笔还清，债主感慨“这样的人值得信”。",
    "敬业奉献": "{name}扎根乡村学校{n}年，一人承担多门课程，自费为留守儿童购买学习用品，所带班级成绩连年在全乡名列前茅。",
    "孝老爱亲": "{name}悉心照料瘫痪在床的婆婆{n}年，端水喂饭、擦身按摩从不间断，老人身上从未生过褥疮，邻里无不称赞。",
    "自强不息": "{name}自幼患病，却从不向命运低头，坚持自学完成学业，课余时间还帮助同学补习功课。",
    "勤学上进": "{name}学习刻苦，乐于分享学习方法，带动班级形成互帮互学的好风气。",
}
YOUTH_DEEDS = {
    "自强不息": "{name}自幼患病，却从不向命运低头，坚持康复训练，学习成绩始终保持年级前列。",
    "孝老爱亲": "{name}父母常年在外务工，{name}放学后照顾年迈的爷爷奶奶，做饭、洗衣、陪老人看病，从不叫苦。",
    "助人为乐": "{name}主动结对帮助班上学习困难的同学，课间为同学讲题，还带头参加社区“小小志愿者”活动。",
    "诚实守信": "{name}在校门口捡到装有{n}00元现金的钱包，在原地等候近一个小时，将钱包交还失主。",
    "勤学上进": "{name}学习刻苦，乐于分享学习方法，带动班级形成互帮互学的好风气。",
}
HARDSHIP_REASONS = [
    "因病致困，长期住院治疗",
    "年老体弱，无固定收入",
    "家中遭遇火灾，房屋受损",
    "子女重病，医疗负担重",
    "因见义勇为致残，劳动能力下降",
]
VISITORS = ["市文明办主任一行", "区委宣传部、区文明办", "县文明办、乡镇党委", "市委宣传部领导"]
GIFTS = ["米、面、油和慰问金", "慰问金和节日慰问品", "月饼、牛奶和慰问金", "棉被、大米和慰问金"]


def _deeds(ctx, category, name):
    text = DEEDS.get(category, DEEDS["助人为乐"])
    return text.format(name=name, n=ctx.rng.randint(3, 30), year=ctx.year - ctx.rng.randint(0, 2))


def _person(ctx, region, category):
    sex = ctx.rng.choice(["男", "女"])
    name = ctx.faker.name_male() if sex == "男" else ctx.faker.name_female()
    birth = dt.date(ctx.rng.randint(1950, 1995), ctx.rng.randint(1, 12), ctx.rng.randint(1, 28))
    return {
        "category": category,
        "nominee_name": name,
        "sex": sex,
        "id_number": make_id_number(region.code, birth, sex, ctx.rng),
        "unit_or_address": f"{region.name}{ctx.faker.street_name()}{ctx.rng.randint(1, 99)}号",
        "region": region,
        "deeds": _deeds(ctx, category, name),
    }


def _nominate(ctx, selection_round, n, *, source, units, counties):
    """Nominations as the office would key in paper forms, then marked with their real
    source and a submission time inside the round's window (demo only)."""

    out = []
    admin = ctx.users["admin"]
    for i in range(n):
        category = ctx.rng.choice(selection_round.categories)
        unit = units[i % len(units)] if source == NominationSource.UNIT else None
        if unit is not None:
            data = _person(ctx, unit.region if unit.region.level <= 3 else unit.region.parent, category)
        else:
            data = _person(ctx, ctx.rng.choice(counties), category)
            data |= {"nominator_name": ctx.faker.name(), "nominator_phone": ctx.faker.phone_number()}
        nomination = services.nomination_submit(
            selection_round=selection_round, source=NominationSource.OFFICE, data=data, unit=unit, by=admin
        )
        window = max((selection_round.nomination_end - selection_round.nomination_start).days, 1)
        day = selection_round.nomination_start + dt.timedelta(days=ctx.rng.randint(0, window))
        submitted = dt.datetime.combine(min(day, dt.date.today()), dt.time(9 + i % 8, 10 * (i % 6)), tzinfo=dt.UTC)
        submitter = unit.liaisons.first() if unit else None
        Nomination.objects.filter(pk=nomination.pk).update(source=source, created_at=submitted, submitted_by=submitter)
        nomination.source, nomination.submitted_by, nomination.created_at = source, submitter, submitted
        out.append(nomination)
    return out


def _open_round(ctx, *, name, kind, start, end, level=HonourLevel.CITY, **options):
    return services.round_open(
        name=name, year=options.pop("year", ctx.year), region=ctx.city, level=CampaignLevel.CITY, kind=kind,
        nomination_start=start, nomination_end=end, honour_level=level, by=ctx.users["admin"],
        contact=f"{ctx.city.name}文明办 0370-3220000", **options,
    )  # fmt: skip


def seed(ctx):
    from django.utils import timezone

    today = timezone.localdate()
    admin, reviewer = ctx.users["admin"], ctx.users["reviewer"]
    counties = ctx.counties[:6]
    unit_a, unit_b = ctx.data["unit_a"], ctx.data["unit_b"]
    units = [unit_a, unit_b] + list(Unit.objects.filter(region__in=counties).exclude(pk__in=[unit_a.pk, unit_b.pk])[:6])
    d = dt.timedelta

    # 1. 身边好人 round, nominations open now (units and the public), one duplicate.
    good = _open_round(ctx, name=f"{ctx.year}年第四季度“商丘好人”评选", kind=RoundKind.GOOD_PEOPLE,
                       start=today - d(20), end=today + d(25), honour_title="商丘好人", places=12)  # fmt: skip
    noms = _nominate(ctx, good, 6, source=NominationSource.UNIT, units=units, counties=counties)
    noms += _nominate(ctx, good, 5, source=NominationSource.PUBLIC, units=units, counties=counties)
    twin = noms[0]
    services.nomination_submit(selection_round=good, source=NominationSource.PUBLIC, by=admin, data={
        "category": twin.category, "nominee_name": twin.nominee_name, "sex": twin.sex, "age": twin.age,
        "unit_or_address": twin.unit_or_address, "region": twin.region, "deeds": "邻居都知道他热心肠，谁家有事都愿意搭把手。",
        "nominator_name": ctx.faker.name(), "nominator_phone": ctx.faker.phone_number()})  # fmt: skip
    services.nomination_reject(nomination=noms[-1], reason="事迹材料过于简单，经电话核实不符合推荐条件", by=admin)

    # 2. 道德模范 round under review: screened, the demo reviewer assigned, some scored, public voting on.
    moral = _open_round(ctx, name=f"第八届{ctx.city.name}道德模范评选", kind=RoundKind.MORAL_MODEL,
                        start=today - d(80), end=today - d(30), places=10, public_voting=True,
                        honour_title=f"{ctx.city.name}道德模范")  # fmt: skip
    _backdate(moral, today - d(80))
    moral_noms = _nominate(ctx, moral, 14, source=NominationSource.UNIT, units=units, counties=counties)
    moral_noms += _nominate(ctx, moral, 4, source=NominationSource.PUBLIC, units=units, counties=counties)
    accepted = moral_noms[:15]
    for n in accepted:
        services.nomination_accept(nomination=n, by=admin)
    services.nomination_reject(nomination=moral_noms[15], reason="被推荐人曾受行政处罚，不符合条件", by=admin)
    first = accepted[0]  # the same person also nominated by a neighbour: merged at screening
    dup = services.nomination_submit(selection_round=moral, source=NominationSource.OFFICE, by=admin, data={
        "category": first.category, "nominee_name": first.nominee_name, "sex": first.sex, "id_number": first.id_number,
        "unit_or_address": first.unit_or_address, "region": first.region, "deeds": "街坊邻居联名推荐，事迹同上。",
        "nominator_name": ctx.faker.name(), "nominator_phone": ctx.faker.phone_number()})  # fmt: skip
    dup.source = NominationSource.PUBLIC
    Nomination.objects.filter(pk=dup.pk).update(source=dup.source)
    services.nominations_merge(target=first, duplicates=[dup], by=admin)
    services.reviewers_assign(nominations=accepted, reviewers=[reviewer], by=admin)
    for a in reviewer.exemplar_reviews.filter(nomination__in=accepted[:9]).select_related("nomination"):
        services.review_submit(assignment=a, by=reviewer, score=ctx.rng.randint(72, 97),
                               vote=ctx.rng.choice(["for", "for", "for", "against"]), comment="事迹感人，群众认可度高。")  # fmt: skip
    votes = []
    for n in accepted:
        for k in range(ctx.rng.randint(3, 40)):
            votes.append(
                PublicVote(nomination=n, voter_key=f"demo{n.pk}-{k}", day=today - d(k % 5), ip_address="10.0.0.1")
            )
    PublicVote.objects.bulk_create(votes)

    # 3. 美德少年 round in publicity, one objection open and one resolved.
    youth = _open_round(ctx, name=f"{ctx.year}年{ctx.city.name}美德少年评选", kind=RoundKind.VIRTUOUS_YOUTH,
                        start=today - d(70), end=today - d(40), places=6, honour_title="美德少年")  # fmt: skip
    youth_noms = _nominate(ctx, youth, 8, source=NominationSource.UNIT, units=units, counties=counties)
    for n in youth_noms:
        n.age, n.birth_date = ctx.rng.randint(9, 15), None
        n.id_number = ""
        n.deeds = YOUTH_DEEDS[n.category].format(name=n.nominee_name, n=ctx.rng.randint(2, 9))
        n.save(update_fields=["age", "birth_date", "id_number", "deeds"])
        services.nomination_accept(nomination=n, by=admin)
    services.publicity_start(nominations=youth_noms[:6], start=today - d(3), others_not_selected=True, by=admin)
    services.objection_record(nomination=youth_noms[0], received_on=today - d(1), by=admin,
                              content="反映该生获奖材料中的部分照片并非本人。", objector_name="匿名")  # fmt: skip
    ob = services.objection_record(nomination=youth_noms[1], received_on=today - d(2), by=admin,
                                   content="询问该生事迹是否属实。", objector_name=ctx.faker.name())  # fmt: skip
    services.objection_resolve(
        objection=ob, upheld=False, resolution="经学校和社区核实，事迹属实，异议不成立。", by=admin
    )

    # 4. Last year's round, commended: nominees become exemplars.
    last = _open_round(ctx, name=f"{ctx.year - 1}年度“商丘好人”评选", kind=RoundKind.GOOD_PEOPLE, year=ctx.year - 1,
                       start=dt.date(ctx.year - 1, 3, 1), end=dt.date(ctx.year - 1, 4, 30), places=8,
                       honour_title="商丘好人")  # fmt: skip
    last_noms = _nominate(ctx, last, 10, source=NominationSource.UNIT, units=units, counties=counties)
    for n in last_noms:
        services.nomination_accept(nomination=n, by=admin)
    services.publicity_start(
        nominations=last_noms[:8], start=dt.date(ctx.year - 1, 6, 2), others_not_selected=True, by=admin
    )
    services.nominations_commend(nominations=last_noms[:8], conferred_on=dt.date(ctx.year - 1, 6, 20), by=admin)

    _seed_database(ctx, counties, today)
    ctx.data["exemplar_rounds"] = {"nominating": good, "reviewing": moral, "publicity": youth, "closed": last}
    ctx.log(f"  评选轮次 4 个，先进典型 {Exemplar.objects.count()} 人")


def _backdate(selection_round, day):
    selection_round.campaign.start_date = day
    selection_round.campaign.save(update_fields=["start_date"])


def _seed_database(ctx, counties, today):
    """Older exemplars with honours over several years and levels, hardship cases, visits."""
    size = {"demo": 60, "city": 600, "province": 4000}[ctx.scale]
    rng = ctx.rng
    levels = [HonourLevel.NATIONAL, HonourLevel.PROVINCE, HonourLevel.CITY, HonourLevel.CITY, HonourLevel.COUNTY]
    people = []
    for _i in range(size):
        region = rng.choice(counties)
        category = rng.choice(MORAL_MODEL_CATEGORIES)
        person = _person(ctx, region, category)
        people.append(Exemplar(
            name=person["nominee_name"], sex=person["sex"], id_number=person["id_number"], region=region,
            phone=ctx.faker.phone_number(), unit_or_address=person["unit_or_address"], category=category,
            story=person["deeds"],
        ))  # fmt: skip
    Exemplar.objects.bulk_create(people, batch_size=1000)
    honours, visits = [], []
    for idx, person in enumerate(people):
        first = rng.randint(ctx.year - 7, ctx.year - 1)
        honours.append(Honour(exemplar=person, title=f"{first}年度{ctx.city.name}好人", level=HonourLevel.CITY,
                              category=person.category, year=first, conferred_on=dt.date(first, 12, 20)))  # fmt: skip
        if idx % 4 == 0 and first < ctx.year - 1:
            up = rng.randint(first + 1, ctx.year - 1)
            level = rng.choice(levels[:2])
            title = "中国好人榜" if level == HonourLevel.NATIONAL else "河南好人"
            honours.append(Honour(exemplar=person, title=f"{up}年{title}", level=level, category=person.category,
                                  year=up, conferred_on=dt.date(up, 9, 10)))  # fmt: skip
        if idx % 7 == 0:
            person.hardship = True
            person.hardship_reason = rng.choice(HARDSHIP_REASONS)
            person.hardship_since = dt.date(rng.randint(ctx.year - 3, ctx.year - 1), rng.randint(1, 12), 1)
        if person.hardship or idx % 9 == 0:
            for year in (ctx.year - 1, ctx.year):
                for festival in (Festival.SPRING, Festival.MID_AUTUMN):
                    day = festival_day(festival, year) - dt.timedelta(days=rng.randint(3, 15))
                    if day > today or (idx % 3 == 0 and year == ctx.year and festival == Festival.MID_AUTUMN):
                        continue  # a few not yet visited this season
                    visits.append(CareVisit(exemplar=person, date=day, festival=festival, visitors=rng.choice(VISITORS),
                                            given=rng.choice(GIFTS), amount=Decimal(rng.choice([500, 800, 1000, 2000])),
                                            recorded_by=ctx.users["admin"]))  # fmt: skip
    Exemplar.objects.bulk_update([p for p in people if p.hardship], ["hardship", "hardship_reason", "hardship_since"])
    Honour.objects.bulk_create(honours, batch_size=1000)
    CareVisit.objects.bulk_create(visits, batch_size=1000)
