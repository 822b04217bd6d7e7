"""The whole life of an application, through the services, with what each step records."""

import datetime as dt

import pytest
import time_machine

from core.models import StateLog
from core.workflow import TransitionError
from titles.models import AppStatus, Title, TitleApplication
from titles.services import applications as apps_svc
from titles.services import consultation as consult_svc
from titles.services import naming as naming_svc
from titles.services import reexam as reexam_svc

from .conftest import YEAR, fill, make_app, pdf

pytestmark = pytest.mark.django_db


def test_whole_lifecycle_from_draft_to_named_title(tw):
    app = make_app(tw, state="草稿")
    assert app.status == AppStatus.DRAFT and app.items.count() == 3
    fill(app, tw.liaison_a)
    apps_svc.attachment_add(application=app, file=pdf(), name="总结", by=tw.liaison_a)
    rev1 = apps_svc.application_submit(application=app, by=tw.liaison_a)
    app.refresh_from_db()
    assert app.status == AppStatus.SUBMITTED and rev1.number == 1
    assert [a["name"] for a in rev1.snapshot["attachments"]] == ["总结"]

    apps_svc.application_return(application=app, reason="志愿服务缺佐证", by=tw.city_staff)
    app.refresh_from_db()
    assert app.status == AppStatus.RETURNED and app.return_reason == "志愿服务缺佐证"

    apps_svc.application_save_items(application=app, items={tw.crits[1].pk: (10, "补充志愿者名单")}, by=tw.liaison_a)
    rev2 = apps_svc.application_submit(application=app, by=tw.liaison_a)
    changes = apps_svc.revision_changes(rev1.snapshot, rev2.snapshot)
    assert rev2.number == 2 and any("2 志愿服务" in c and "8.0 → 10.0" in c for c in changes)

    from titles.services import reviews as review_svc

    apps_svc.application_start_assessment(application=app, by=tw.city_staff)
    review_svc.reviewers_assign(applications=[app], reviewers=[tw.reviewer], by=tw.city_staff)
    a = app.assignments.get()
    review_svc.review_submit(assignment=a, scores={c.pk: 9 for c in tw.crits}, comment="好", by=tw.reviewer)
    a.refresh_from_db()
    assert a.total == 27 and a.revision == rev2
    rows = consult_svc.consultation_start(application=app, departments=["纪检监察", "卫生健康"], by=tw.city_staff)
    for row in rows:
        consult_svc.consultation_answer(consultation=row, answer="同意", by=tw.city_staff)

    from titles.services import publicity as pub_svc

    batch = pub_svc.publicity_start(
        region=tw.regions.city,
        title="公示",
        start_date=dt.date(YEAR, 11, 3),
        days=5,
        working_days=True,
        how_to_object="电话",
        applications=[app],
        by=tw.city_staff,
    )
    assert batch.end_date == dt.date(YEAR, 11, 7)
    with time_machine.travel(dt.datetime(YEAR, 11, 10, 10, 0)):
        titles = naming_svc.applications_name(applications=[app], doc_number="商文明委〔2025〕5号", by=tw.city_staff)
    app.refresh_from_db()
    title = titles[0]
    assert app.status == AppStatus.NAMED
    assert (title.status, title.conferred_year, title.term_end_year, title.doc_number) == (
        "在届",
        YEAR,
        YEAR + 2,
        "商文明委〔2025〕5号",
    )
    assert title.latest_score == 27
    path = list(
        StateLog.objects.filter(object_id=app.pk, content_type__model="titleapplication")
        .order_by("pk")
        .values_list("target", flat=True)
    )
    assert path == ["已提交", "退回", "已提交", "考评中", "征求意见", "公示中", "已命名"]
    assert StateLog.objects.filter(transition="return_for_changes", comment="志愿服务缺佐证", by=tw.city_staff).exists()


def test_naming_renews_an_existing_title_and_keeps_history(tw):
    old = Title.objects.create(
        unit=tw.unit_a,
        category=tw.cat,
        level="市级",
        conferred_year=YEAR - 3,
        doc_number="旧文号",
        term_years=3,
        term_end_year=YEAR - 1,
        status="期满",
    )
    app = make_app(tw, state="公示中")
    with time_machine.travel(dt.datetime(YEAR, 11, 20, 10, 0)):
        naming_svc.applications_name(applications=[app], doc_number="新文号", by=tw.city_staff)
    old.refresh_from_db()
    assert (old.status, old.doc_number, old.conferred_year) == ("在届", "新文号", YEAR)
    assert old.history.filter(doc_number="旧文号").exists()


def test_one_application_per_unit_category_level_year(tw):
    make_app(tw)
    with pytest.raises(TransitionError, match="已有同类别同级别"):
        make_app(tw)
    make_app(tw, level="县级")  # another level is fine
    assert TitleApplication.objects.count() == 2


def test_submit_needs_every_description(tw):
    app = make_app(tw)
    with pytest.raises(TransitionError, match="尚未填写工作情况说明"):
        apps_svc.application_submit(application=app, by=tw.liaison_a)


def test_claimed_points_cannot_exceed_max(tw):
    app = make_app(tw)
    with pytest.raises(TransitionError, match="0至10.0分之间"):
        apps_svc.application_save_items(application=app, items={tw.crits[0].pk: (11, "x")}, by=tw.liaison_a)


def test_submitted_application_cannot_be_edited(tw):
    app = make_app(tw, state="已提交")
    with pytest.raises(TransitionError, match="不能修改"):
        apps_svc.application_save_items(application=app, items={tw.crits[0].pk: (5, "x")}, by=tw.liaison_a)
    with pytest.raises(TransitionError):
        apps_svc.attachment_add(application=app, file=pdf(), by=tw.liaison_a)


def test_no_application_without_evaluation_system(tw):
    from titles.models import TitleCategory

    other = TitleCategory.objects.create(name="文明家庭")
    with pytest.raises(TransitionError, match="尚未发布测评体系"):
        apps_svc.application_create(unit=tw.unit_a, category=other, level="市级", year=YEAR, by=tw.liaison_a)


def test_veto_stops_application_with_its_reason(tw):
    app = make_app(tw, state="征求意见")
    eco = app.consultations.get(department="生态环境")
    with pytest.raises(TransitionError, match="否决时须填写理由"):
        consult_svc.consultation_answer(consultation=eco, answer="否决", by=tw.city_staff)
    consult_svc.consultation_answer(consultation=eco, answer="否决", reason="发生环境违法行为", by=tw.city_staff)
    app.refresh_from_db()
    assert app.status == AppStatus.REJECTED and "生态环境一票否决：发生环境违法行为" == app.outcome_reason
    other = app.consultations.get(department="纪检监察")
    with pytest.raises(TransitionError, match="不在征求意见阶段"):
        consult_svc.consultation_answer(consultation=other, answer="同意", by=tw.city_staff)


def test_publicity_needs_all_departments_to_agree(tw):
    from titles.services import publicity as pub_svc

    app = make_app(tw, state="征求意见")
    with pytest.raises(TransitionError, match="征求意见尚未全部同意"):
        pub_svc.publicity_start(
            region=tw.regions.city,
            title="t",
            start_date=dt.date(YEAR, 11, 3),
            days=5,
            working_days=True,
            how_to_object="电话",
            applications=[app],
            by=tw.city_staff,
        )


def test_consultation_needs_a_submitted_score(tw):
    app = make_app(tw, state="考评中")
    with pytest.raises(TransitionError, match="尚无评审专家提交评分"):
        consult_svc.consultation_start(application=app, departments=["纪检监察"], by=tw.city_staff)


def test_reexamination_outcomes_move_the_title(tw):
    title = Title.objects.create(
        unit=tw.unit_a, category=tw.cat, level="市级", conferred_year=YEAR - 1, doc_number="d", term_end_year=YEAR + 1
    )
    day = dt.date(YEAR, 9, 1)
    with pytest.raises(TransitionError, match="整改期限"):
        reexam_svc.reexamination_record(title=title, year=YEAR, examined_on=day, outcome="限期整改", by=tw.city_staff)
    reexam_svc.reexamination_record(
        title=title,
        year=YEAR,
        examined_on=day,
        outcome="限期整改",
        score=80,
        deadline=dt.date(YEAR, 12, 1),
        reason="台账不全",
        by=tw.city_staff,
    )
    title.refresh_from_db()
    assert (title.status, title.rectify_deadline, title.latest_score) == ("限期整改", dt.date(YEAR, 12, 1), 80)
    reexam_svc.reexamination_record(
        title=title, year=YEAR, examined_on=dt.date(YEAR, 12, 2), outcome="保留", score=90, by=tw.city_staff
    )
    title.refresh_from_db()
    assert (title.status, title.rectify_deadline) == ("复查通过", None)
    with pytest.raises(TransitionError, match="撤销称号须填写理由"):
        reexam_svc.reexamination_record(title=title, year=YEAR, examined_on=day, outcome="撤销", by=tw.city_staff)
    reexam_svc.reexamination_record(
        title=title, year=YEAR, examined_on=day, outcome="撤销", reason="严重违纪", by=tw.city_staff
    )
    title.refresh_from_db()
    assert title.status == "撤销"
    with pytest.raises(TransitionError, match="当前状态"):
        reexam_svc.reexamination_record(title=title, year=YEAR, examined_on=day, outcome="保留", by=tw.city_staff)


def test_dynamic_management_lists_low_failed_and_expiring(tw):
    from decimal import Decimal

    from titles.selectors import dynamic_management

    def mk(unit, **kw):
        return Title.objects.create(
            unit=unit, category=tw.cat, level=kw.pop("level", "市级"), conferred_year=YEAR - 1, doc_number="d", **kw
        )

    low = mk(tw.unit_a, term_end_year=YEAR + 1, latest_score=Decimal("80"))
    ok = mk(tw.unit_b, term_end_year=YEAR + 1, latest_score=Decimal("92"))
    ending = mk(tw.unit_a2, term_end_year=YEAR, latest_score=Decimal("95"))
    warned = mk(tw.unit_city, term_end_year=YEAR + 1, latest_score=Decimal("90"))
    reexam_svc.reexamination_record(
        title=warned,
        year=YEAR,
        examined_on=dt.date(YEAR, 5, 1),
        outcome="限期整改",
        deadline=dt.date(YEAR, 8, 1),
        by=tw.city_staff,
    )
    found = set(dynamic_management(Title.objects.all(), year=YEAR, threshold=Decimal("85")))
    assert found == {low, ending, warned} and ok not in found


def test_titles_past_their_term_expire(tw):
    past = Title.objects.create(
        unit=tw.unit_a, category=tw.cat, level="市级", conferred_year=YEAR - 3, doc_number="d", term_end_year=YEAR - 1
    )
    current = Title.objects.create(
        unit=tw.unit_b, category=tw.cat, level="市级", conferred_year=YEAR - 1, doc_number="d", term_end_year=YEAR + 1
    )
    assert reexam_svc.titles_expire(year=YEAR, by=tw.city_staff) == 1
    past.refresh_from_db()
    current.refresh_from_db()
    assert (past.status, current.status) == ("期满", "在届")


@pytest.mark.django_db
def test_yearly_expiry_job_runs_from_its_schedule_without_a_user(tw):
    import datetime as dt

    import time_machine
    from django_celery_beat.models import PeriodicTask

    from core.schedules import sync_schedules
    from titles.tasks import expire_titles

    past = Title.objects.create(
        unit=tw.unit_a, category=tw.cat, level="市级", conferred_year=2021, doc_number="d1", term_end_year=2023
    )
    with time_machine.travel(dt.datetime(2024, 1, 1, 1, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))):
        assert expire_titles.apply().result == 1
        assert expire_titles.apply().result == 0  # second run changes nothing
    past.refresh_from_db()
    assert past.status == "期满"
    sync_schedules()
    task = PeriodicTask.objects.get(name="文明称号届满处理")
    assert task.task == "titles.tasks.expire_titles" and task.crontab.month_of_year == "1"


def test_term_follows_the_category(tw):
    """青年文明号 has a two-year term; naming takes the category's term, not a fixed 3."""
    tw.cat.term_years = 2
    tw.cat.save()
    app = make_app(tw, state="公示中")
    with time_machine.travel(dt.datetime(YEAR, 11, 20, 10, 0)):
        (title,) = naming_svc.applications_name(applications=[app], doc_number="团市委〔2025〕3号", by=tw.city_staff)
    assert (title.term_years, title.term_end_year) == (2, YEAR + 1)
