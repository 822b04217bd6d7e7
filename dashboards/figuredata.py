"""Figure values for dashboards: from snapshots (FigureSnapshot) or computed live from the
shared FigureDef registry, plus the labels that make breakdown groups readable."""

import datetime as dt
import decimal
from dataclasses import dataclass, field

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from core import registry
from core.registry import FigureDef

from . import layout

OTHER_VALUE = "__other__"  # the groups beyond layout.MAX_GROUPS, summed


def _cap(rows: list[tuple]) -> list[tuple]:
    """Keep the largest groups of a long breakdown (units by name at province scale)."""
    if len(rows) <= layout.MAX_GROUPS:
        return rows
    ranked = sorted(rows, key=lambda r: r[1], reverse=True)
    kept = ranked[: layout.MAX_GROUPS - 1]
    return kept + [(OTHER_VALUE, sum(r[1] for r in ranked[layout.MAX_GROUPS - 1 :]))]


def as_number(value) -> float | int:
    if isinstance(value, decimal.Decimal):
        value = float(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value or 0


def as_json_key(value):
    """A breakdown group value in a form JSON keeps and a URL can carry back."""
    if value is None:
        return None
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, str | int | float | bool):
        return value
    return str(value)


@dataclass
class FigureData:
    fig: FigureDef
    value: float
    breakdowns: dict[str, list[tuple]] = field(default_factory=dict)  # label -> [(group, number)]
    by_child: dict[str, float] = field(default_factory=dict)
    computed_at: dt.datetime | None = None
    live: bool = False


def child_code_length(children) -> int | None:
    lengths = {len(c.code) for c in children}
    return lengths.pop() if len(lengths) == 1 else None


def compute_live(fig: FigureDef, region, year: int, *, children=()) -> FigureData:
    value = registry.compute_figure(fig, region, year)
    for path, label in layout.EXTRA_BREAKDOWNS.get(fig.key, ()):
        value.breakdown[label] = registry.compute_breakdown(fig, region, year, path)
    data = FigureData(
        fig,
        as_number(value.value),
        {
            str(label): _cap([(as_json_key(k), as_number(v)) for k, v in rows])
            for label, rows in value.breakdown.items()
        },
        computed_at=timezone.now(),
        live=True,
    )
    length = child_code_length(children)
    if length:
        data.by_child = {
            code: as_number(v) for code, v in registry.compute_figure_by_child(fig, region, year, length).items()
        }
    return data


def from_snapshot(fig: FigureDef, snap) -> FigureData:
    return FigureData(
        fig,
        as_number(snap.value),
        {label: [tuple(pair) for pair in rows] for label, rows in (snap.breakdowns or {}).items()},
        dict(snap.by_child or {}),
        computed_at=snap.computed_at,
    )


def compute_for_unit(fig: FigureDef, unit, year: int) -> FigureData | None:
    value = registry.compute_figure_for_unit(fig, unit, year)
    if value is None:
        return None
    for path, label in layout.EXTRA_BREAKDOWNS.get(fig.key, ()):
        rows = fig.queryset(unit.region, year).filter(**{fig.unit_path: unit.pk}).order_by().values(path)
        agg = Sum(fig.sum_field) if fig.sum_field else Count("pk")
        value.breakdown[label] = [(r[path], r["v"] or 0) for r in rows.annotate(v=agg).order_by(path)]
    return FigureData(
        fig,
        as_number(value.value),
        {
            str(label): _cap([(as_json_key(k), as_number(v)) for k, v in rows])
            for label, rows in value.breakdown.items()
        },
        computed_at=timezone.now(),
        live=True,
    )


# Readable group names ---------------------------------------------------------------------


def _field_at(model, path: str):
    """The model field a breakdown path ends at (transforms such as __month dropped)."""
    field_ = None
    for part in path.split("__"):
        try:
            field_ = model._meta.get_field(part)
        except (FieldDoesNotExist, AttributeError):
            return field_ if part in ("month", "year", "day", "quarter", "date") else None
        if field_.is_relation and field_.related_model is not None:
            model = field_.related_model
    return field_


def group_labeler(fig: FigureDef, path: str):
    """A function turning a raw group value of `path` into Chinese text."""
    if path.endswith("__month"):
        return lambda v: _("%(m)s月") % {"m": v} if v is not None else _("未填")
    if path.endswith("__year"):
        return lambda v: _("%(y)s年") % {"y": v} if v is not None else _("未填")
    if path == "star" or path.endswith("__star"):  # star levels are plain numbers 0–5
        return lambda v: _("%(n)s星") % {"n": v} if v else (_("未评星") if v == 0 else _("未填"))
    model = _model_of(fig)
    field_ = _field_at(model, path) if model is not None else None
    choices = dict(field_.flatchoices) if field_ is not None and getattr(field_, "choices", None) else {}
    is_bool = field_ is not None and field_.get_internal_type() == "BooleanField"

    def label(v):
        if v == OTHER_VALUE:
            return _("其他")
        if v is None or v == "":
            return _("未填")
        if is_bool:
            return _("是") if v else _("否")
        return str(choices.get(v, v))

    return label


_MODELS: dict[str, object] = {}


def _model_of(fig: FigureDef):
    """The model a figure counts (found once by building — not running — its queryset)."""
    if fig.key not in _MODELS:
        from units.models import Region

        try:
            _MODELS[fig.key] = fig.queryset(Region(code="00", name=""), timezone.localdate().year).model
        except Exception:
            _MODELS[fig.key] = None
    return _MODELS[fig.key]


def choice_rank(fig: FigureDef, path: str, value) -> int:
    """Position of a group value among its field's choices (workflow order for funnels)."""
    model = _model_of(fig)
    field_ = _field_at(model, path) if model is not None else None
    keys = [k for k, _label in field_.flatchoices] if field_ is not None and field_.choices else []
    return keys.index(value) if value in keys else len(keys)
