"""Masking of ID and phone numbers, and the log of reveals and exports (DESIGN.md §7)."""

from .roles import REVEAL_PERMISSION


def mask_id_number(value: str | None) -> str:
    """110105199001010023 -> 110105********0023 (first 6, last 4)."""
    if not value:
        return ""
    return value[:6] + "*" * (len(value) - 10) + value[-4:] if len(value) > 10 else "*" * len(value)


def mask_phone(value: str | None) -> str:
    """13812345678 -> 138****5678."""
    if not value:
        return ""
    return value[:3] + "****" + value[-4:] if len(value) >= 7 else "*" * len(value)


def mask_address(value: str | None) -> str:
    """河南省商丘市梁园区平原路12号 -> 河南省商丘****（the first 6 characters）."""
    if not value:
        return ""
    return value[:6] + "****" if len(value) > 6 else "****"


def can_reveal(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.has_perm(REVEAL_PERMISSION))


def show_id_number(user, value: str | None) -> str:
    return value or "" if can_reveal(user) else mask_id_number(value)


def show_phone(user, value: str | None) -> str:
    return value or "" if can_reveal(user) else mask_phone(value)


def log_personal_data(*, user, action: str, target: str, count: int = 1, detail: str = "", request=None) -> None:
    """Record a reveal or an export of personal data. `action` is "reveal" or "export"."""
    from .models import PersonalDataLog

    ip = request.META.get("REMOTE_ADDR", "") if request is not None else ""
    PersonalDataLog.objects.create(
        user=user if getattr(user, "is_authenticated", False) else None,
        action=action,
        target=target[:200],
        count=count,
        detail=detail[:500],
        ip_address=ip or None,
    )
