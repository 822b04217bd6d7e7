"""The demo data of titles: applications in every state, titles in every status,
materials in every state, pairings — consistent with each other, in proportion to the
number of units (the same code builds city and province scale)."""

import datetime as dt
import io

import pytest
import time_machine
from django.db.models import Count, Sum

from core.demo import DemoContext
from core.models import StateLog
from titles import demo
from titles.models import (
    ApplicationRevision,
    AppStatus,
    Consultation,
    MaterialStatus,
    MaterialSubmission,
    PairingRecord,
    ReExamination,
    ReviewAssignment,
    Title,
    TitleApplication,
    TitleStatus,
)
from units import demo as units_demo
from units.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(regions):
    with time_machine.travel(dt.datetime(2026, 11, 16, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))), tick=False):
        ctx = DemoContext(scale="demo", year=2026, stdout=io.StringIO())
        units_demo.seed(ctx)
        demo.seed(ctx)
        yield ctx


def test_demo_has_every_state_consistent_and_in_proportion(seeded):
    this_year = TitleApplication.objects.filter(year=2026)
    assert set(this_year.values_list("status", flat=True)) == set(AppStatus.values)
    # the service-built story logged every step; the bulk rows carry the same path
    logged = set(StateLog.objects.filter(content_type__model="titleapplication").values_list("target", flat=True))
    assert logged == set(AppStatus.values) - {AppStatus.DRAFT}
    assert not this_year.exclude(status=AppStatus.DRAFT).filter(revisions__isnull=True).exists()
    assert not this_year.filter(status__in=[AppStatus.PUBLICITY, AppStatus.NAMED], publicity__isnull=True).exists()
    assert not this_year.filter(status=AppStatus.RETURNED, return_reason="").exists()
    assert not this_year.filter(status=AppStatus.REJECTED, outcome_reason="").exists()
    for app in this_year.filter(status=AppStatus.NAMED).select_related("unit"):
        assert Title.objects.filter(unit=app.unit, category=app.category, level=app.level, conferred_year=2026).exists()
    # a veto is on record, and every scored review adds up
    assert Consultation.objects.filter(answer="否决", application__status=AppStatus.REJECTED).exists()
    for a in ReviewAssignment.objects.filter(submitted_at__isnull=False).annotate(s=Sum("scores__points")):
        assert a.total == a.s and a.revision_id is not None
    # reviewers see what changed after a resubmission
    assert ApplicationRevision.objects.filter(number=2).exists()

    # titles, re-examinations, materials and pairings (one seed for both halves: it is slow)
    assert set(Title.objects.values_list("status", flat=True)) == set(TitleStatus.values)
    assert set(ReExamination.objects.values_list("outcome", flat=True)) == set(ReExamination.Outcome.values)
    assert set(MaterialSubmission.objects.values_list("status", flat=True)) == set(MaterialStatus.values)
    assert PairingRecord.objects.exists()
    orgs = Unit.objects.exclude(kind__in=["村", "社区", "民营企业"]).count()
    assert Title.objects.count() >= orgs * demo.TITLE_SHARE
    # no unit holds the same title twice, and no unit applies twice for the same thing
    assert not Title.objects.values("unit", "category", "level").annotate(n=Count("pk")).filter(n__gt=1).exists()
    # liaison_a's unit has something of everything on its home page
    unit_a = seeded.data["unit_a"]
    statuses = set(unit_a.title_applications.values_list("status", flat=True))
    assert {AppStatus.RETURNED, AppStatus.DRAFT} <= statuses
    assert unit_a.material_submissions.filter(status=MaterialStatus.RETURNED).exists()
