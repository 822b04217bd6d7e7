"""core.forms.DecimalInputField: the one parser of typed numbers (scores, points, hours)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from core.forms import DecimalInputField, parse_decimal

ODD = ["NaN", "nan", "-NaN", "sNaN", "inf", "Infinity", "-inf", "1e999", "-1", "abc", "1,2.3", "0x10", "１e５"]


@pytest.mark.parametrize("raw", ODD)
def test_odd_values_are_a_chinese_form_error(raw):
    with pytest.raises(ValidationError) as exc:
        DecimalInputField(min_value=0, max_value=100).clean(raw)
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in m) for m in exc.value.messages), exc.value.messages


def test_blank_is_required_error_or_none():
    with pytest.raises(ValidationError):
        DecimalInputField(min_value=0, max_value=10).clean("")
    assert parse_decimal("  ", min_value=0, max_value=10) is None


def test_values_in_range_pass_and_are_rounded_to_the_quantum():
    field = DecimalInputField(min_value=0, max_value=24, quantum=Decimal("0.1"))
    assert field.clean(" 2.45 ") == Decimal("2.5") and field.clean("24") == Decimal("24.0")
    assert parse_decimal(7, min_value=0, max_value=10) == Decimal("7")


def test_positive_refuses_zero_with_the_range_message():
    with pytest.raises(ValidationError, match="应大于0且不超过"):
        DecimalInputField(min_value=0, max_value=24, positive=True, range_message="应大于0且不超过24").clean("0")
