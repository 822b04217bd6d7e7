from core.scoping import scoped

from .models import Notice


def notices_for(user):
    """A person's own notices (even a superuser's list shows only their own)."""
    return scoped(Notice.objects.all(), user).filter(user=user)


def unread_count(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notice.objects.filter(user=user, read_at__isnull=True).count()
