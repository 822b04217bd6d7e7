import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from core.idcard import check_char, make_id_number, parse_id_number
from core.privacy import mask_id_number, mask_phone
from core.workdays import end_of_period
from core.xlsx import parse_date, safe_cell
from units.validators import validate_credit_code


def test_known_id_number_is_valid():
    number, birth, sex = parse_id_number("11010519491231002x")
    assert number == "11010519491231002X" and birth == dt.date(1949, 12, 31) and sex == "女"


@given(st.dates(min_value=dt.date(1920, 1, 1), max_value=dt.date(2010, 12, 31)), st.sampled_from(["男", "女"]))
def test_generated_numbers_round_trip(birth, sex):
    number = make_id_number("411402", birth, sex)
    assert parse_id_number(number) == (number, birth, sex)


@given(st.integers(min_value=0, max_value=16), st.integers(min_value=1, max_value=9))
def test_any_single_digit_change_is_caught(position, delta):
    number = make_id_number("411402", dt.date(1990, 5, 17), "男")
    digits = list(number)
    digits[position] = str((int(digits[position]) + delta) % 10)
    corrupted = "".join(digits)
    if corrupted[:17] != number[:17]:
        with pytest.raises(ValidationError):
            # either the birth date becomes invalid or the check character disagrees
            parse_id_number(corrupted[:17] + check_char(number[:17]))


def test_id_number_errors_are_chinese():
    with pytest.raises(ValidationError, match="18位"):
        parse_id_number("1234")
    with pytest.raises(ValidationError, match="校验位错误"):
        parse_id_number("110105194912310021")


def test_masking():
    assert mask_id_number("11010519491231002X") == "110105********002X"
    assert mask_phone("13812345678") == "138****5678"


def test_credit_code_check():
    validate_credit_code("91350100M000100Y43")
    with pytest.raises(ValidationError):
        validate_credit_code("91350100M000100Y44")


@pytest.mark.parametrize(
    "raw", ["2024-03-05", "2024/3/5", "2024.3.5", "2024年3月5日", "20240305", 45356, dt.datetime(2024, 3, 5, 9)]
)
def test_dates_in_many_spellings(raw):
    assert parse_date(raw) == dt.date(2024, 3, 5)


def test_formula_like_cells_are_escaped_on_export():
    assert safe_cell("=1+1") == "'=1+1" and safe_cell("@SUM") == "'@SUM" and safe_cell("正常") == "正常"


@pytest.mark.django_db
def test_working_days_skip_national_day_holiday():
    # 2024-09-30 (Mon) is a workday; 10-01..10-07 holiday; 10-08 workday.
    assert end_of_period(dt.date(2024, 9, 30), 2, working_days=True) == dt.date(2024, 10, 8)
    assert end_of_period(dt.date(2024, 9, 30), 7, working_days=False) == dt.date(2024, 10, 6)


@pytest.mark.django_db
def test_staff_override_of_a_day_wins():
    from core.models import CalendarOverride

    CalendarOverride.objects.create(date=dt.date(2024, 10, 8), is_workday=False, note="测试")
    assert end_of_period(dt.date(2024, 9, 30), 2, working_days=True) == dt.date(2024, 10, 9)


@pytest.mark.django_db
def test_migrate_builds_role_groups_with_every_apps_permissions():
    from django.contrib.auth.models import Group

    staff = Group.objects.get(name="文明办工作人员")
    assert staff.permissions.filter(content_type__app_label="units", codename="change_unit").exists()
    official = Group.objects.get(name="领导")
    assert official.permissions.filter(codename="view_unit").exists()
    assert not official.permissions.exclude(codename__startswith="view_").exists()
