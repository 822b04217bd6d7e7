import pytest

from core.scoping import get_scoped_or_404, scoped
from units.models import Region, Unit


@pytest.mark.django_db
def test_city_staff_sees_whole_city_subtree(world):
    names = set(scoped(Unit.objects.all(), world.city_staff).values_list("name", flat=True))
    assert names == {"梁园区教育局", "梁园区某街道社区", "睢阳区教育局", "商丘市文明办"}


@pytest.mark.django_db
def test_county_staff_sees_only_own_county(world):
    names = set(scoped(Unit.objects.all(), world.county_a_staff).values_list("name", flat=True))
    assert names == {"梁园区教育局", "梁园区某街道社区"}
    assert not scoped(Region.objects.filter(code="411403"), world.county_a_staff).exists()


@pytest.mark.django_db
def test_liaison_sees_only_own_unit(world):
    assert list(scoped(Unit.objects.all(), world.liaison_a)) == [world.unit_a]


@pytest.mark.django_db
def test_other_units_object_is_404(world):
    from django.http import Http404

    with pytest.raises(Http404):
        get_scoped_or_404(Unit.objects.all(), world.liaison_a, pk=world.unit_b.pk)


@pytest.mark.django_db
def test_official_cannot_write(world):
    from django.core.exceptions import PermissionDenied

    assert get_scoped_or_404(Unit.objects.all(), world.official, pk=world.unit_b.pk) == world.unit_b
    with pytest.raises(PermissionDenied):
        get_scoped_or_404(Unit.objects.all(), world.official, action="change", pk=world.unit_b.pk)


@pytest.mark.django_db
def test_anonymous_sees_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    assert not scoped(Unit.objects.all(), AnonymousUser()).exists()
