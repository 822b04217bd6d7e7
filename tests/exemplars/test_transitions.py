"""Every transition of the nomination workflow from every state: allowed ones move the
state and write a StateLog row with who and why; forbidden ones raise TransitionError
and change nothing; who may run each allowed one."""

import pytest
from django.core.exceptions import PermissionDenied

from core.models import StateLog
from core.workflow import TransitionError, run_transition
from exemplars.models import Nomination
from exemplars.models import NominationStatus as S

pytestmark = pytest.mark.django_db

ALLOWED = {
    "accept": {S.SUBMITTED: S.REVIEWING},
    "reject": {S.SUBMITTED: S.REJECTED},
    "merge": {S.SUBMITTED: S.MERGED},
    "publicize": {S.REVIEWING: S.PUBLICITY},
    "not_select": {S.REVIEWING: S.NOT_SELECTED, S.PUBLICITY: S.NOT_SELECTED},
    "commend": {S.PUBLICITY: S.COMMENDED},
}
CASES = [(name, state) for name in ALLOWED for state in S.values]


def _in_state(nominate, state):
    n = nominate()
    Nomination.objects.filter(pk=n.pk).update(status=state)
    return Nomination.objects.get(pk=n.pk)


def test_the_matrix_covers_every_state_and_transition():
    assert len(CASES) == 6 * 7
    assert {t for targets in ALLOWED.values() for t in targets.values()} <= set(S.values)


@pytest.mark.parametrize(("name", "state"), CASES)
def test_transition_from_state(world, nominate, name, state):
    n = _in_state(nominate, state)
    target = ALLOWED[name].get(state)
    if target is None:
        with pytest.raises(TransitionError, match="当前状态"):
            run_transition(n, name, by=world.city_staff, comment="测试")
        assert Nomination.objects.get(pk=n.pk).status == state
        assert not StateLog.objects.filter(object_id=n.pk).exists()
        return
    run_transition(n, name, by=world.city_staff, comment="测试原因")
    assert Nomination.objects.get(pk=n.pk).status == target
    log = StateLog.objects.get(object_id=n.pk)
    assert (log.transition, log.source, log.target, log.by, log.comment) == (
        name,
        state,
        target,
        world.city_staff,
        "测试原因",
    )


@pytest.mark.parametrize(("name", "state"), [(name, state) for name, sources in ALLOWED.items() for state in sources])
@pytest.mark.parametrize("persona", ["liaison_a", "official", "reviewer", "team_leader", "county_b_staff"])
def test_allowed_transition_refused_to_people_who_may_not_run_it(world, nominate, name, state, persona):
    """Liaisons, officials, reviewers and team leaders never move a nomination; staff of
    a sibling county cannot touch a nominee of 梁园区 nor decide a city round."""
    n = _in_state(nominate, state)
    with pytest.raises(PermissionDenied):
        run_transition(n, name, by=getattr(world, persona), comment="x")
    assert Nomination.objects.get(pk=n.pk).status == state
    assert not StateLog.objects.filter(object_id=n.pk).exists()


@pytest.mark.parametrize(("name", "allowed"), [("accept", True), ("reject", True), ("merge", True),
                                                ("publicize", False), ("not_select", False), ("commend", False)])  # fmt: skip
def test_county_office_screens_own_nominees_but_only_the_round_office_decides(world, nominate, name, allowed):
    state = next(iter(ALLOWED[name]))
    n = _in_state(nominate, state)
    if allowed:
        run_transition(n, name, by=world.county_a_staff, comment="县级初审")
        assert Nomination.objects.get(pk=n.pk).status == ALLOWED[name][state]
    else:
        with pytest.raises(PermissionDenied):
            run_transition(n, name, by=world.county_a_staff, comment="x")
        assert Nomination.objects.get(pk=n.pk).status == state
