"""Every transition of a held title (confer, keep, warn, revoke, expire) and of a yearly
material (resubmit, accept, return): from which states, and who may run them."""

import pytest
from django.core.exceptions import PermissionDenied

from core.workflow import TransitionError, run_transition
from titles.models import MaterialRequirement, MaterialStatus, MaterialSubmission, Title, TitleStatus
from titles.services import materials as mat_svc

from .conftest import YEAR, pdf

pytestmark = pytest.mark.django_db

IN_TERM = {"在届", "复查通过", "限期整改"}
TITLE_TRANSITIONS = {
    "confer": (set(TitleStatus.values), "在届"),
    "keep": (IN_TERM, "复查通过"),
    "warn": (IN_TERM, "限期整改"),
    "revoke": (IN_TERM, "撤销"),
    "expire": (IN_TERM, "期满"),
}
PERSONAS = ["liaison_a", "liaison_b", "county_b_staff", "official", "reviewer", "team_leader"]


def _title(tw, status):
    return Title.objects.create(
        unit=tw.unit_a,
        category=tw.cat,
        level="市级",
        conferred_year=YEAR - 1,
        doc_number="商文明委〔2024〕5号",
        term_end_year=YEAR + 1,
        status=status,
    )


@pytest.mark.parametrize("name", list(TITLE_TRANSITIONS))
@pytest.mark.parametrize("state", TitleStatus.values)
def test_title_transition_allowed_only_from_its_states(tw, name, state):
    sources, target = TITLE_TRANSITIONS[name]
    title = _title(tw, state)
    if state in sources:
        run_transition(title, name, by=tw.city_staff, comment="理由")
        title.refresh_from_db()
        assert title.status == target
    else:
        with pytest.raises(TransitionError, match="不能执行此操作"):
            run_transition(title, name, by=tw.city_staff, comment="理由")
        title.refresh_from_db()
        assert title.status == state


@pytest.mark.parametrize("name", list(TITLE_TRANSITIONS))
@pytest.mark.parametrize("persona", PERSONAS)
def test_title_transitions_only_by_staff_covering_the_unit(tw, name, persona):
    title = _title(tw, "在届")
    with pytest.raises(PermissionDenied):
        run_transition(title, name, by=getattr(tw, persona), comment="x")
    title.refresh_from_db()
    assert title.status == "在届"
    run_transition(title, name, by=tw.county_a_staff, comment="x")  # the county's own office may
    assert title.status == TITLE_TRANSITIONS[name][1]


MATERIAL_TRANSITIONS = {
    "resubmit": ({"待审核", "已退回"}, "待审核", "liaison_a"),
    "accept": ({"待审核"}, "已通过", "city_staff"),
    "return_for_changes": ({"待审核"}, "已退回", "city_staff"),
}


def _submission(tw, status):
    req = MaterialRequirement.objects.create(
        region=tw.regions.city, year=YEAR, name=f"总结{status}", due_date=f"{YEAR}-12-15"
    )
    sub = mat_svc.material_upload(requirement=req, unit=tw.unit_a, file=pdf(), by=tw.liaison_a)
    MaterialSubmission.objects.filter(pk=sub.pk).update(status=status)
    sub.refresh_from_db()
    return sub


@pytest.mark.parametrize("name", list(MATERIAL_TRANSITIONS))
@pytest.mark.parametrize("state", MaterialStatus.values)
def test_material_transition_allowed_only_from_its_states(tw, name, state):
    sources, target, persona = MATERIAL_TRANSITIONS[name]
    sub = _submission(tw, state)
    if state in sources:
        run_transition(sub, name, by=getattr(tw, persona), comment="意见")
        sub.refresh_from_db()
        assert sub.status == target
    else:
        with pytest.raises(TransitionError, match="不能执行此操作"):
            run_transition(sub, name, by=getattr(tw, persona), comment="意见")


@pytest.mark.parametrize(
    "name, persona, allowed",
    [
        ("accept", "city_staff", True),
        ("accept", "county_a_staff", True),
        ("accept", "county_b_staff", False),
        ("accept", "liaison_a", False),
        ("accept", "official", False),
        ("accept", "reviewer", False),
        ("return_for_changes", "liaison_a", False),
        ("return_for_changes", "county_b_staff", False),
        ("resubmit", "liaison_a", True),
        ("resubmit", "county_a_staff", True),  # staff may upload on a unit's behalf
        ("resubmit", "liaison_b", False),
        ("resubmit", "official", False),
    ],
)
def test_who_may_move_a_material(tw, name, persona, allowed):
    sub = _submission(tw, "待审核")
    if allowed:
        run_transition(sub, name, by=getattr(tw, persona), comment="意见")
    else:
        with pytest.raises(PermissionDenied):
            run_transition(sub, name, by=getattr(tw, persona), comment="意见")
        sub.refresh_from_db()
        assert sub.status == "待审核"


def test_accepted_material_cannot_be_uploaded_again(tw):
    sub = _submission(tw, "待审核")
    mat_svc.material_accept(submission=sub, by=tw.city_staff)
    with pytest.raises(TransitionError, match="已审核通过"):
        mat_svc.material_upload(requirement=sub.requirement, unit=tw.unit_a, file=pdf(), by=tw.liaison_a)
