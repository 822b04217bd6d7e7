"""Opening and editing a selection round (a campaign of kind 评选)."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from campaigns.models import Campaign, CampaignKind
from core.scoping import require_covers

from ..models import DEFAULT_CATEGORIES, SelectionRound
from ._common import require_perm

ROUND_FIELDS = (
    "kind",
    "categories",
    "nomination_start",
    "nomination_end",
    "places",
    "publicity_days",
    "publicity_working_days",
    "public_nomination",
    "public_voting",
    "honour_level",
    "honour_title",
    "contact",
)


def round_values_check(values: dict) -> None:
    """The rules of a round's settings (also run by the admin form for inline errors)."""
    if values["nomination_end"] < values["nomination_start"]:
        raise ValidationError(_("推荐截止日期不能早于开始日期"))
    cats = [c.strip() for c in values["categories"] if c and c.strip()]
    if not cats:
        raise ValidationError(_("至少设置一个评选类别"))
    if len(set(cats)) != len(cats):
        raise ValidationError(_("评选类别不能重复"))
    values["categories"] = cats
    if values["places"] < 1 or values["publicity_days"] < 1:
        raise ValidationError(_("名额和公示天数至少为1"))


@transaction.atomic
def round_open(
    *,
    name: str,
    year: int,
    region,
    level: str,
    kind: str,
    nomination_start: dt.date,
    nomination_end: dt.date,
    honour_level: str,
    categories: list[str] | None = None,
    by,
    **options,
) -> SelectionRound:
    """Create the 评选 campaign and its round; nominations open on nomination_start."""
    require_perm(by, "exemplars.add_selectionround")
    require_covers(by, region)
    values = {
        "kind": kind,
        "categories": list(categories or DEFAULT_CATEGORIES.get(kind, ["综合"])),
        "nomination_start": nomination_start,
        "nomination_end": nomination_end,
        "honour_level": honour_level,
        "places": options.pop("places", 10),
        "publicity_days": options.pop("publicity_days", 7),
        **options,
    }
    unknown = set(values) - set(ROUND_FIELDS)
    if unknown:
        raise TypeError(f"unknown round fields: {sorted(unknown)}")
    round_values_check(values)
    campaign = Campaign.objects.create(
        name=name,
        kind=CampaignKind.SELECTION,
        level=level,
        year=year,
        region=region,
        start_date=nomination_start,
        status=Campaign.Status.ACTIVE,
    )
    return SelectionRound.objects.create(campaign=campaign, **values)


@transaction.atomic
def round_update(*, selection_round: SelectionRound, by, name: str | None = None, **changes) -> SelectionRound:
    require_perm(by, "exemplars.change_selectionround")
    require_covers(by, selection_round.campaign.region)
    unknown = set(changes) - set(ROUND_FIELDS)
    if unknown:
        raise TypeError(f"unknown round fields: {sorted(unknown)}")
    values = {f: getattr(selection_round, f) for f in ROUND_FIELDS} | changes
    round_values_check(values)
    used = set(selection_round.nominations.values_list("category", flat=True).distinct())
    if used - set(values["categories"]):
        raise ValidationError(
            _("类别“%(c)s”已有推荐人选，不能删除") % {"c": "、".join(sorted(used - set(values["categories"])))}
        )
    for field, value in values.items():
        setattr(selection_round, field, value)
    selection_round.save()
    if name and name != selection_round.campaign.name:
        selection_round.campaign.name = name
        selection_round.campaign.save(update_fields=["name"])
    return selection_round
