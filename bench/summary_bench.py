"""Annual summary of one region on the database VAR_DIR / DATABASE_URL points to
(seeded with `manage.py seed_demo --scale demo|city|province`).

    VAR_DIR=/tmp/civ-summaries .venv/bin/python bench/summary_bench.py --region 4114 --year 2026 [--write]

Builds the summary in-process exactly as the worker does (figures, next-year section,
Word, Excel) and prints wall time, CPU time, SQL queries and peak Python memory, with
the sizes of the largest tables so the scale is on record. `--write` appends the row
to docs/benchmarks.md under "年度总结"."""

import argparse
import datetime as dt
import os
import resource
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civcreate.settings")
django.setup()

from django.apps import apps  # noqa: E402
from django.db import connection  # noqa: E402

from summaries.services import summary_build_inline, summary_request  # noqa: E402
from units.models import Region  # noqa: E402

TABLES = ("units.Unit", "volunteers.Volunteer", "volunteers.ServiceRecord", "campaigns.Activity", "titles.Title")


def table_sizes() -> dict[str, int]:
    sizes = {}
    for label in TABLES:
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        sizes[str(model._meta.verbose_name)] = model.objects.count()
    return sizes


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--region", default="4114")
    parser.add_argument("--year", type=int, default=dt.date.today().year)
    parser.add_argument("--label", default="")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    region = Region.objects.get(code=args.region)
    sizes = table_sizes()
    count = {"n": 0}

    def counter(execute, sql, params, many, context):
        count["n"] += 1
        return execute(sql, params, many, context)

    summary = summary_request(region=region, year=args.year, by=None)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    phases: list[tuple[str, float]] = []

    def progress(pct, message):
        phases.append((message, time.perf_counter()))

    wall, cpu = time.perf_counter(), time.process_time()
    with connection.execute_wrapper(counter):
        result = summary_build_inline(summary=summary, progress=progress)
    end = time.perf_counter()
    wall, cpu = end - wall, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # where the time went: figures (all "统计：" steps), next-year section, Word, Excel
    marks = [m for m in phases if not m[0].startswith("统计：")] + [("end", end)]
    fig_start = next((t for m, t in phases if m.startswith("统计：")), end)
    slow = sorted(
        (
            (phases[i + 1][1] - t, phases[i + 1][0])
            for i, (_m, t) in enumerate(phases[:-1])
            if phases[i + 1][0].startswith("统计：")
        ),
        reverse=True,
    )[:5]
    print("figures from first to next-year step:", round(next((t for m, t in marks if m != "end"), end) - fig_start, 1))
    for (m, t), (_, t2) in zip(marks, marks[1:], strict=False):
        print(f"  {m}: {t2 - t:.1f}s")
    print("  slowest figures:", [(round(d, 1), m) for d, m in slow])
    row = {
        "region": str(region),
        "year": args.year,
        "seconds": round(wall, 1),
        "cpu_seconds": round(cpu, 1),
        "queries": count["n"],
        "peak_mb": round(peak, 1),
        "rss_before_mb": round(rss_before, 1),
        "figures": result["figures"],
        "next_year_items": result["next_year_items"],
        "sizes": sizes,
    }
    print(row)
    if args.write:
        path = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"
        scale = "，".join(f"{k} {v:,}" for k, v in sizes.items())
        text = (
            f"\n## 年度总结\n\n`bench/summary_bench.py --region {args.region} --year {args.year}`"
            f"（{connection.vendor}，{dt.date.today():%Y-%m-%d}，2核共享机器，测量时其他进程同时运行）{args.label}\n\n"
            "| 区划 | 数据规模 | 用时（秒） | CPU（秒） | SQL 查询数 | 进程峰值内存（MB，RSS） | 数据项 | 下年度事项 |\n"
            "|---|---|---|---|---|---|---|---|\n"
            f"| {row['region']} {args.year}年 | {scale} | {row['seconds']} | {row['cpu_seconds']} | {row['queries']} | "
            f"{row['peak_mb']} | {row['figures']} | {row['next_year_items']} |\n"
        )
        with path.open("a", encoding="utf-8") as fh:
            if path.stat().st_size == 0:
                fh.write("# 性能基准\n")
            fh.write(text)
        print("written to", path)


if __name__ == "__main__":
    main()
