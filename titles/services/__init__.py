"""Writes of the titles app, one module per subdomain. Every function is keyword-only,
takes `by` (the acting user), runs in a transaction and raises
core.workflow.TransitionError (Chinese message) for expected user errors."""


def fresh(obj):
    """The row as it is now, locked for this transaction: transitions save the whole
    row, so they must never run on a stale copy a caller kept. Call it inside
    transaction.atomic: PostgreSQL refuses a row lock in autocommit."""
    return type(obj)._default_manager.select_for_update(of=("self",)).get(pk=obj.pk)


def points_field(criterion, *, self_assessed=False, **kwargs):
    """The input of a reviewer's score or a unit's self-assessed points for one criterion:
    0 to its max."""
    from django.utils.translation import gettext as _

    from core.forms import DecimalInputField

    noun = _("自评得分") if self_assessed else _("得分")
    return DecimalInputField(
        min_value=0,
        max_value=criterion.max_points,
        label=f"{criterion.code} {criterion.name}",
        range_message=_("%(noun)s应在0至%(max)s分之间") % {"noun": noun, "max": criterion.max_points},
        error_messages={
            "invalid": _("%(noun)s应为数字") % {"noun": noun},
            "required": _("请填写%(noun)s") % {"noun": noun},
        },
        **kwargs,
    )


def parse_points(criterion, raw, *, self_assessed=False, required=True):
    """points_field(criterion).clean(raw) with the criterion's code in the message (services are
    also called with raw values by the demo and tests); blank is 0 when not required."""
    from django.core.exceptions import ValidationError

    from core.workflow import TransitionError

    if isinstance(raw, int | float) and not isinstance(raw, bool):
        raw = str(raw)
    try:
        value = points_field(criterion, self_assessed=self_assessed, required=required).clean(raw)
    except ValidationError as exc:
        raise TransitionError(f"{criterion.code}：{exc.messages[0]}") from None
    return value if value is not None else 0
