"""Confirmed hours and the time bank: totals and stars are updated incrementally for
the volunteers whose hours changed, never recomputed for everyone."""

from collections import defaultdict
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.forms import DecimalInputField
from core.scoping import ancestor_codes

from ..models import DEFAULT_STAR_HOURS, ServiceEvent, ServiceRecord, StarThreshold, Volunteer
from .common import require_team_manager

MAX_HOURS_PER_RECORD = Decimal("24")


def thresholds_for(region_code: str, _cache: dict | None = None) -> tuple[int, ...]:
    """Star thresholds of the nearest region (township → county → city → province)."""
    if _cache is not None and region_code in _cache:
        return _cache[region_code]
    prefixes = ancestor_codes(region_code)[::-1]  # nearest first
    found = {
        t.region.code: t.hours for t in StarThreshold.objects.filter(region__code__in=prefixes).select_related("region")
    }
    result = next((found[p] for p in prefixes if p in found), DEFAULT_STAR_HOURS)
    if _cache is not None:
        _cache[region_code] = result
    return result


def star_for_hours(hours, thresholds=DEFAULT_STAR_HOURS) -> int:
    return sum(1 for t in thresholds if Decimal(hours) >= t)


def hours_field(*, allow_zero=False, **kwargs) -> DecimalInputField:
    """The hours input (one record, at most 24 h, rounded to 0.1 h); with allow_zero a
    blank or 0 means "did not take part"."""
    return DecimalInputField(
        min_value=0,
        max_value=MAX_HOURS_PER_RECORD,
        positive=not allow_zero,
        quantum=Decimal("0.1"),
        required=not allow_zero,
        range_message=gettext_lazy("服务时长应为0至24小时（留空或填0表示未参加）")
        if allow_zero
        else gettext_lazy("服务时长应大于0且不超过24小时"),
        error_messages={"invalid": gettext_lazy("服务时长应为数字"), "required": gettext_lazy("请填写服务时长")},
        **kwargs,
    )


def parse_hours(raw, *, allow_zero=False) -> Decimal:
    """One record's hours from a form, an import cell or a caller: hours_field's rule."""
    if isinstance(raw, int | Decimal) and not isinstance(raw, bool):
        raw = str(raw)
    return hours_field(allow_zero=allow_zero).clean(raw) or Decimal(0)


def hours_apply_deltas(deltas: dict[int, Decimal], *, batch: int = 2000) -> None:
    """Add hour deltas to the volunteers' time banks and refresh only their stars."""
    ids = [pk for pk, d in deltas.items() if d]
    cache: dict = {}
    for start in range(0, len(ids), batch):
        chunk = ids[start : start + batch]
        rows = list(
            Volunteer.objects.filter(pk__in=chunk)
            .select_for_update(of=("self",))
            .only("pk", "total_hours", "star", "region__code")
            .select_related("region")
        )
        for vol in rows:
            vol.total_hours = (vol.total_hours or Decimal(0)) + deltas[vol.pk]
            vol.star = star_for_hours(vol.total_hours, thresholds_for(vol.region.code, cache))
        Volunteer.objects.bulk_update(rows, ["total_hours", "star"], batch_size=batch)


@transaction.atomic
def service_hours_confirm(*, event: ServiceEvent, hours: dict[int, object], by) -> int:
    """Confirm (or correct) hours per volunteer for an event, in one go.

    `hours` maps volunteer id → hours (blank/0 removes an earlier record). Only
    volunteers who signed up for the event or already have a record may be given hours."""
    require_team_manager(by, event.team)
    # Two leaders (or a double click) confirming at once: the second waits here and
    # then sees the first one's records, so nothing is created twice.
    event = ServiceEvent.objects.select_for_update(of=("self",)).get(pk=event.pk)
    if event.starts_at > timezone.now():
        raise ValidationError(_("活动尚未开始，不能确认时长"))
    allowed = set(event.signups.values_list("volunteer_id", flat=True))
    existing = {r.volunteer_id: r for r in event.records.select_for_update(of=("self",))}
    allowed |= set(existing)
    errors, parsed = [], {}
    for vol_id, raw in hours.items():
        if vol_id not in allowed:
            errors.append(_("志愿者（编号%(id)s）未报名该活动") % {"id": vol_id})
            continue
        try:
            parsed[vol_id] = parse_hours(raw, allow_zero=True)
        except ValidationError as exc:
            errors.append(f"{vol_id}: {exc.messages[0]}")
    if errors:
        raise ValidationError(errors)
    deltas: dict[int, Decimal] = defaultdict(Decimal)
    new, changed, removed = [], [], []
    now = timezone.now()
    for vol_id, value in parsed.items():
        old = existing.get(vol_id)
        if old is None and value:
            new.append(
                ServiceRecord(
                    volunteer_id=vol_id,
                    event=event,
                    team=event.team,
                    service_date=timezone.localdate(event.starts_at),
                    hours=value,
                    content=event.title[:200],
                    confirmed_by=by,
                    confirmed_at=now,
                )
            )
            deltas[vol_id] += value
        elif old is not None and not value:
            removed.append(old.pk)
            deltas[vol_id] -= old.hours
        elif old is not None and old.hours != value:
            deltas[vol_id] += value - old.hours
            old.hours, old.confirmed_by, old.confirmed_at = value, by, now
            changed.append(old)
    ServiceRecord.objects.bulk_create(new)
    ServiceRecord.objects.bulk_update(changed, ["hours", "confirmed_by", "confirmed_at"])
    ServiceRecord.objects.filter(pk__in=removed).delete()
    hours_apply_deltas(deltas)
    ServiceEvent.objects.filter(pk=event.pk).update(hours_confirmed_at=now)
    return len(new) + len(changed) + len(removed)


def volunteer_star_refresh(*, volunteer: Volunteer) -> Volunteer:
    """Re-derive one volunteer's star from the stored total (after thresholds change)."""
    Volunteer.objects.filter(pk=volunteer.pk).update(
        star=star_for_hours(volunteer.total_hours, thresholds_for(volunteer.region.code))
    )
    volunteer.refresh_from_db(fields=["star"])
    return volunteer


def star_thresholds_apply(*, threshold: StarThreshold) -> int:
    """After staff change a region's thresholds: re-derive stars of that region's
    volunteers in one set-based UPDATE (sub-regions with thresholds of their own keep theirs)."""
    from django.db.models import Case, IntegerField, Value, When

    hours = threshold.hours
    qs = Volunteer.objects.filter(region__code__startswith=threshold.region.code)
    for code in (
        StarThreshold.objects.filter(region__code__startswith=threshold.region.code)
        .exclude(pk=threshold.pk)
        .values_list("region__code", flat=True)
    ):
        qs = qs.exclude(region__code__startswith=code)
    star = Case(
        *[When(total_hours__gte=h, then=Value(5 - i)) for i, h in enumerate(reversed(hours))],
        default=Value(0),
        output_field=IntegerField(),
    )
    return qs.update(star=star)
