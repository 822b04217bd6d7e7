"""Benchmark: progress roll-ups and the progress report for a framework of 500
测评标准 decomposed to 200 units (3 units per task, half accepted).

    VAR_DIR=/tmp/civ-campaigns-bench .venv/bin/python bench/campaigns_rollups.py [--units 200 --standards 500]

Builds its data in the private VAR_DIR database on first run, then prints the
time and query count of each roll-up (median of 5 runs)."""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civcreate.settings")

import django  # noqa: E402

django.setup()

import datetime as dt  # noqa: E402

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def build(n_units: int, n_standards: int):
    from campaigns.models import AssignmentRole, Campaign, Evidence, Indicator, IndicatorFramework, Task, TaskAssignment
    from units.models import Region, Unit
    from units.services.regions import regions_load

    name = f"基准测试{n_standards}x{n_units}"
    existing = Campaign.objects.filter(name=name).first()
    if existing:
        return existing
    if not Region.objects.filter(code="4114").exists():
        regions_load(only="4114")
    counties = list(Region.objects.filter(parent__code="4114").order_by("code"))
    with transaction.atomic():
        units = Unit.objects.bulk_create(
            [Unit(name=f"基准单位{i}", kind="党政机关", region=counties[i % len(counties)]) for i in range(n_units)]
        )
        campaign = Campaign.objects.create(
            name=name,
            kind="文明城市创建",
            level="全国",
            year=2026,
            region=Region.objects.get(code="4114"),
            status="active",
        )
        fw = IndicatorFramework.objects.create(campaign=campaign, name=name)
        per_item, per_content = 10, 10
        n_items = max(1, n_standards // (per_item * per_content))
        items = Indicator.objects.bulk_create(
            [
                Indicator(framework=fw, code=str(a), level=1, text=f"测评项目{a}", sort_key=f"{a:03d}")
                for a in range(1, n_items + 1)
            ]
        )
        contents = Indicator.objects.bulk_create(
            [
                Indicator(
                    framework=fw,
                    code=f"{i.code}.{b}",
                    level=2,
                    parent=i,
                    text="测评内容",
                    sort_key=f"{i.sort_key}.{b:03d}",
                )
                for i in items
                for b in range(1, per_item + 1)
            ]
        )
        leaves = Indicator.objects.bulk_create(
            [
                Indicator(
                    framework=fw,
                    code=f"{c.code}.{n}",
                    level=3,
                    parent=c,
                    text="测评标准",
                    points=1,
                    method="材料审核",
                    sort_key=f"{c.sort_key}.{n:03d}",
                )
                for c in contents
                for n in range(1, per_content + 1)
            ][:n_standards]
        )
        today = dt.date.today()
        tasks = Task.objects.bulk_create(
            [Task(indicator=leaf, deadline=today + dt.timedelta(days=(k % 60) - 30)) for k, leaf in enumerate(leaves)]
        )
        parts = TaskAssignment.objects.bulk_create(
            [
                TaskAssignment(
                    task=t, unit=units[(n * 7 + k) % n_units], role=AssignmentRole.LEAD if k == 0 else AssignmentRole.CO
                )
                for n, t in enumerate(tasks)
                for k in range(3)
            ],
            batch_size=2000,
        )
        Evidence.objects.bulk_create(
            [Evidence(assignment=a, status=Evidence.Status.ACCEPTED) for a in parts[::2]], batch_size=2000
        )
        Evidence.objects.bulk_create(
            [Evidence(assignment=a, status=Evidence.Status.SUBMITTED) for a in parts[1::4]], batch_size=2000
        )
    return campaign


def measure(label, func, runs=5):
    times = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as ctx:
            t0 = time.perf_counter()
            func()
            times.append(time.perf_counter() - t0)
    print(f"{label:<28} {statistics.median(times) * 1000:8.1f} ms  {len(ctx.captured_queries):3d} 条查询")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=200)
    parser.add_argument("--standards", type=int, default=500)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    from campaigns import selectors
    from campaigns.models import TaskAssignment
    from campaigns.services.reports import progress_report_xlsx

    campaign = build(args.units, args.standards)
    qs = TaskAssignment.objects.all()
    n = qs.filter(task__indicator__framework__campaign=campaign).count()
    print(f"{campaign.name}：单位任务 {n} 项，数据库 {connection.vendor}")
    rows = selectors.progress_by_indicator(qs, campaign)
    measure("按测评标准", lambda: selectors.progress_by_indicator(qs, campaign))
    measure("按测评项目（折叠）", lambda: selectors.progress_by_item(campaign.framework, rows))
    measure("按责任单位", lambda: selectors.progress_by_unit(qs, campaign))
    measure("按区域", lambda: selectors.progress_by_region(qs, campaign))
    measure("进度报告 .xlsx", lambda: progress_report_xlsx(campaign=campaign, assignments=qs), runs=3)


if __name__ == "__main__":
    main()
