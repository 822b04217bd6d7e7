import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from core.schedules import SCHEDULES, sync_schedules
from notices.models import Notice, ReminderDelivery, ReminderDigest, ReminderRun
from notices.scan import reminders_run
from notices.tasks import send_daily_reminders

from .conftest import DAY, item

pytestmark = pytest.mark.django_db


def test_dry_run_prints_what_would_be_sent_and_sends_nothing(people, due):
    due.items = [item("a1", DAY, people.liaison_a, title="报送2024年度台账")]
    out = StringIO()
    call_command("send_reminders", "--date", "2025-03-10", "--dry-run", stdout=out)
    text = out.getvalue()
    assert "【试运行】" in text and "liaison_a：1项" in text
    assert "[今日到期] 2025年3月10日 年度材料：报送2024年度台账" in text
    assert mail.outbox == []
    assert not ReminderDelivery.objects.exists() and not ReminderDigest.objects.exists()
    assert not Notice.objects.exists() and not ReminderRun.objects.exists()


def test_dry_run_leaves_out_what_was_already_sent(people, due):
    due.items = [item("a1", DAY, people.liaison_a)]
    reminders_run(on=DAY)
    out = StringIO()
    call_command("send_reminders", "--date", "2025-03-10", "--dry-run", stdout=out)
    assert "没有需要发送的提醒" in out.getvalue()


def test_command_sends_and_reports(people, due):
    due.items = [item("a1", DAY, people.liaison_a)]
    out = StringIO()
    call_command("send_reminders", "--date", "2025-03-10", stdout=out)
    assert "发出汇总 1 份" in out.getvalue()
    assert len(mail.outbox) == 1
    run = ReminderRun.objects.get()
    assert run.status == ReminderRun.Status.SUCCESS and run.reminders == 1 and run.mails_sent == 1


def test_daily_task_is_scheduled_at_8_shanghai_and_runs_the_scan(people, due):
    from django_celery_beat.models import PeriodicTask

    assert any(s["task"] == "notices.tasks.send_daily_reminders" for s in SCHEDULES)
    sync_schedules()
    task = PeriodicTask.objects.get(task="notices.tasks.send_daily_reminders")
    assert (task.crontab.hour, task.crontab.minute, str(task.crontab.timezone)) == ("8", "0", "Asia/Shanghai")
    due.items = [item("a1", DAY, people.liaison_a)]
    result = send_daily_reminders.delay("2025-03-10").get()
    assert result["digests"] == 1 and result["mails"] == 1


def _notice_for(user, title="提醒"):
    return Notice.objects.create(user=user, title=title, body="内容")


def test_notice_list_shows_own_notices_with_unread_count(people, client_for):
    _notice_for(people.liaison_a, "甲的提醒")
    _notice_for(people.liaison_b, "乙的提醒")
    client = client_for(people.liaison_a)
    page = client.get(reverse("notices:list")).content.decode()
    assert "甲的提醒" in page and "乙的提醒" not in page
    assert 'class="badge"' in page and ">1</span>" in page


def test_opening_a_notice_marks_it_read_and_others_notices_are_404(people, client_for):
    mine = _notice_for(people.liaison_a)
    theirs = _notice_for(people.liaison_b)
    client = client_for(people.liaison_a)
    assert client.get(reverse("notices:detail", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("notices:detail", args=[mine.pk])).status_code == 200
    mine.refresh_from_db()
    assert mine.read_at is not None
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_all_read(people, client_for):
    _notice_for(people.liaison_a)
    _notice_for(people.liaison_a)
    client = client_for(people.liaison_a)
    assert client.post(reverse("notices:read_all")).status_code == 302
    assert not Notice.objects.filter(user=people.liaison_a, read_at__isnull=True).exists()
    assert client.get(reverse("notices:read_all")).status_code == 405


def test_notice_detail_lists_the_digest_items_with_links(people, due, client_for):
    due.items = [item("a1", DAY, people.liaison_a, title="整改：楼道堆物"), item("a2", DAY, people.liaison_a)]
    reminders_run(on=DAY)
    notice = Notice.objects.get(user=people.liaison_a)
    page = client_for(people.liaison_a).get(reverse("notices:detail", args=[notice.pk])).content.decode()
    assert "整改：楼道堆物" in page and 'href="/portal/x/a1/"' in page and "今日到期" in page


def test_notice_list_query_count_does_not_grow(people, client_for, django_assert_max_num_queries):
    for n in range(30):
        _notice_for(people.liaison_a, f"提醒{n}")
    client = client_for(people.liaison_a)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("notices:list")).status_code == 200


def test_admin_header_shows_unread_count(people, client_for):
    _notice_for(people.county_a_staff)
    page = client_for(people.county_a_staff).get(reverse("admin:index")).content.decode()
    assert "1条未读" in page


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("notices:list"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_staff_digest_admin_shows_only_own_digests(people, due, client_for):
    due.items = [
        item("a1", DAY, people.liaison_a),
        item("b1", DAY - dt.timedelta(days=5), people.liaison_b, region=people.regions.county_b),
    ]
    reminders_run(on=DAY)
    page = client_for(people.county_b_staff).get(reverse("admin:notices_reminderdigest_changelist"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "county_b_staff" in text and "liaison_a" not in text
