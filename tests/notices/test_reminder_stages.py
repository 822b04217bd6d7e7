import datetime as dt

import pytest
from django.core import mail

from notices.models import Notice, ReminderDelivery, ReminderDigest, ReminderPolicy
from notices.scan import reminders_run, stage_for

from .conftest import DAY, item

pytestmark = pytest.mark.django_db


def days(n):
    return DAY + dt.timedelta(days=n)


def stages_of(user):
    return sorted(ReminderDelivery.objects.filter(user=user).values_list("stage", flat=True))


def test_stage_for_uses_nearest_threshold_not_yet_passed():
    assert stage_for(8, [7, 1]) is None
    assert stage_for(7, [7, 1]) == "upcoming:7"
    assert stage_for(5, [7, 1]) == "upcoming:7"
    assert stage_for(1, [7, 1]) == "upcoming:1"
    assert stage_for(0, [7, 1]) == "due"
    assert stage_for(-1, [7, 1]) == "overdue"
    assert stage_for(3, []) is None


def test_item_goes_through_every_stage_once_then_escalates_to_the_region_office(people, due):
    w = people
    due.items = [item("m:1", days(7), w.liaison_a, region=w.regions.county_a)]

    reminders_run(on=DAY)
    assert stages_of(w.liaison_a) == ["upcoming:7"]
    for n in range(1, 6):  # days 6..2 before: nothing new
        reminders_run(on=days(n))
    assert stages_of(w.liaison_a) == ["upcoming:7"]
    reminders_run(on=days(6))
    assert stages_of(w.liaison_a) == ["upcoming:1", "upcoming:7"]
    reminders_run(on=days(7))
    assert "due" in stages_of(w.liaison_a)
    reminders_run(on=days(8))
    assert "overdue" in stages_of(w.liaison_a)
    reminders_run(on=days(9))
    assert not ReminderDelivery.objects.filter(stage="escalated").exists()
    reminders_run(on=days(10))  # 3 days overdue: escalated to 梁园区 staff only
    escalated = ReminderDelivery.objects.filter(stage="escalated")
    assert list(escalated.values_list("user__username", flat=True)) == ["county_a_staff"]
    reminders_run(on=days(11))
    assert ReminderDelivery.objects.filter(stage="escalated").count() == 1
    assert stages_of(w.liaison_a) == ["due", "overdue", "upcoming:1", "upcoming:7"]
    # one mail per stage day for the liaison, one for the office
    to = [m.to[0] for m in mail.outbox]
    assert to.count("liaison_a@example.com") == 4
    assert to.count("county_a@example.com") == 1
    assert "逾期督办" in [m for m in mail.outbox if m.to == ["county_a@example.com"]][0].body


def test_item_created_five_days_before_due_still_gets_its_first_reminder(people, due):
    due.items = [item("m:2", days(5), people.liaison_a)]
    reminders_run(on=DAY)
    assert stages_of(people.liaison_a) == ["upcoming:7"]
    assert "5" not in mail.outbox[0].subject or "1项" in mail.outbox[0].subject


def test_done_items_get_no_reminder_and_no_escalation(people, due):
    due.items = [
        item("m:3", DAY, people.liaison_a, done=True),
        item("m:4", days(-10), people.liaison_a, region=people.regions.county_a, done=True),
    ]
    result = reminders_run(on=DAY)
    assert result.digests_sent == 0
    assert not ReminderDelivery.objects.exists()
    assert mail.outbox == []


def test_escalation_goes_to_nearest_office_above_when_region_has_no_staff(people, due):
    w = people
    due.items = [item("r:1", days(-5), w.liaison_a, region=w.regions.town_a, kind="整改事项")]
    reminders_run(on=DAY)
    escalated = ReminderDelivery.objects.get(stage="escalated")
    assert escalated.user == w.county_a_staff  # 街道 has no staff → 梁园区 office


def test_policy_thresholds_are_configurable(people, due):
    ReminderPolicy.objects.create(upcoming_days="3", escalate_after_days=1)
    due.items = [
        item("a", days(7), people.liaison_a),
        item("b", days(3), people.liaison_a),
        item("c", days(-1), people.liaison_a, region=people.regions.county_a),
    ]
    reminders_run(on=DAY)
    rows = set(ReminderDelivery.objects.values_list("item_key", "stage", "user__username"))
    assert rows == {
        ("b", "upcoming:3", "liaison_a"),
        ("c", "overdue", "liaison_a"),
        ("c", "escalated", "county_a_staff"),
    }


def test_source_is_asked_for_the_window_of_the_policy(people, due):
    reminders_run(on=DAY)
    assert due.calls == [(days(-4), days(7))]


def test_digest_mail_is_in_chinese_with_links_and_due_dates(people, due):
    due.items = [item("m:9", DAY, people.liaison_a, title="2024年度创建工作总结")]
    reminders_run(on=DAY)
    message = mail.outbox[0]
    assert message.subject == "【文明创建】2025年3月10日待办提醒：共1项"
    assert "今日到期" in message.body
    assert "2024年度创建工作总结" in message.body
    assert "截止2025年3月10日" in message.body
    assert "/portal/x/m:9/" in message.body
    notice = Notice.objects.get(user=people.liaison_a)
    assert notice.title == message.subject and notice.read_at is None
    assert ReminderDigest.objects.get(user=people.liaison_a).status == ReminderDigest.Status.SENT


def test_user_without_email_gets_the_in_app_notice_only(people, due):
    people.liaison_b.email = ""
    people.liaison_b.save()
    due.items = [item("x", DAY, people.liaison_b)]
    result = reminders_run(on=DAY)
    assert result.digests_sent == 1 and result.mails_sent == 0
    assert Notice.objects.filter(user=people.liaison_b).count() == 1
