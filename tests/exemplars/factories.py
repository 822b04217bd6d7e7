"""Factories and helpers for the exemplars tests."""

import datetime as dt

import factory

from campaigns.models import Campaign, CampaignKind
from exemplars.models import (
    MORAL_MODEL_CATEGORIES,
    Exemplar,
    HonourLevel,
    Nomination,
    NominationSource,
    RoundKind,
    SelectionRound,
)


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    name = factory.Sequence(lambda n: f"第{n}届道德模范评选")
    kind = CampaignKind.SELECTION
    level = "市级"
    year = 2025
    status = Campaign.Status.ACTIVE


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SelectionRound

    campaign = factory.SubFactory(CampaignFactory)
    kind = RoundKind.MORAL_MODEL
    categories = factory.LazyFunction(lambda: list(MORAL_MODEL_CATEGORIES))
    nomination_start = dt.date(2025, 3, 1)
    nomination_end = dt.date(2025, 3, 31)
    places = 5
    publicity_days = 7
    honour_level = HonourLevel.CITY
    honour_title = "商丘市道德模范"


class NominationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Nomination

    round = factory.SubFactory(RoundFactory)
    category = "助人为乐"
    nominee_name = factory.Sequence(lambda n: f"张好人{n}")
    sex = "男"
    age = 45
    unit_or_address = "梁园区某社区"
    deeds = "多年来照顾孤寡老人，义务为社区居民理发。"
    source = NominationSource.UNIT


class ExemplarFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Exemplar

    name = factory.Sequence(lambda n: f"李典型{n}")
    sex = "女"
    category = "孝老爱亲"
    story = "照顾瘫痪婆婆二十年。"
