import datetime as dt
import smtplib

from celery import shared_task
from django.db import OperationalError

from .scan import SendFailed, reminders_run


@shared_task(
    name="notices.tasks.send_daily_reminders",
    autoretry_for=(OperationalError, smtplib.SMTPException, OSError, SendFailed),
    retry_backoff=60,
    retry_backoff_max=1800,
    max_retries=6,
)
def send_daily_reminders(date: str | None = None) -> dict:
    """The daily scan (celery beat, 08:00 Asia/Shanghai; see core.schedules). Safe to
    run twice, in two workers, or again after a worker died: see notices.scan."""
    result = reminders_run(on=dt.date.fromisoformat(date) if date else None)
    return {
        "date": result.date.isoformat(),
        "items": result.items,
        "digests": result.digests_sent,
        "reminders": result.reminders_sent,
        "mails": result.mails_sent,
    }
