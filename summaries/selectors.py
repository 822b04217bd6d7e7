from core.scoping import scoped

from .models import AnnualSummary


def summaries_for(user):
    return scoped(AnnualSummary.objects.select_related("region", "requested_by", "job"), user)


def versions_of(summary, user):
    return summaries_for(user).filter(region=summary.region, year=summary.year).order_by("-version")
