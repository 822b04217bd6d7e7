"""Row locks of the titles services. PostgreSQL refuses `FOR UPDATE` over the nullable
side of an outer join (select_related on a nullable FK, e.g. application → publicity),
which once broke the city-scale seed. Every lock must be `FOR UPDATE OF` the row itself.
On PostgreSQL (CI's second run) this checks the SQL; on SQLite (no row locks) it still
runs every locking path end to end."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from titles.services import materials as mat_svc
from titles.services import naming as naming_svc
from titles.services import reexam as reexam_svc
from titles.services import reviews as review_svc

from .conftest import YEAR, make_app, pdf

pytestmark = pytest.mark.django_db(transaction=True)


def _locks(ctx):
    return [q["sql"] for q in ctx.captured_queries if "FOR UPDATE" in q["sql"]]


def test_every_lock_in_the_titles_services_is_of_the_row_itself(tw):
    with CaptureQueriesContext(connection) as ctx:
        app = make_app(tw, state="公示中")  # submit, assess, assign, score, consult, publicity
        with time_machine.travel(dt.datetime(YEAR, 11, 20, 10, 0)):
            (title,) = naming_svc.applications_name(
                applications=[app], doc_number="商文明委〔2025〕5号", by=tw.city_staff
            )
        reexam_svc.reexamination_record(
            title=title, year=YEAR, examined_on=dt.date(YEAR, 12, 1), outcome="保留", by=tw.city_staff
        )
        assert reexam_svc.titles_expire(year=YEAR + 3, by=tw.city_staff) == 1
        from titles.models import MaterialRequirement

        req = MaterialRequirement.objects.create(region=tw.regions.city, year=YEAR, name="总结", due_date="2025-12-15")
        sub = mat_svc.material_upload(requirement=req, unit=tw.unit_a, file=pdf(), by=tw.liaison_a)
        mat_svc.material_return(submission=sub, comment="请盖章", by=tw.city_staff)
        mat_svc.material_upload(requirement=req, unit=tw.unit_a, file=pdf(), by=tw.liaison_a)
    title.refresh_from_db()
    assert title.status == "期满"
    locks = _locks(ctx)
    if connection.features.has_select_for_update_of:
        assert len(locks) >= 8  # submit, return, assess, score, consult, publicity, naming, re-exam, expiry, materials
        assert all(" FOR UPDATE OF " in sql for sql in locks), [s for s in locks if " FOR UPDATE OF " not in s]
    else:
        assert locks == []  # SQLite: Django drops the clause; the paths above ran anyway


def test_review_scoring_locks_only_the_assignment(tw):
    app = make_app(tw, state="考评中")
    assignment = app.assignments.get()
    with CaptureQueriesContext(connection) as ctx:
        review_svc.review_submit(
            assignment=assignment, scores={c.pk: 9 for c in tw.crits}, comment="好", by=tw.reviewer
        )
    locks = _locks(ctx)
    if connection.features.has_select_for_update_of:
        assert len(locks) == 1 and 'FOR UPDATE OF "titles_reviewassignment"' in locks[0]
    assignment.refresh_from_db()
    assert assignment.total == 27
