"""表彰: each commended nominee becomes or updates an Exemplar with the honour."""

import datetime as dt

import pytest

from exemplars import services
from exemplars.models import Exemplar, HonourLevel
from tests.exemplars.factories import ExemplarFactory

pytestmark = pytest.mark.django_db
AFTER = dt.date(2025, 6, 1)


def commend(world, nominations, on_day):
    for n in nominations:
        services.nomination_accept(nomination=n, by=world.city_staff)
    services.publicity_start(nominations=nominations, start=dt.date(2025, 5, 6), by=world.city_staff)
    with on_day(AFTER):
        return services.nominations_commend(
            nominations=nominations, conferred_on=dt.date(2025, 5, 20), by=world.city_staff
        )


def test_new_exemplar_with_honour_of_the_round(world, nominate, on_day):
    n = nominate(nominee_name="周新人", id_number="411402198001010011", category="见义勇为")
    (exemplar,) = commend(world, [n], on_day)
    assert (exemplar.name, exemplar.region, exemplar.category, exemplar.story) == (
        "周新人",
        world.regions.county_a,
        "见义勇为",
        n.deeds,
    )
    honour = exemplar.honours.get()
    assert (honour.title, honour.level, honour.year, honour.round, honour.nomination) == (
        "2025年度商丘市道德模范", HonourLevel.CITY, 2025, n.round, n,
    )  # fmt: skip
    assert honour.conferred_on == dt.date(2025, 5, 20)
    n.refresh_from_db()
    assert n.exemplar == exemplar


def test_existing_exemplar_matched_by_id_number_gets_another_honour(world, nominate, on_day):
    old = ExemplarFactory(
        name="周老典型", sex="男", id_number="411402198001010011", region=world.regions.county_b, story="旧事迹"
    )
    old.honours.create(title="2020年度商丘好人", level=HonourLevel.CITY, category="孝老爱亲", year=2020)
    n = nominate(nominee_name="周老典型", id_number="411402198001010011", deeds="新事迹")
    (exemplar,) = commend(world, [n], on_day)
    assert exemplar.pk == old.pk and Exemplar.objects.count() == 1
    assert sorted(exemplar.honours.values_list("year", flat=True)) == [2020, 2025]
    assert exemplar.story == "旧事迹\n\n新事迹"


def test_exemplar_matched_by_name_sex_and_region_without_id(world, nominate, on_day):
    old = ExemplarFactory(name="吴大姐", sex="女", region=world.regions.county_a)
    ExemplarFactory(name="吴大姐", sex="女", region=world.regions.county_b)  # namesake elsewhere
    n = nominate(nominee_name="吴大姐", sex="女")
    (exemplar,) = commend(world, [n], on_day)
    assert exemplar.pk == old.pk and Exemplar.objects.count() == 2


def test_bulk_commend_is_all_or_nothing(world, nominate, on_day):
    from core.workflow import TransitionError

    a, b = nominate(), nominate()
    for n in (a, b):
        services.nomination_accept(nomination=n, by=world.city_staff)
    services.publicity_start(nominations=[a], start=dt.date(2025, 5, 6), by=world.city_staff)
    with on_day(AFTER), pytest.raises(TransitionError):
        services.nominations_commend(nominations=[a, b], by=world.city_staff)
    a.refresh_from_db()
    assert a.status == "publicity" and not Exemplar.objects.exists()


def test_commendation_list_word_document(world, nominate, on_day):
    import io

    from docx import Document

    from exemplars.exports import commendation_docx

    a = nominate(nominee_name="甲", category="见义勇为", age=40)
    b = nominate(nominee_name="乙", category="助人为乐", age=60, sex="女")
    commend(world, [a, b], on_day)
    content = commendation_docx(a.round, [a, b], office_name="商丘市文明办", date=dt.date(2025, 5, 20))
    texts = [p.text for p in Document(io.BytesIO(content)).paragraphs]
    assert texts[:2] == ["2025年度商丘市道德模范", "表彰名单"]
    assert texts.index("一、助人为乐（1名）") < texts.index("二、见义勇为（1名）")
    assert "乙　女，60岁，梁园区某社区" in texts and texts[-1] == "2025年5月20日"
