"""Reads of the units app, always through the scoping helper."""

from core.scoping import scoped

from .models import Region, Unit


def units_for(user):
    return scoped(Unit.objects.select_related("region"), user)


def regions_for(user):
    return scoped(Region.objects.all(), user)


def liaison_units(user):
    """The units a liaison works for (also through scoping, so a deactivated unit drops out)."""
    return units_for(user).filter(liaisons=user, is_active=True).order_by("name")
