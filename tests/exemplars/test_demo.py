"""The demo data has a selection round in every stage and nominations in every state."""

import pytest
from django.core.management import call_command

from core.models import StateLog
from exemplars.models import Exemplar, Nomination, NominationStatus, PublicVote, SelectionRound


@pytest.mark.django_db
def test_demo_has_a_round_in_every_stage_and_a_nomination_in_every_state(regions):
    call_command("seed_demo", "--scale", "demo", "--apps", "units,exemplars", verbosity=0)
    assert set(SelectionRound.objects.values_list("stage", flat=True)) == set(SelectionRound.Stage.values)
    assert set(Nomination.objects.values_list("status", flat=True)) == set(NominationStatus.values)
    assert set(Nomination.objects.values_list("source", flat=True)) == {"unit", "public"}
    merged = Nomination.objects.get(status=NominationStatus.MERGED)
    assert merged.merged_into.nominee_name == merged.nominee_name
    assert StateLog.objects.filter(transition="merge", object_id=merged.pk).exists()
    assert Exemplar.objects.filter(hardship=True).exists() and Exemplar.objects.filter(care_visits__isnull=False)
    assert PublicVote.objects.exists()
    # every nomination got there through the workflow, not by writing the state
    moved = Nomination.objects.exclude(status=NominationStatus.SUBMITTED)
    assert (
        StateLog.objects.filter(object_id__in=moved.values("pk")).values("object_id").distinct().count()
        == moved.count()
    )
