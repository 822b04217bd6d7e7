"""The one decimal input of the project: every score, points, hours or amount value a
person types goes through `DecimalInputField` (forms) or `parse_decimal` (services that
are also called with raw values). NaN, Infinity, 1e999 and out-of-range numbers are a
Chinese form error, never a comparison that raises (Decimal("NaN") < 0 does)."""

from decimal import ROUND_HALF_UP, Decimal, DecimalException

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class DecimalInputField(forms.DecimalField):
    """A finite number within [min_value, max_value] (min exclusive with `positive=True`),
    rounded to `quantum` (e.g. Decimal("0.1")) when given. `range_message` replaces the
    separate too-small / too-large messages with one sentence."""

    default_error_messages = {
        "invalid": _("请输入数字"),
        "min_value": _("不能小于%(limit_value)s"),
        "max_value": _("不能大于%(limit_value)s"),
        "positive": _("应大于0"),
    }

    def __init__(self, *, quantum=None, positive=False, range_message=None, **kwargs):
        self.quantum, self.positive = quantum, positive
        super().__init__(**kwargs)
        if range_message:
            self.error_messages.update({"min_value": range_message, "max_value": range_message})
            self.error_messages["positive"] = range_message

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace("，", ",").replace("．", ".")
        try:
            value = super().to_python(value)
        except ValidationError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        if value is not None and not value.is_finite():
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        if value is not None and self.quantum is not None:
            try:
                value = value.quantize(self.quantum, rounding=ROUND_HALF_UP)
            except DecimalException:
                pass  # too large to round (1e999): the range check below refuses it
        return value

    def validate(self, value):
        super().validate(value)
        if self.positive and value is not None and value <= 0:
            raise ValidationError(self.error_messages["positive"], code="positive")


def parse_decimal(raw, **field_kwargs) -> Decimal | None:
    """DecimalInputField(...).clean(raw) for services and query strings; blank → None
    unless required=True is passed."""
    field_kwargs.setdefault("required", False)
    if isinstance(raw, Decimal | int) and not isinstance(raw, bool):
        raw = str(raw)
    return DecimalInputField(**field_kwargs).clean(raw)


def query_int(raw, default: int, *, min_value: int, max_value: int) -> int:
    """An integer query value (?year=, ?half=): `default` when absent, not a number or out of range."""
    try:
        value = int(str(raw).strip())
    except (TypeError, ValueError):
        return default
    return value if min_value <= value <= max_value else default


def valid_model_value(model, name: str, value) -> bool:
    """Whether `value` fits the model field `name` (admin ?field=value initial data, filters)."""
    from django.core.exceptions import FieldDoesNotExist

    try:
        field = model._meta.pk if name == "pk" else model._meta.get_field(name)
    except FieldDoesNotExist:
        return True  # not a model field: the admin ignores it
    if field.many_to_many:
        return all(valid_model_value(field.related_model, "pk", v) for v in str(value).split(",") if v)
    target = field.target_field if field.is_relation else field
    try:
        target.to_python(value)
    except (ValidationError, ValueError, TypeError):
        return False
    return True
