"""评审: reviewers see and score only what is assigned to them; the ranking."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from core.roles import Role
from core.workflow import TransitionError
from exemplars import selectors, services
from exemplars.models import PublicVote
from tests.exemplars.helpers import assert_rows_do_not_add_queries
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewing(world, nominate):
    mine, other = nominate(nominee_name="甲"), nominate(nominee_name="乙")
    for n in (mine, other):
        services.nomination_accept(nomination=n, by=world.city_staff)
    second = make_user("reviewer2", [Role.REVIEWER], region=world.regions.city)
    services.reviewers_assign(nominations=[mine], reviewers=[world.reviewer], by=world.city_staff)
    services.reviewers_assign(nominations=[other], reviewers=[second], by=world.city_staff)
    return mine, other, second


def test_reviewer_portal_lists_only_assigned(world, client_for, reviewing):
    mine, other, _second = reviewing
    body = client_for(world.reviewer).get(reverse("exemplars:index")).content.decode()
    assert "甲" in body and "乙" not in body


def test_reviewer_gets_404_for_unassigned_nomination_and_assignment(world, client_for, reviewing):
    mine, other, _second = reviewing
    client = client_for(world.reviewer)
    assert client.get(reverse("exemplars:nomination", args=[mine.pk])).status_code == 200
    assert client.get(reverse("exemplars:nomination", args=[other.pk])).status_code == 404
    foreign = other.assignments.get()
    assert client.get(reverse("exemplars:review", args=[foreign.pk])).status_code == 404
    assert client.post(reverse("exemplars:review", args=[foreign.pk]), {"score": "99"}).status_code == 404
    foreign.refresh_from_db()
    assert foreign.score is None


def test_reviewer_does_not_see_nominator_contact(world, client_for, reviewing):
    mine, _other, _second = reviewing
    mine.nominator_phone = "13912345678"
    mine.save()
    body = client_for(world.reviewer).get(reverse("exemplars:nomination", args=[mine.pk])).content.decode()
    assert "13912345678" not in body and "办理记录" not in body


def test_reviewer_scores_through_the_portal(world, client_for, reviewing):
    mine, _other, _second = reviewing
    assignment = mine.assignments.get()
    response = client_for(world.reviewer).post(
        reverse("exemplars:review", args=[assignment.pk]), {"score": "88.5", "vote": "for", "comment": "好"}
    )
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert str(assignment.score) == "88.5" and assignment.vote == "for" and assignment.submitted_at


def test_score_out_of_range_and_empty_review_are_refused(world, reviewing):
    from django.core.exceptions import ValidationError

    assignment = reviewing[0].assignments.get()
    with pytest.raises(ValidationError):
        services.review_submit(assignment=assignment, by=world.reviewer, score=101)
    with pytest.raises(ValidationError):
        services.review_submit(assignment=assignment, by=world.reviewer)


def test_only_the_assigned_reviewer_may_submit(world, reviewing):
    assignment = reviewing[0].assignments.get()
    with pytest.raises(PermissionDenied):
        services.review_submit(assignment=assignment, by=reviewing[2], score=90)


def test_review_closes_when_publicity_starts(world, reviewing):
    import datetime as dt

    mine = reviewing[0]
    services.publicity_start(nominations=[mine], start=dt.date(2025, 5, 6), by=world.city_staff)
    with pytest.raises(TransitionError):
        services.review_submit(assignment=mine.assignments.get(), by=world.reviewer, score=90)


def test_only_reviewers_can_be_assigned_and_only_to_nominations_under_review(world, nominate):
    n = nominate()
    with pytest.raises(TransitionError, match="评审中"):
        services.reviewers_assign(nominations=[n], reviewers=[world.reviewer], by=world.city_staff)
    services.nomination_accept(nomination=n, by=world.city_staff)
    with pytest.raises(TransitionError, match="不是评审专家"):
        services.reviewers_assign(nominations=[n], reviewers=[world.liaison_a], by=world.city_staff)
    assert services.reviewers_assign(nominations=[n], reviewers=[world.reviewer], by=world.city_staff) == 1
    assert services.reviewers_assign(nominations=[n], reviewers=[world.reviewer], by=world.city_staff) == 0


def test_ranking_orders_by_reviewers_and_shows_public_votes_beside(world, nominate, city_round):
    import datetime as dt

    a, b = nominate(nominee_name="甲"), nominate(nominee_name="乙")
    r2 = make_user("reviewer2", [Role.REVIEWER], region=world.regions.city)
    for n in (a, b):
        services.nomination_accept(nomination=n, by=world.city_staff)
    services.reviewers_assign(nominations=[a, b], reviewers=[world.reviewer, r2], by=world.city_staff)
    scores = {(a.pk, world.reviewer.pk): 80, (a.pk, r2.pk): 90, (b.pk, world.reviewer.pk): 95, (b.pk, r2.pk): 70}
    for (npk, rpk), score in scores.items():
        assignment = a.assignments.model.objects.get(nomination_id=npk, reviewer_id=rpk)
        services.review_submit(assignment=assignment, by=assignment.reviewer, score=score, vote="for")
    # Many public votes for 乙 do not lift it above 甲 (85 vs 82.5).
    PublicVote.objects.bulk_create(
        [PublicVote(nomination=b, voter_key=f"k{i}", day=dt.date(2025, 4, 1)) for i in range(50)]
    )
    items = selectors.ranking(city_round)["助人为乐"]
    assert [(n.nominee_name, n.avg_score, n.web_votes, n.place) for n in items] == [
        ("甲", 85, 0, 1),
        ("乙", 82.5, 50, 2),
    ]


def test_ranking_page_for_staff_and_official_not_for_liaison(world, client_for, city_round, nominate):
    url = reverse("exemplars:ranking", args=[city_round.pk])

    def more_rows():
        for i in range(6):
            n = nominate(nominee_name=f"人{i}")
            services.nomination_accept(nomination=n, by=world.city_staff)
            services.reviewers_assign(nominations=[n], reviewers=[world.reviewer], by=world.city_staff)

    assert_rows_do_not_add_queries(client_for(world.city_staff), url, more_rows)
    assert client_for(world.official).get(url).status_code == 200
    assert client_for(world.liaison_a).get(url).status_code == 404
    assert client_for(world.county_b_staff).get(url).status_code == 404  # a city round is not the county's


def test_reviewer_is_never_assigned_a_nomination_of_their_own_unit(world, nominate):
    """回避: a reviewer who is liaison of the nominating unit is refused, and nothing is assigned."""
    own = make_user("reviewer_a", [Role.REVIEWER, Role.LIAISON], region=world.regions.city, units=[world.unit_a])
    theirs, other = nominate(nominee_name="本单位"), nominate(nominee_name="外单位", nominator_unit=world.unit_b)
    for n in (theirs, other):
        services.nomination_accept(nomination=n, by=world.city_staff)
    with pytest.raises(TransitionError, match="回避"):
        services.reviewers_assign(nominations=[other, theirs], reviewers=[world.reviewer, own], by=world.city_staff)
    assert not theirs.assignments.exists() and not other.assignments.exists()
    assert services.reviewers_assign(nominations=[other], reviewers=[own], by=world.city_staff) == 1
    assert services.reviewers_assign(nominations=[theirs], reviewers=[world.reviewer], by=world.city_staff) == 1


def test_reviewer_portal_never_shows_own_unit_nomination(world, client_for, nominate):
    """Even an assignment made before the reviewer became the unit's liaison stays hidden."""
    n = nominate(nominee_name="后来的本单位")
    services.nomination_accept(nomination=n, by=world.city_staff)
    services.reviewers_assign(nominations=[n], reviewers=[world.reviewer], by=world.city_staff)
    assignment = n.assignments.get()
    client = client_for(world.reviewer)
    assert client.get(reverse("exemplars:review", args=[assignment.pk])).status_code == 200
    world.unit_a.liaisons.add(world.reviewer)
    world.reviewer.__dict__.pop("_civ_unit_ids", None)
    assert client.get(reverse("exemplars:review", args=[assignment.pk])).status_code == 404
    assert "后来的本单位" not in client.get(reverse("exemplars:index")).content.decode().split("分配给我的评审")[1]
