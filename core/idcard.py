"""Resident ID numbers (GB 11643-1999): the one validator used by forms, imports,
admin and demo data."""

import datetime as dt
import random
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"


def normalize_id_number(raw) -> str:
    """Full-width to half-width, strip spaces, a trailing x to X, numbers read from
    Excel (int or float) to their digits."""
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = unicodedata.normalize("NFKC", str(raw))
    return "".join(text.split()).upper()


def check_char(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True))
    return CHECK_CHARS[total % 11]


def parse_id_number(value) -> tuple[str, dt.date, str]:
    """Validate and return (normalized number, birth date, sex "男"/"女").

    Raises ValidationError with a Chinese message naming what is wrong."""
    number = normalize_id_number(value)
    if len(number) != 18:
        raise ValidationError(_("身份证号应为18位，当前为%(n)d位") % {"n": len(number)}, code="length")
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise ValidationError(_("身份证号只能由数字和末位X组成"), code="chars")
    try:
        birth = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise ValidationError(_("身份证号中的出生日期无效"), code="birth") from None
    if birth.year < 1900 or birth > dt.date.today():
        raise ValidationError(_("身份证号中的出生日期无效"), code="birth")
    if check_char(number[:17]) != number[17]:
        raise ValidationError(_("身份证号校验位错误"), code="checksum")
    sex = "男" if int(number[16]) % 2 else "女"
    return number, birth, sex


def validate_id_number(value) -> None:
    parse_id_number(value)


def make_id_number(region_code: str, birth: dt.date, sex: str, rng: random.Random | None = None) -> str:
    """A valid number for demo data and tests (region code: 6 digits)."""
    rng = rng or random
    seq = rng.randint(0, 99)
    sex_digit = rng.choice("13579" if sex == "男" else "02468")
    first17 = f"{region_code[:6]}{birth:%Y%m%d}{seq:02d}{sex_digit}"
    return first17 + check_char(first17)
