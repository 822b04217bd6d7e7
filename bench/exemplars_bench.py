"""Query counts and timings of the exemplars' key pages with a large exemplar database.

    cp -r /tmp/civ-exemplars-main /tmp/civ-exemplars-bench   # a seeded demo database
    VAR_DIR=/tmp/civ-exemplars-bench .venv/bin/python bench/exemplars_bench.py [exemplars]

Adds N exemplars (default 20000) with honours and visits, and 2000 nominations to the
道德模范 round, then times each page as city_staff (best of 3) and counts its queries."""

import os
import sys
import time

import django

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civcreate.settings")
django.setup()

import datetime as dt  # noqa: E402
import random  # noqa: E402

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from exemplars.models import CareVisit, Exemplar, Honour, Nomination, SelectionRound  # noqa: E402
from units.models import Region  # noqa: E402

N = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
rng = random.Random(1)


def grow():
    counties = list(Region.objects.filter(parent__code="4114"))
    people = [
        Exemplar(name=f"典型{i}", sex=rng.choice("男女"), region=rng.choice(counties), category="助人为乐",
                 hardship=i % 10 == 0, hardship_reason="因病致困" if i % 10 == 0 else "", phone="13800000000")
        for i in range(N)
    ]  # fmt: skip
    Exemplar.objects.bulk_create(people, batch_size=2000)
    Honour.objects.bulk_create(
        [
            Honour(exemplar=p, title="好人", level="市级", category="助人为乐", year=2018 + i % 8)
            for i, p in enumerate(people)
        ],
        batch_size=2000,
    )
    CareVisit.objects.bulk_create(
        [
            CareVisit(exemplar=p, date=dt.date(2026, 2, 1), festival="春节", visitors="文明办", amount=500)
            for p in people
            if p.hardship
        ],
        batch_size=2000,
    )
    moral = SelectionRound.objects.get(kind="道德模范", stage="reviewing")
    Nomination.objects.bulk_create(
        [Nomination(round=moral, category=rng.choice(moral.categories), nominee_name=f"候选{i}", sex="男", age=40,
                    unit_or_address="某地", region=rng.choice(counties), deeds="事迹", source="public", status="reviewing")
         for i in range(2000)],
        batch_size=2000,
    )  # fmt: skip
    return moral


def measure(client, url):
    best, queries = None, 0
    for _ in range(3):
        with CaptureQueriesContext(connection) as ctx:
            t0 = time.perf_counter()
            response = client.get(url)
            elapsed = time.perf_counter() - t0
        assert response.status_code == 200, (url, response.status_code)
        best = elapsed if best is None else min(best, elapsed)
        queries = len(ctx.captured_queries)
    return best, queries


def main():
    moral = grow()
    client = Client()
    client.force_login(get_user_model().objects.get(username="city_staff"))
    pages = [
        ("/admin/exemplars/exemplar/", "先进典型库列表"),
        ("/admin/exemplars/exemplar/?level=市级&year=2020", "按级别和年度筛选"),
        ("/admin/exemplars/nomination/", "推荐人选列表"),
        (f"/portal/exemplars/rounds/{moral.pk}/ranking/", "评审排名（2000余人）"),
        ("/admin/exemplars/exemplar/hardship-stats/?year=2026&half=1", "困难典型半年统计"),
        ("/admin/exemplars/exemplar/festival-visits/?festival=中秋&year=2026", "节日待慰问名单"),
    ]
    print(f"exemplars: {Exemplar.objects.count()}, nominations: {Nomination.objects.count()}")
    for url, label in pages:
        seconds, queries = measure(client, url)
        print(f"{label:<20} {seconds * 1000:8.0f} ms  {queries:3d} queries  {url}")


if __name__ == "__main__":
    main()
