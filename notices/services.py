from django.db import transaction
from django.utils import timezone

from .models import Notice


def notice_mark_read(*, notice: Notice, by) -> None:
    if notice.user_id != by.pk:
        raise PermissionError
    if notice.read_at is None:
        Notice.objects.filter(pk=notice.pk, read_at__isnull=True).update(read_at=timezone.now())


@transaction.atomic
def notices_mark_all_read(*, by) -> int:
    return Notice.objects.filter(user=by, read_at__isnull=True).update(read_at=timezone.now())
