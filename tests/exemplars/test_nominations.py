"""推荐: from a unit's liaison, from the public form, and what is refused."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from core.idcard import make_id_number
from core.workflow import TransitionError
from exemplars import services
from exemplars.models import NominationSource, NominationStatus

pytestmark = pytest.mark.django_db
IN_WINDOW = dt.date(2025, 3, 15)


def person(world, **extra):
    return {
        "category": "见义勇为",
        "nominee_name": "王守信",
        "sex": "男",
        "age": 52,
        "unit_or_address": "梁园区平原路街道",
        "region": world.regions.county_a,
        "deeds": "跳入河中救起落水儿童。",
        **extra,
    }


def test_liaison_nominates_for_own_unit_in_window(world, city_round, on_day):
    with on_day(IN_WINDOW):
        n = services.nomination_submit(
            selection_round=city_round,
            source=NominationSource.UNIT,
            data=person(world),
            unit=world.unit_a,
            by=world.liaison_a,
        )
    assert (
        n.status == NominationStatus.SUBMITTED
        and n.nominator_unit == world.unit_a
        and n.submitted_by == world.liaison_a
    )


def test_liaison_cannot_nominate_for_another_unit(world, city_round, on_day):
    with on_day(IN_WINDOW), pytest.raises(PermissionDenied):
        services.nomination_submit(
            selection_round=city_round,
            source=NominationSource.UNIT,
            data=person(world),
            unit=world.unit_b,
            by=world.liaison_a,
        )


@pytest.mark.parametrize("day", [dt.date(2025, 2, 28), dt.date(2025, 4, 1)])
def test_nomination_outside_window_is_refused(world, city_round, on_day, day):
    with on_day(day), pytest.raises(TransitionError, match="推荐期"):
        services.nomination_submit(
            selection_round=city_round,
            source=NominationSource.UNIT,
            data=person(world),
            unit=world.unit_a,
            by=world.liaison_a,
        )


def test_id_number_gives_sex_birth_and_age_and_must_agree(world, city_round, on_day):
    number = make_id_number("411402", dt.date(1980, 5, 1), "女")
    with on_day(IN_WINDOW):
        with pytest.raises(ValidationError) as err:
            services.nomination_submit(
                selection_round=city_round, source=NominationSource.UNIT, unit=world.unit_a, by=world.liaison_a,
                data=person(world, id_number=number, sex="男"),
            )  # fmt: skip
        assert "性别与身份证号不符" in str(err.value)
        n = services.nomination_submit(
            selection_round=city_round, source=NominationSource.UNIT, unit=world.unit_a, by=world.liaison_a,
            data=person(world, id_number=number.lower(), sex="", age=None),
        )  # fmt: skip
    assert (n.sex, n.birth_date, n.age) == ("女", dt.date(1980, 5, 1), 44)


def test_bad_id_number_and_missing_age_are_refused_in_chinese(world, city_round, on_day):
    with on_day(IN_WINDOW), pytest.raises(ValidationError) as err:
        services.nomination_submit(
            selection_round=city_round, source=NominationSource.PUBLIC,
            data=person(world, id_number="411402198001010000", nominator_name="赵", nominator_phone="13912345678"),
        )  # fmt: skip
    assert "身份证号校验位错误" in str(err.value)
    with on_day(IN_WINDOW), pytest.raises(ValidationError) as err:
        services.nomination_submit(
            selection_round=city_round, source=NominationSource.PUBLIC,
            data=person(world, age=None, nominator_name="赵", nominator_phone="13912345678"),
        )  # fmt: skip
    assert "请填写年龄或身份证号" in str(err.value)


def test_public_nomination_needs_contact_and_a_round_that_accepts_it(world, city_round, on_day):
    with on_day(IN_WINDOW), pytest.raises(ValidationError):
        services.nomination_submit(selection_round=city_round, source=NominationSource.PUBLIC, data=person(world))
    city_round.public_nomination = False
    city_round.save()
    with on_day(IN_WINDOW), pytest.raises(TransitionError, match="不接受群众推荐"):
        services.nomination_submit(
            selection_round=city_round, source=NominationSource.PUBLIC,
            data=person(world, nominator_name="赵", nominator_phone="13912345678"),
        )  # fmt: skip


def test_region_outside_round_and_unknown_category_are_refused(world, city_round, on_day):
    from units.models import Region

    other = Region.objects.get(code="41")
    with on_day(IN_WINDOW), pytest.raises(ValidationError) as err:
        services.nomination_submit(
            selection_round=city_round, source=NominationSource.UNIT, unit=world.unit_a, by=world.liaison_a,
            data=person(world, region=other, category="最美家庭"),
        )  # fmt: skip
    assert set(err.value.error_dict) == {"region", "category"}


def test_photo_with_wrong_content_is_refused(world, city_round, on_day):
    fake = SimpleUploadedFile("photo.jpg", b"not really a jpeg", content_type="image/jpeg")
    with on_day(IN_WINDOW), pytest.raises(ValidationError, match="不符"):
        services.nomination_submit(
            selection_round=city_round, source=NominationSource.UNIT, unit=world.unit_a, by=world.liaison_a,
            data=person(world), files=[("photo", fake)],
        )  # fmt: skip
