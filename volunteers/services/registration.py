"""Real-name registration (public form, staff entry) and its approval."""

import re

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.dates import cn_date
from core.idcard import parse_id_number
from core.workflow import run_transition
from units.validators import validate_phone

from ..models import PoliticalStatus, Volunteer
from .common import require_team_manager

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")


def clean_mobile(raw, *, allow_landline: bool = True) -> str:
    """Mobile number as 11 digits (1[3-9]…); with `allow_landline` also a landline with its
    area code (0370-1234567). Raises ValidationError with a Chinese message."""
    from core.xlsx import clean_text

    text = clean_text(raw).replace(" ", "")
    if text.startswith("+86"):
        text = text[3:]
    phone = text.replace("-", "")
    if MOBILE_RE.match(phone):
        return phone
    if allow_landline and phone.startswith("0"):
        validate_phone(text)
        return text
    raise ValidationError(_("手机号码格式不正确：应为1开头的11位手机号，如13812345678"), code="phone")


def check_identity(*, id_number, sex: str | None = None, birth_date=None) -> tuple[str, object, str]:
    """Validate the ID number and that a stated sex / birth date agree with it."""
    number, birth, id_sex = parse_id_number(id_number)
    if sex and sex != id_sex:
        raise ValidationError(_("性别与身份证号不符（身份证号显示为%(sex)s）") % {"sex": id_sex}, code="sex")
    if birth_date and birth_date != birth:
        raise ValidationError(
            _("出生日期与身份证号不符（身份证号显示为%(d)s）") % {"d": cn_date(birth)},
            code="birth_mismatch",
        )
    return number, birth, id_sex


def volunteer_register(
    *,
    name: str,
    id_number: str,
    phone: str,
    region,
    political_status: str = PoliticalStatus.MASSES,
    team=None,
    skills: str = "",
    sex: str | None = None,
    birth_date=None,
    consent: bool,
    source: str = Volunteer.Source.SELF,
) -> Volunteer:
    """Create a pending volunteer. Every error is a ValidationError keyed by field."""
    errors: dict[str, list[str]] = {}
    number = birth = id_sex = None
    try:
        number, birth, id_sex = check_identity(id_number=id_number, sex=sex, birth_date=birth_date)
    except ValidationError as exc:
        field = {"sex": "sex", "birth_mismatch": "birth_date"}.get(exc.code, "id_number")
        errors.setdefault(field, []).extend(exc.messages)
    if number and _already_registered(number):
        errors.setdefault("id_number", []).append(_("该身份证号已注册，请勿重复注册；如需修改信息请联系所在队伍"))
    try:
        phone = clean_mobile(phone, allow_landline=False)
    except ValidationError as exc:
        errors.setdefault("phone", []).extend(exc.messages)
    if not (name or "").strip():
        errors.setdefault("name", []).append(_("请填写姓名"))
    if not consent:
        errors.setdefault("consent", []).append(_("请阅读并同意个人信息处理说明"))
    if (
        team is not None
        and team.region.code[: len(region.code)] != region.code
        and not region.code.startswith(team.region.code)
    ):
        errors.setdefault("team", []).append(_("所选队伍不在所选区划内"))
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            return Volunteer.objects.create(
                name=name.strip(),
                id_number=number,
                sex=id_sex,
                birth_date=birth,
                phone=phone,
                political_status=political_status,
                region=region,
                team=team,
                skills=skills.strip()[:200],
                source=source,
                consent_at=timezone.now() if consent else None,
            )
    except IntegrityError:  # the same ID submitted twice at the same moment
        raise ValidationError(
            {"id_number": [_("该身份证号已注册，请勿重复注册；如需修改信息请联系所在队伍")]}
        ) from None


def _already_registered(number: str) -> bool:
    return Volunteer.objects.filter(id_number=number).exists()


def volunteer_approve(*, volunteer: Volunteer, by, comment: str = "", seen_state: str | None = None) -> Volunteer:
    if volunteer.team_id:
        require_team_manager(by, volunteer.team)
    run_transition(volunteer, "approve", by=by, comment=comment, seen_state=seen_state)
    return volunteer


def volunteer_reject(*, volunteer: Volunteer, by, comment: str = "", seen_state: str | None = None) -> Volunteer:
    if volunteer.team_id:
        require_team_manager(by, volunteer.team)
    run_transition(volunteer, "reject", by=by, comment=comment, seen_state=seen_state)
    return volunteer


def volunteer_create_login(*, volunteer: Volunteer, by, password: str | None = None):
    """A portal account for an approved volunteer (username = phone number)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from core.roles import Role

    if volunteer.user_id:
        return volunteer.user
    if volunteer.status != Volunteer.Status.APPROVED:
        raise ValidationError(_("志愿者审核通过后才能开通账号"))
    User = get_user_model()
    with transaction.atomic():
        user = User(
            username=volunteer.phone
            if not User.objects.filter(username=volunteer.phone).exists()
            else f"v{volunteer.pk}"
        )
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
        user.groups.add(Group.objects.get(name=Role.VOLUNTEER))
        from units.models import Profile

        Profile.objects.create(user=user, region=volunteer.region, display_name=volunteer.name)
        volunteer.user = user
        volunteer.save(update_fields=["user"])
    return user
