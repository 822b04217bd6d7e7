"""The one ID validator, over generated numbers: valid ones pass, any single corrupted
character is caught (GB 11643 check digit), and registration/import agree with it."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from core.idcard import make_id_number, parse_id_number

regions = st.sampled_from(["411402", "411403", "110105", "440305", "510104"])
births = st.dates(min_value=dt.date(1920, 1, 1), max_value=dt.date(2015, 12, 31))
sexes = st.sampled_from(["男", "女"])


@settings(max_examples=300, deadline=None)
@given(regions, births, sexes, st.randoms(use_true_random=False))
def test_generated_valid_numbers_are_accepted_with_their_birth_and_sex(region, birth, sex, rnd):
    number = make_id_number(region, birth, sex, rnd)
    parsed, parsed_birth, parsed_sex = parse_id_number(number)
    assert parsed == number and parsed_birth == birth and parsed_sex == sex


@settings(max_examples=300, deadline=None)
@given(regions, births, sexes, st.randoms(use_true_random=False), st.integers(0, 17), st.integers(1, 10))
def test_any_single_corrupted_character_is_rejected(region, birth, sex, rnd, pos, shift):
    number = make_id_number(region, birth, sex, rnd)
    alphabet = "0123456789X" if pos == 17 else "0123456789"
    original = number[pos]
    replacement = alphabet[(alphabet.index(original) + shift) % len(alphabet)]
    if replacement == original:
        return
    corrupted = number[:pos] + replacement + number[pos + 1 :]
    with pytest.raises(ValidationError):
        parse_id_number(corrupted)


@settings(max_examples=100, deadline=None)
@given(regions, births, sexes, st.randoms(use_true_random=False))
def test_spreadsheet_forms_of_a_number_normalize_to_the_same(region, birth, sex, rnd):
    number = make_id_number(region, birth, sex, rnd)
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in number)
    assert parse_id_number(f"  {full_width} ")[0] == number
    assert parse_id_number(number.lower())[0] == number
    if number.isdigit():
        assert parse_id_number(int(number))[0] == number
