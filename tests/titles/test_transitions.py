"""Every transition of the application workflow: from which states it is allowed and
who may run it (role and scope)."""

import pytest
from django.core.exceptions import PermissionDenied

from core.workflow import TransitionError, run_transition
from titles.models import AppStatus, TitleApplication

from .conftest import make_app

pytestmark = pytest.mark.django_db

ALL = [s for s in AppStatus.values]
TRANSITIONS = {
    "submit": ({"草稿", "退回"}, "已提交"),
    "return_for_changes": ({"已提交", "考评中"}, "退回"),
    "start_assessment": ({"已提交"}, "考评中"),
    "start_consultation": ({"考评中"}, "征求意见"),
    "veto": ({"征求意见"}, "未通过"),
    "start_publicity": ({"征求意见"}, "公示中"),
    "name": ({"公示中"}, "已命名"),
    "reject": ({"已提交", "考评中", "征求意见", "公示中"}, "未通过"),
}
STAFF_ONLY = [t for t in TRANSITIONS if t != "submit"]


def _app_in(tw, state):
    app = make_app(tw)
    TitleApplication.objects.filter(pk=app.pk).update(status=state)
    app.refresh_from_db()
    return app


@pytest.mark.parametrize("name", list(TRANSITIONS))
@pytest.mark.parametrize("state", ALL)
def test_transition_allowed_only_from_its_states(tw, name, state):
    sources, target = TRANSITIONS[name]
    app = _app_in(tw, state)
    by = tw.liaison_a if name == "submit" else tw.city_staff
    if state in sources:
        run_transition(app, name, by=by, comment="理由")
        app.refresh_from_db()
        assert app.status == target
    else:
        with pytest.raises(TransitionError, match="不能执行此操作"):
            run_transition(app, name, by=by, comment="理由")
        app.refresh_from_db()
        assert app.status == state


@pytest.mark.parametrize("name", STAFF_ONLY)
@pytest.mark.parametrize("persona", ["liaison_a", "liaison_b", "county_b_staff", "official", "reviewer", "team_leader"])
def test_office_steps_refused_to_everyone_but_staff_covering_the_unit(tw, name, persona):
    sources, _target = TRANSITIONS[name]
    app = _app_in(tw, sorted(sources)[0])
    with pytest.raises(PermissionDenied):
        run_transition(app, name, by=getattr(tw, persona), comment="x")


@pytest.mark.parametrize("persona", ["city_staff", "county_a_staff"])
def test_staff_of_the_units_region_and_above_may_start_assessment(tw, persona):
    app = _app_in(tw, "已提交")
    run_transition(app, "start_assessment", by=getattr(tw, persona))
    assert app.status == "考评中"


@pytest.mark.parametrize(
    "persona, allowed",
    [
        ("liaison_a", True),
        ("city_staff", True),
        ("county_a_staff", True),
        ("liaison_b", False),
        ("county_b_staff", False),
        ("official", False),
        ("reviewer", False),
    ],
)
def test_who_may_submit(tw, persona, allowed):
    app = _app_in(tw, "草稿")
    if allowed:
        run_transition(app, "submit", by=getattr(tw, persona))
        assert app.status == "已提交"
    else:
        with pytest.raises(PermissionDenied):
            run_transition(app, "submit", by=getattr(tw, persona))


def test_return_and_reject_need_a_reason(tw):
    from titles.services import applications as apps_svc

    app = make_app(tw, state="已提交")
    with pytest.raises(TransitionError, match="请填写原因"):
        apps_svc.application_return(application=app, reason=" ", by=tw.city_staff)
    with pytest.raises(TransitionError, match="未通过原因"):
        apps_svc.application_reject(application=app, reason="", by=tw.city_staff)
