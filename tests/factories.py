"""factory_boy factories shared by all tests (Faker zh_CN)."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from units.models import Profile, Region, Unit, UnitKind

factory.Faker._DEFAULT_LOCALE = "zh_CN"


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"99{n:02d}")
    name = factory.Sequence(lambda n: f"测试区划{n}")
    level = Region.Level.CITY


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"测试单位{n}")
    kind = UnitKind.PARTY_GOV
    industry = "教育"
    region = factory.SubFactory(RegionFactory)
    contact_name = factory.Faker("name")
    contact_phone = "13812345678"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("Test@pass123")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if extracted:
            self.groups.set(Group.objects.filter(name__in=extracted))


def make_user(username, roles=(), *, region=None, units=(), is_staff=False):
    user = UserFactory(username=username, roles=list(roles), is_staff=is_staff)
    Profile.objects.update_or_create(user=user, defaults={"region": region, "display_name": username})
    for unit in units:
        unit.liaisons.add(user)
    return user
