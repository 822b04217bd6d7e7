"""Reads for users, always through core.scoping."""

from django.db.models import Count, Q

from core.scoping import scoped

from .models import Certificate, ServiceEvent, ServiceRecord, ServiceRequest, SignUp, Team, Volunteer


def teams_for(user):
    return scoped(Team.objects.select_related("region", "host_unit", "parent"), user)


def led_teams(user):
    return Team.objects.filter(leaders=user, is_active=True).select_related("region").order_by("name")


def volunteers_for(user):
    return scoped(Volunteer.objects.select_related("team", "region"), user)


def events_for(user):
    return scoped(ServiceEvent.objects.select_related("team"), user).annotate(
        signup_count=Count("signups", distinct=True)
    )


def signups_for(user):
    return scoped(SignUp.objects.select_related("volunteer", "event"), user)


def records_for(user):
    return scoped(ServiceRecord.objects.select_related("event", "team"), user)


def requests_for(user):
    return scoped(ServiceRequest.objects.select_related("region", "team"), user)


def certificates_for(user):
    return scoped(Certificate.objects.select_related("issuer", "volunteer"), user)


def volunteer_of(user) -> Volunteer | None:
    return Volunteer.objects.select_related("team", "region").filter(user=user).first()


def open_events_for_volunteer(volunteer: Volunteer):
    """Coming events of the volunteer's team and its parent (总队) that still have places."""
    from django.utils import timezone

    teams = [t for t in (volunteer.team_id, volunteer.team.parent_id if volunteer.team_id else None) if t]
    return (
        ServiceEvent.objects.filter(team_id__in=teams, starts_at__gte=timezone.now())
        .select_related("team")
        .annotate(
            signup_count=Count("signups", distinct=True), mine=Count("signups", filter=Q(signups__volunteer=volunteer))
        )
        .order_by("starts_at")
    )


def user_display_name(user) -> str:
    """A leader's name as people know it (profile name), without a query when
    `profile` was prefetched."""
    from django.core.exceptions import ObjectDoesNotExist

    try:
        return user.profile.display_name or user.get_username()
    except ObjectDoesNotExist:
        return user.get_username()
