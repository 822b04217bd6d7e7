"""Benchmark of the volunteer roster import (issue 5), on PostgreSQL, in one run:

  (a) reading the cells of a 100,000-row messy .xlsx (openpyxl read-only, nothing else);
  (b) our import (volunteers.services.imports.volunteers_import): full validation + COPY;
  (c) django-import-export's default ModelResource import of the same rows.

Each phase runs in a fresh subprocess so that its peak RSS (ru_maxrss) is its own.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/civ_volunteers_bench \\
        .venv/bin/python bench/volunteers_import.py [--rows 100000] [--slice 10000]

The database is created and migrated if needed; volunteers are deleted between phases."""

import argparse
import datetime as dt
import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = Path(os.environ.get("BENCH_DIR", "/tmp/civ-volunteers-bench"))
TEAMS = ["梁园区党员志愿服务队", "梁园区青年志愿服务队", "睢阳区巾帼志愿服务队", "睢阳区文明单位志愿服务队"]


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civcreate.settings")
    os.environ.setdefault("VAR_DIR", str(WORK / "var"))
    import django

    django.setup()


def ensure_database():
    import psycopg

    url = os.environ["DATABASE_URL"]
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname=%s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    setup_django()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from core.roles import Role, sync_role_groups
    from units.models import Profile, Region
    from units.services.regions import regions_load
    from volunteers.models import Team

    call_command("migrate", verbosity=0)
    if not Region.objects.filter(code="4114").exists():
        regions_load(only="4114")
    sync_role_groups()
    user, _ = get_user_model().objects.get_or_create(username="bench_staff", defaults={"is_staff": True})
    from django.contrib.auth.models import Group

    user.groups.set(Group.objects.filter(name=Role.STAFF))
    Profile.objects.update_or_create(user=user, defaults={"region": Region.objects.get(code="4114")})
    for name in TEAMS:
        region = Region.objects.get(code="411402" if name.startswith("梁园") else "411403")
        Team.objects.get_or_create(name=name, region=region)


def build_workbook(path: Path, rows: int):
    """Messy like real rosters: two title rows, IDs with trailing lowercase x or full-width
    digits or stray spaces, phones with spaces, party status spelled several ways, dates as
    Excel dates and as text in several formats."""
    from openpyxl import Workbook

    from core.idcard import make_id_number

    rng = random.Random(5)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("花名册")
    ws.append(["商丘市志愿者花名册"])
    ws.append(["填报单位：市文明办", None, None, "填报日期：2025年1月"])
    ws.append(["序号", "姓名", "性别", "身份证号", "手机号码", "政治面貌", "所属组织", "服务时长(小时)", "注册时间"])
    seen = set()
    political = ["中共党员", "党员", "共青团员", "团员", "群众", "", "中共预备党员"]
    for i in range(rows):
        sex = "男" if i % 2 else "女"
        while True:
            birth = dt.date(1955, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 50))
            number = make_id_number(rng.choice(("411402", "411403")), birth, sex, rng)
            if number not in seen:
                seen.add(number)
                break
        shown = number.lower() if number.endswith("X") else number
        if i % 7 == 0:
            shown = "".join(chr(ord(c) + 0xFEE0) for c in shown)
        elif i % 5 == 0:
            shown = f" {shown} "
        phone = f"1{rng.choice('35789')}{rng.randrange(10**9):09d}"
        if i % 4 == 0:
            phone = f"{phone[:3]} {phone[3:7]} {phone[7:]}"
        day = dt.date(2018, 1, 1) + dt.timedelta(days=rng.randrange(0, 2500))
        date_cell = [
            day,
            f"{day:%Y-%m-%d}",
            f"{day.year}/{day.month}/{day.day}",
            f"{day.year}年{day.month}月{day.day}日",
            f"{day:%Y%m%d}",
        ][i % 5]
        ws.append(
            [
                i + 1,
                rng.choice("王李张刘陈杨赵黄周吴") + rng.choice("伟芳娜敏静丽强磊军洋") + (" " if i % 9 == 0 else ""),
                sex,
                shown,
                phone,
                rng.choice(political),
                TEAMS[i % 4],
                rng.choice(("", 0, 12, 35.5, 120, 380)),
                date_cell,
            ]
        )
    wb.save(path)


def phase_read(path):
    from core.xlsx import open_workbook

    with open(path, "rb") as f:
        wb = open_workbook(f)
        n = sum(1 for _ in wb.worksheets[0].iter_rows(values_only=True))
        wb.close()
    return {"rows": n}


def phase_ours(path):
    from django.contrib.auth import get_user_model
    from django.core.files import File

    from volunteers.services.imports import volunteers_import

    user = get_user_model().objects.get(username="bench_staff")
    with open(path, "rb") as raw:
        result = volunteers_import(file=File(raw, name=path.name), user=user)
    return {"rows": result.rows, "created": result.created}


def phase_import_export(path, limit):
    """The default ModelResource over the same rows. import-export reads a sheet whose first
    row is the header of model field names, so it gets the same cells with the title rows
    dropped and headers renamed; sex/birth/region/team are given ready-made (it does not
    derive or validate them) — a favourable setup for (c)."""
    import tablib
    from import_export import resources
    from openpyxl import load_workbook

    from core.idcard import normalize_id_number
    from core.xlsx import clean_text, parse_date
    from volunteers.models import Team, Volunteer

    class VolunteerResource(resources.ModelResource):
        class Meta:
            model = Volunteer
            fields = (
                "id",
                "name",
                "id_number",
                "sex",
                "birth_date",
                "phone",
                "political_status",
                "region",
                "team",
                "registered_at",
                "status",
                "source",
            )

    teams = {t.name: t for t in Team.objects.all()}
    ds = tablib.Dataset(
        headers=[
            "id",
            "name",
            "id_number",
            "sex",
            "birth_date",
            "phone",
            "political_status",
            "region",
            "team",
            "registered_at",
            "status",
            "source",
        ]
    )
    wb = load_workbook(path, read_only=True)
    for n, row in enumerate(wb.worksheets[0].iter_rows(min_row=4, values_only=True)):
        if n >= limit:
            break
        number = normalize_id_number(row[3])
        team = teams[row[6]]
        ds.append(
            [
                "",
                clean_text(row[1]),
                number,
                row[2],
                f"{number[6:10]}-{number[10:12]}-{number[12:14]}",
                clean_text(row[4]).replace(" ", ""),
                row[5] or "群众",
                team.region_id,
                team.pk,
                f"{parse_date(row[8]):%Y-%m-%d} 09:00:00",
                "approved",
                "import",
            ]
        )
    result = VolunteerResource().import_data(ds, dry_run=False, raise_errors=True, use_transactions=True)
    return {"rows": len(ds), "created": result.totals["new"]}


def run_phase(name, path, limit=0):
    setup_django()
    from django.db import connection

    from volunteers.models import ServiceRecord, Volunteer

    if name != "read":
        ServiceRecord.objects.all().delete()
        Volunteer.objects.all().delete()
        from core.models import ImportLog

        ImportLog.objects.all().delete()
        with connection.cursor() as cur:
            cur.execute("VACUUM ANALYZE volunteers_volunteer") if connection.vendor == "postgresql" else None
    started = time.perf_counter()
    out = {"read": phase_read, "ours": phase_ours}.get(name, lambda p: phase_import_export(p, limit))(path)
    out["seconds"] = round(time.perf_counter() - started, 2)
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps(out))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--slice", type=int, default=10_000, help="rows given to import-export (extrapolated)")
    parser.add_argument("--phase")
    parser.add_argument("--path")
    parser.add_argument("--limit", type=int, default=0)
    args = parser.parse_args()
    if args.phase:
        return run_phase(args.phase, Path(args.path), args.limit)
    WORK.mkdir(parents=True, exist_ok=True)
    ensure_database()
    path = WORK / f"volunteers-{args.rows}.xlsx"
    if not path.exists():
        t = time.perf_counter()
        build_workbook(path, args.rows)
        print(f"built {path} ({path.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - t:.1f} s", flush=True)
    results = {}
    for name, limit in (("read", 0), ("ours", 0), ("import_export", args.slice)):
        cmd = [sys.executable, __file__, "--phase", name, "--path", str(path), "--limit", str(limit)]
        proc = subprocess.run(cmd, capture_output=True, text=True, env=os.environ)
        line = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
        if proc.returncode or not line:
            print(proc.stdout[-2000:], proc.stderr[-4000:])
            raise SystemExit(f"phase {name} failed")
        results[name] = json.loads(line[-1])
        print(name, results[name], flush=True)
    ie = results["import_export"]
    ie_full = ie["seconds"] * args.rows / ie["rows"]
    ours, read = results["ours"]["seconds"], results["read"]["seconds"]
    print(
        json.dumps(
            {
                "rows": args.rows,
                "read_s": read,
                "ours_s": ours,
                "ours_peak_mb": results["ours"]["peak_rss_mb"],
                "import_export_slice_rows": ie["rows"],
                "import_export_slice_s": ie["seconds"],
                "import_export_extrapolated_s": round(ie_full, 1),
                "speedup_vs_import_export": round(ie_full / ours, 1),
                "ours_over_read": round(ours / read, 2),
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
