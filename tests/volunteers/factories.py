import datetime as dt
import random
from decimal import Decimal

import factory
from django.utils import timezone

from core.idcard import make_id_number
from volunteers.models import ServiceEvent, Team, TeamKind, Volunteer

_rng = random.Random(7)


def id_number_for(region_code="411402", birth=dt.date(1990, 5, 17), sex="女"):
    return make_id_number(region_code, birth, sex, _rng)


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"测试志愿服务队{n}")
    kind = TeamKind.PARTY

    @factory.post_generation
    def leaders(self, create, extracted, **kwargs):
        if extracted:
            self.leaders.add(*extracted)


class VolunteerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Volunteer

    name = factory.Sequence(lambda n: f"志愿者{n}")
    sex = "女"
    birth_date = factory.Sequence(lambda n: dt.date(1960, 1, 1) + dt.timedelta(days=n * 37))
    id_number = factory.LazyAttribute(lambda o: id_number_for(o.region.code[:6], o.birth_date, o.sex))
    phone = factory.Sequence(lambda n: f"138{n:08d}")
    region = factory.LazyAttribute(lambda o: o.team.region)
    status = Volunteer.Status.APPROVED
    total_hours = Decimal(0)


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceEvent

    title = factory.Sequence(lambda n: f"文明交通劝导{n}")
    category = "文明交通"
    starts_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=1))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=3))
    place = "人民广场"
    places = 20
