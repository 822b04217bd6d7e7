"""初审: merging duplicate nominations of the same person."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.workflow import TransitionError
from exemplars import services
from exemplars.models import NominationFile, NominationStatus
from tests.exemplars.factories import CampaignFactory, NominationFactory, RoundFactory

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 20


def test_duplicates_fold_into_target_with_their_files(world, nominate):
    keep, dup = nominate(nominee_name="刘热心"), nominate(nominee_name="刘热心", source="public")
    NominationFile.objects.create(nomination=dup, kind="photo", file=SimpleUploadedFile("a.png", PNG))
    assert services.nominations_merge(target=keep, duplicates=[keep, dup], by=world.city_staff) == 1
    dup.refresh_from_db()
    assert dup.status == NominationStatus.MERGED and dup.merged_into == keep
    assert keep.files.count() == 1


def test_different_people_are_not_merged(world, nominate):
    a, b = nominate(nominee_name="刘热心"), nominate(nominee_name="张守信")
    with pytest.raises(TransitionError, match="不是同一人"):
        services.nominations_merge(target=a, duplicates=[b], by=world.city_staff)
    b.refresh_from_db()
    assert b.status == NominationStatus.SUBMITTED


def test_same_name_with_different_id_numbers_is_not_the_same_person(world, nominate):
    a = nominate(nominee_name="王芳", id_number="411402198001010011")
    b = nominate(nominee_name="王芳", id_number="411402199002020022")
    with pytest.raises(TransitionError):
        services.nominations_merge(target=a, duplicates=[b], by=world.city_staff)


def test_nominations_of_different_rounds_are_not_merged(world, nominate, city_round):
    a = nominate(nominee_name="刘热心")
    second = RoundFactory(campaign=CampaignFactory(region=world.regions.city))
    other = NominationFactory(round=second, nominee_name="刘热心", region=world.regions.county_a)
    with pytest.raises(TransitionError, match="同一轮"):
        services.nominations_merge(target=a, duplicates=[other], by=world.city_staff)


def test_merged_nomination_cannot_be_accepted_later(world, nominate):
    keep, dup = nominate(nominee_name="刘热心"), nominate(nominee_name="刘热心")
    services.nominations_merge(target=keep, duplicates=[dup], by=world.city_staff)
    with pytest.raises(TransitionError):
        services.nomination_accept(nomination=dup, by=world.city_staff)


def test_liaison_cannot_merge(world, nominate):
    from django.core.exceptions import PermissionDenied

    keep, dup = nominate(nominee_name="刘热心"), nominate(nominee_name="刘热心")
    with pytest.raises(PermissionDenied):
        services.nominations_merge(target=keep, duplicates=[dup], by=world.liaison_a)
