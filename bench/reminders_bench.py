"""Reminder scan over N synthetic due items (default 1,000,000), on a fresh database.

    VAR_DIR=/tmp/civ-bench-reminders .venv/bin/python bench/reminders_bench.py [items] [users]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/civ_bench_reminders ... (PostgreSQL)

A due-item source registered by this script yields the items (spread from 12 days
overdue to 20 days ahead, a tenth of them done); the scan runs twice (the second run
must send nothing). Prints time, queries and peak memory of each run; `--write`
appends the figures to docs/benchmarks.md under "提醒扫描"."""

import datetime as dt
import os
import resource
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civcreate.settings")
os.environ.setdefault("EMAIL_URL", "dummymail://")
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from core import registry  # noqa: E402
from core.registry import DueItem  # noqa: E402
from core.roles import Role  # noqa: E402
from notices.models import ReminderDelivery, ReminderDigest  # noqa: E402
from notices.scan import reminders_run  # noqa: E402
from units.models import Profile, Region  # noqa: E402

DAY = dt.date(2025, 6, 16)


def setup_people(n_users: int):
    call_command("migrate", verbosity=0)
    User = get_user_model()
    if not Region.objects.filter(code="4114").exists():
        from units.services.regions import regions_load

        regions_load(only="4114")
    counties = list(Region.objects.filter(parent__code="4114").order_by("code"))
    start = User.objects.count()
    User.objects.bulk_create(
        [User(username=f"bench{i}", email=f"bench{i}@example.com") for i in range(start, n_users)], batch_size=5000
    )
    staff_group, _ = Group.objects.get_or_create(name=Role.STAFF)
    for county in counties:
        user, created = User.objects.get_or_create(username=f"staff{county.code}", defaults={"email": "s@example.com"})
        if created:
            user.groups.add(staff_group)
            Profile.objects.create(user=user, region=county)
    return list(User.objects.filter(username__startswith="bench").values_list("pk", flat=True)), [
        c.pk for c in counties
    ]


def source_factory(n_items: int, user_ids: list[int], region_ids: list[int]):
    def source(start, end):
        nu, nr = len(user_ids), len(region_ids)
        for i in range(n_items):
            yield DueItem(
                key=f"bench:{i}",
                kind="年度材料" if i % 3 else "整改事项",
                title=f"基准测试事项{i}",
                due_date=DAY + dt.timedelta(days=(i % 33) - 12),
                recipient_ids=(user_ids[i % nu],),
                region_id=region_ids[i % nr],
                url=f"/portal/bench/{i}/",
                done=i % 10 == 0,
            )

    return source


def measure(label: str):
    t0 = time.perf_counter()
    count = {"n": 0}

    def counter(execute, sql, params, many, context):
        count["n"] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        result = reminders_run(on=DAY)
    elapsed = time.perf_counter() - t0
    row = {
        "run": label,
        "seconds": round(elapsed, 1),
        "queries": count["n"],
        "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),  # process peak RSS
        "items": result.items,
        "digests": result.digests_sent,
        "reminders": result.reminders_sent,
        "mails": result.mails_sent,
    }
    print(row, flush=True)
    return row


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    n_items = int(args[0]) if args else 1_000_000
    n_users = int(args[1]) if len(args) > 1 else 20_000
    t0 = time.perf_counter()
    user_ids, region_ids = setup_people(n_users)
    print(f"setup {time.perf_counter() - t0:.1f}s: {len(user_ids)} users, {len(region_ids)} regions", flush=True)
    registry._DUE_SOURCES[:] = [source_factory(n_items, user_ids, region_ids)]
    first = measure("第一次扫描")
    second = measure("同日再次扫描")
    rows = ReminderDelivery.objects.count()
    digests = ReminderDigest.objects.count()
    print(f"deliveries {rows}, digests {digests}")
    if "--write" in sys.argv:
        engine = connection.vendor
        lines = [
            "",
            "## 提醒扫描",
            "",
            f"`bench/reminders_bench.py {n_items} {n_users}`（{engine}，{dt.date.today():%Y-%m-%d}，2核共享机器）："
            f"{n_items:,} 个到期事项（逾期12天至20天后，十分之一已办结），{n_users:,} 名接收人，"
            "每人每天一份汇总（站内通知 + 邮件，邮件后端为 dummy）。目标：≤ 60 秒。",
            "",
            "| 运行 | 用时（秒） | SQL 查询数 | 进程峰值内存（MB，RSS） | 扫描事项 | 发出汇总 | 提醒条数 | 邮件 |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for r in (first, second):
            lines.append(
                f"| {r['run']} | {r['seconds']} | {r['queries']:,} | {r['peak_mb']} | {r['items']:,} | "
                f"{r['digests']:,} | {r['reminders']:,} | {r['mails']:,} |"
            )
        lines += [
            "",
            f"登记的提醒记录 {rows:,} 条，汇总 {digests:,} 份。查询数随接收人数增长（每份汇总：领取、读取、写通知、"
            "标记已发送），不随事项数增长；事项按 2 万条一批写入（INSERT … ON CONFLICT DO NOTHING）。",
            "",
        ]
        path = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"
        with path.open("a", encoding="utf-8") as fh:
            if path.stat().st_size == 0:
                fh.write("# 性能基准\n")
            fh.write("\n".join(lines))
        print("written to", path)


if __name__ == "__main__":
    main()
