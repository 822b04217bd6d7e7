import io

from django.db.models import Count

from campaigns import demo
from campaigns.models import Evidence, Indicator, Rectification, TaskAssignment, TaskStatus
from campaigns.selectors import with_status
from core.demo import DemoContext
from units import demo as units_demo


def test_demo_has_a_real_framework_decomposed_with_evidence_in_every_state(regions):
    ctx = DemoContext(scale="demo", year=2026, stdout=io.StringIO())
    units_demo.seed(ctx)
    demo.seed(ctx)
    campaign = ctx.data["campaign"]
    levels = dict(Indicator.objects.filter(framework__campaign=campaign).values_list("level").annotate(n=Count("pk")))
    assert levels[1] == 8 and levels[3] >= 100 and sum(levels.values()) >= 130
    assert set(Evidence.objects.values_list("status", flat=True)) == set(Evidence.Status.values)
    statuses = set(with_status(TaskAssignment.objects.all()).values_list("status", flat=True))
    assert {"accepted", "submitted", "returned", "in_progress", "overdue", "not_started"} <= statuses
    unit_a = ctx.data["unit_a"]
    # liaison_a's own unit shows every status on the portal.
    own = set(with_status(TaskAssignment.objects.filter(unit=unit_a)).values_list("status", flat=True))
    assert own == set(TaskStatus.values)
    # Nothing is dated in the future, even the resubmissions after a return.
    from django.db.models import Q
    from django.utils import timezone

    now = timezone.now()
    assert not Evidence.objects.filter(
        Q(created_at__gt=now) | Q(submitted_at__gt=now) | Q(reviewed_at__gt=now)
    ).exists()
    assert TaskAssignment.objects.filter(unit=unit_a).count() >= 20
    assert set(Rectification.objects.values_list("status", flat=True)) == {"open", "answered", "closed"}
    assert unit_a.activities.exists()
