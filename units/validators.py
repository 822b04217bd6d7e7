from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
PHONE_CHARS = set("0123456789-")


def credit_code_check_char(first17: str) -> str:
    total = sum(CREDIT_CHARS.index(c) * w for c, w in zip(first17, CREDIT_WEIGHTS, strict=True))
    return CREDIT_CHARS[(31 - total % 31) % 31]


def validate_credit_code(value: str) -> None:
    """统一社会信用代码 (GB 32100-2015): 18 characters with a check character."""
    if len(value) != 18:
        raise ValidationError(_("统一社会信用代码应为18位"), code="length")
    if any(c not in CREDIT_CHARS for c in value):
        raise ValidationError(_("统一社会信用代码含有无效字符（不使用I、O、Z、S、V）"), code="chars")
    if credit_code_check_char(value[:17]) != value[17]:
        raise ValidationError(_("统一社会信用代码校验位错误"), code="checksum")


def validate_phone(value: str) -> None:
    """Mobile (11 digits starting with 1) or a landline such as 0370-1234567."""
    digits = value.replace("-", "")
    if not value or set(value) - PHONE_CHARS or not digits.isdigit():
        raise ValidationError(_("电话号码格式不正确"), code="phone")
    if digits.startswith("1") and len(digits) == 11:
        return
    if digits.startswith("0") and 10 <= len(digits) <= 12:
        return
    raise ValidationError(_("电话号码格式不正确：手机号应为11位，座机请带区号"), code="phone")
