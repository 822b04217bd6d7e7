"""Chaos run (issue 13): a real site, worker and beat on their OWN PostgreSQL cluster and
redis-server, then faults, and a table `scenario | lost | duplicated | stuck | 500s`.

    .venv/bin/python bench/chaos.py            # about 5–8 minutes, stops by itself
    .venv/bin/python bench/chaos.py --only kill_summary,kill_import

Never touches the shared servers: PostgreSQL on 127.0.0.1:5499 (initdb + pg_ctl under
a temporary folder), redis-server on 6399, gunicorn on 8199, all stopped at the end.
lost: an accepted action whose effect is missing; duplicated: an effect applied twice;
stuck: a job not finished (or the site not answering again) by the scenario's deadline;
500s: HTTP 500 answers. Recovery: from the restarted worker's start to the killed job's
success. See docs/reliability.md for a measured table."""

import argparse
import glob
import html.parser
import http.cookiejar
import io
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

BASE = Path(__file__).resolve().parents[1]
PG_PORT, REDIS_PORT, WEB_PORT = 5499, 6399, 8199
TMP = Path(tempfile.mkdtemp(prefix="civ-chaos-"))
SITE = f"http://127.0.0.1:{WEB_PORT}"
PASSWORD = "Demo@2025civ"
TOTAL_BUDGET = 10 * 60
STARTED = time.monotonic()
ENV = {
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "civcreate.settings",
    "DATABASE_URL": f"postgres://postgres@127.0.0.1:{PG_PORT}/chaos",
    "REDIS_URL": f"redis://127.0.0.1:{REDIS_PORT}/0",
    "VAR_DIR": str(TMP / "var"),
    "DEBUG": "0",
    "JOB_HEARTBEAT_SECONDS": "2",
    "JOB_STALE_SECONDS": "30",
    "AXES_FAILURE_LIMIT": "1000",
    "PYTHONUNBUFFERED": "1",
}
os.environ.update({k: ENV[k] for k in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "REDIS_URL", "VAR_DIR")})
os.environ.update({k: ENV[k] for k in ("JOB_HEARTBEAT_SECONDS", "JOB_STALE_SECONDS")})
sys.path.insert(0, str(BASE))
PY = str(BASE / ".venv" / "bin" / "python")


def log(msg: str) -> None:
    print(f"[{time.monotonic() - STARTED:6.1f}s] {msg}", flush=True)


def wait_for(check, timeout: float, every: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = check()
        except Exception:
            value = None
        if value:
            return value
        time.sleep(every)
    return None


# ---------------------------------------------------------------- own servers
class Proc:
    """A child in its own process group (kill -9 takes its children too)."""

    def __init__(self, name, cmd, env=ENV):
        self.name, self.cmd, self.env, self.p = name, cmd, env, None
        self.logfile = TMP / f"{name}.log"

    def start(self):
        self.p = subprocess.Popen(
            self.cmd,
            cwd=BASE,
            env=self.env,
            stdout=self.logfile.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        return self

    def kill(self, sig=signal.SIGKILL):
        if self.p and self.p.poll() is None:
            try:
                os.killpg(self.p.pid, sig)
            except ProcessLookupError:
                pass
            try:
                self.p.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.p.pid, signal.SIGKILL)
                self.p.wait(5)

    def text(self) -> str:
        return self.logfile.read_text(errors="replace") if self.logfile.exists() else ""


def pg_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}")) or [shutil.which(name)]
    if not found or not found[-1]:
        sys.exit(f"{name} not found (PostgreSQL server binaries are needed)")
    return found[-1]


def as_postgres(cmd):
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


PGDATA = TMP / "pg"


def pg_ctl(action: str, *extra):
    opts = f"-p {PG_PORT} -c listen_addresses=127.0.0.1 -k {PGDATA} -c fsync=off -c max_connections=60"
    cmd = [pg_bin("pg_ctl"), "-D", str(PGDATA), "-l", str(TMP / "pg.log"), "-w", "-t", "60", action, *extra]
    if action in ("start", "restart"):
        cmd += ["-o", opts]
    subprocess.run(as_postgres(cmd), check=True, stdout=subprocess.DEVNULL)


def start_postgres():
    PGDATA.mkdir()
    if os.geteuid() == 0:
        shutil.chown(TMP, "postgres")
        shutil.chown(PGDATA, "postgres")
        os.chmod(TMP, 0o777)
    subprocess.run(
        as_postgres([pg_bin("initdb"), "-D", str(PGDATA), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"]),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    pg_ctl("start")
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-p", str(PG_PORT), "-U", "postgres", "-qc", "CREATE DATABASE chaos"], check=True
    )


REDIS = Proc(
    "redis",
    [
        "redis-server",
        "--port",
        str(REDIS_PORT),
        "--bind",
        "127.0.0.1",
        "--save",
        "",
        "--appendonly",
        "no",
        "--dir",
        str(TMP),
    ],
)
WEB = Proc(
    "web",
    [
        str(BASE / ".venv/bin/gunicorn"),
        "civcreate.wsgi:application",
        "-b",
        f"127.0.0.1:{WEB_PORT}",
        "-w",
        "3",
        "--timeout",
        "60",
        "--graceful-timeout",
        "5",
    ],
)
WORKER = Proc(
    "worker",
    [
        PY,
        "-m",
        "celery",
        "-A",
        "civcreate",
        "worker",
        "--pool",
        "solo",
        "-n",
        "chaos@%h",
        "--without-gossip",
        "--without-mingle",
        "-l",
        "info",
    ],
)
BEAT = Proc(
    "beat",
    [PY, "-m", "celery", "-A", "civcreate", "beat", "-l", "info", "--pidfile=", "-s", str(TMP / "beat-schedule")],
)


def redis_up() -> bool:
    import socket

    try:
        with socket.create_connection(("127.0.0.1", REDIS_PORT), timeout=1) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def start_redis():
    REDIS.start()
    assert wait_for(redis_up, 15), "redis-server did not start"


def start_worker():
    readies = WORKER.text().count(" ready.")
    WORKER.start()
    assert wait_for(lambda: WORKER.text().count(" ready.") > readies, 60), WORKER.text()[-2000:]
    return time.monotonic()


# ---------------------------------------------------------------- a small browser
class FormParser(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms, self._form, self._select, self._textarea = [], None, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {"action": a.get("action", ""), "method": a.get("method", "get").lower(), "fields": {}}
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if kind == "radio" and a["name"] in self._form["fields"]:
                    return
                if kind == "checkbox" and "checked" not in a:
                    return
            if kind not in ("submit", "button", "file"):
                self._form["fields"][a["name"]] = a.get("value", "")
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
        elif tag == "option" and self._select:
            value = a.get("value", "")
            if value and (not self._form["fields"].get(self._select) or "selected" in a):
                self._form["fields"][self._select] = value
        elif tag == "textarea" and a.get("name"):
            self._textarea = a["name"]
            self._form["fields"][a["name"]] = ""

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


class Browser:
    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect())
        self.statuses: list[int] = []

    def request(self, path, data=None, files=None, timeout=60):
        headers = {"Referer": SITE + "/"}
        body = None
        if files:
            body, ctype = multipart(data or {}, files)
            headers["Content-Type"] = ctype
        elif data is not None:
            body = urllib.parse.urlencode(data, doseq=True).encode()
        req = urllib.request.Request(SITE + path, data=body, headers=headers)
        try:
            with self.opener.open(req, timeout=timeout) as resp:
                status, text, location = resp.status, resp.read().decode(errors="replace"), resp.headers.get("Location")
        except urllib.error.HTTPError as exc:
            status, text, location = exc.code, exc.read().decode(errors="replace"), exc.headers.get("Location")
        except (urllib.error.URLError, ConnectionError, TimeoutError) as exc:
            status, text, location = 0, str(exc), None
        self.statuses.append(status)
        return status, text, location

    def get(self, path):
        return self.request(path)

    def csrf(self):
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def post(self, path, data=None, files=None):
        return self.request(path, {**(data or {}), "csrfmiddlewaretoken": self.csrf()}, files)

    def form(self, path, index=-1, action_contains=""):
        status, text, _ = self.get(path)
        p = FormParser()
        p.feed(text)
        forms = [f for f in p.forms if f["method"] == "post" and action_contains in f["action"]]
        return status, (forms[index] if forms else {"action": path, "fields": {}})

    def submit(self, path, values, action_contains=""):
        _status, f = self.form(path, action_contains=action_contains)
        data = {**f["fields"], **values}
        return self.request(f["action"] or path, data)

    def login(self, username):
        self.get("/accounts/login/")
        status, _t, location = self.post("/accounts/login/", {"username": username, "password": PASSWORD})
        return status


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def multipart(fields, files):
    boundary = "----chaos" + str(time.time_ns())
    out = io.BytesIO()
    for k, v in fields.items():
        out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode())
    for k, (name, content) in files.items():
        out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"; filename="{name}"\r\n'.encode())
        out.write(b"Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n")
        out.write(content + b"\r\n")
    out.write(f"--{boundary}--\r\n".encode())
    return out.getvalue(), f"multipart/form-data; boundary={boundary}"


def fives(*browsers) -> int:
    return sum(s == 500 for b in browsers for s in b.statuses)


# ---------------------------------------------------------------- data helpers (ORM in this process)
def orm():
    import django

    django.setup()
    import logging

    logging.getLogger("core.jobs").setLevel(logging.ERROR)  # "not sent" warnings are expected here
    from django.db import close_old_connections

    close_old_connections()


def job_row(pk):
    from core.models import JobRun

    return JobRun.objects.get(pk=pk)


def roster(n: int, start: int) -> bytes:
    from openpyxl import Workbook

    from core.idcard import check_char

    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append(["姓名", "性别", "身份证号", "手机号码", "政治面貌"])
    for i in range(start, start + n):
        first17 = f"411402{1970 + i % 30}{i % 12 + 1:02d}{i % 28 + 1:02d}{i % 1000:03d}"
        number = first17 + check_char(first17)
        sex = "男" if int(number[16]) % 2 else "女"
        ws.append([f"测试{i}", sex, number, f"13{i % 10}{i:08d}"[:11], "群众"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# ---------------------------------------------------------------- scenarios
RESULTS = []


def result(name, lost=0, duplicated=0, stuck=0, s500=0, recovery=None, note="", depends=""):
    RESULTS.append(
        dict(
            scenario=name,
            lost=lost,
            duplicated=duplicated,
            stuck=stuck,
            s500=s500,
            recovery=recovery,
            note=note,
            depends=depends,
        )
    )
    log(f"{name}: lost={lost} duplicated={duplicated} stuck={stuck} 500s={s500} recovery={recovery} {note}")


def kill_mid_job(job_id, running_check, deadline=150):
    """Kill the worker once running_check(job) holds, restart it; seconds to success."""
    from core.models import JobRun

    seen = wait_for(lambda: running_check(job_row(job_id)), 120, every=0.05)
    if not seen:
        return None, f"job never seen running ({job_row(job_id).status})"
    WORKER.kill()
    at_kill = job_row(job_id)
    restarted = start_worker()
    done = wait_for(lambda: job_row(job_id).finished, deadline)
    job = job_row(job_id)
    note = f"killed at {at_kill.progress}% “{at_kill.message}”; {job.get_status_display()}（第{job.attempt}次执行）"
    return (time.monotonic() - restarted if done and job.status == JobRun.Status.SUCCESS else None), note


def scenario_kill_summary():
    from summaries.models import AnnualSummary
    from units.models import Region

    b = Browser()
    b.login("city_staff")
    city = Region.objects.get(code=CITY_CODE)
    year = time.localtime().tm_year - 1
    before = AnnualSummary.objects.filter(region=city, year=year).count()
    b.post("/admin/summaries/annualsummary/start/", {"region": city.pk, "year": year})
    summary = AnnualSummary.objects.filter(region=city, year=year).order_by("-pk").first()
    recovery, note = kill_mid_job(summary.job_id, lambda j: j.status == "running" and j.progress >= 5)
    summary.refresh_from_db()
    versions = AnnualSummary.objects.filter(region=city, year=year).count() - before
    ok = summary.status == AnnualSummary.Status.SUCCESS
    result(
        "worker kill -9 mid-summary",
        lost=0 if ok else 1,
        duplicated=max(0, versions - 1),
        stuck=0 if summary.finished else 1,
        s500=fives(b),
        recovery=recovery,
        note=note,
    )


def scenario_kill_import(rows=20000):
    from core.models import ImportLog
    from volunteers.models import Volunteer

    b = Browser()
    b.login("city_staff")
    b.get("/portal/volunteers/import/")
    content = roster(rows, 500000)
    _s, _t, location = b.post(
        "/portal/volunteers/import/", {"kind": "volunteers.volunteers"}, files={"file": ("chaos.xlsx", content)}
    )
    check_id = int(location.rstrip("/").rsplit("/", 1)[1])
    wait_for(lambda: job_row(check_id).finished, 180)
    before = Volunteer.objects.count()
    _s, _t, location = b.post("/portal/volunteers/import/confirm/", {"job": check_id})
    job_id = int(location.rstrip("/").rsplit("/", 1)[1])
    recovery, note = kill_mid_job(job_id, lambda j: j.status == "running" and j.progress >= 72, deadline=240)
    added = Volunteer.objects.count() - before
    job = job_row(job_id)
    logs = ImportLog.objects.filter(file_name="chaos.xlsx", ok=True).count()
    b.get(f"/portal/volunteers/import/jobs/{job_id}/")
    result(
        f"worker kill -9 mid-import ({rows} rows)",
        lost=max(0, rows - added) if job.finished else rows,
        duplicated=max(0, added - rows) + max(0, logs - 1),
        stuck=0 if job.finished else 1,
        s500=fives(b),
        recovery=recovery,
        note=note,
    )


def scenario_redis_login():
    REDIS.kill()
    b = Browser()
    statuses = [b.login("city_staff") for _ in range(3)]
    page, _t, _l = b.get("/portal/")
    start_redis()
    result(
        "Redis down: login",
        s500=fives(b),
        note=f"login answers {statuses}, /portal/ {page}",
        depends="degrade (sessions/cache fall back)",
    )


def scenario_redis_public_forms():
    from core.idcard import check_char
    from volunteers.models import ServiceRequest, Volunteer

    forms = []
    for i in range(3):
        b = Browser()
        _s, f = b.form("/public/volunteers/requests/new/")
        forms.append(
            (
                b,
                "/public/volunteers/requests/new/",
                f,
                {
                    "title": f"混沌测试需求{i}-{time.time_ns()}",
                    "description": "测试",
                    "requester": "社区",
                    "contact_phone": "13800138000",
                    "category": f["fields"].get("category") or "其他",
                },
            )
        )
    for i in range(2):
        b = Browser()
        _s, f = b.form("/public/volunteers/register/")
        first17 = f"41140219900{i + 1}0{i + 1}{time.time_ns() % 1000:03d}"
        number = first17 + check_char(first17)
        forms.append(
            (
                b,
                "/public/volunteers/register/",
                f,
                {
                    "name": f"混沌{i}",
                    "id_number": number,
                    "sex": "男" if int(number[16]) % 2 else "女",
                    "birth_date": f"1990-0{i + 1}-0{i + 1}",
                    "phone": f"1390000{time.time_ns() % 10000:04d}",
                    "consent": "on",
                },
            )
        )
    time.sleep(3.5)  # the registration form refuses answers filled in under 3 s
    REDIS.kill()
    for b, path, f, values in forms:
        b.request(f["action"] or path, {**f["fields"], **values})
    start_redis()
    saved = sum(ServiceRequest.objects.filter(title=v["title"]).exists() for _b, p, _f, v in forms if "title" in v)
    saved += sum(
        Volunteer.objects.filter(id_number=v["id_number"]).exists() for _b, p, _f, v in forms if "id_number" in v
    )
    result(
        "Redis down: public forms (3 requests, 2 registrations)",
        lost=len(forms) - saved,
        s500=fives(*[f[0] for f in forms]),
        depends="degrade (cache/flood limit fail safe)",
    )


def scenario_redis_job_start():
    from django.contrib.auth import get_user_model

    from core.models import JobRun
    from summaries.models import AnnualSummary
    from summaries.services import summary_request

    b = Browser()
    b.login("county_staff")
    staff = get_user_model().objects.select_related("profile__region").get(username="county_staff")
    county = staff.profile.region
    year = time.localtime().tm_year - 1
    before = AnnualSummary.objects.filter(region=county, year=year).count()
    REDIS.kill()
    status, _t, _l = b.post("/admin/summaries/annualsummary/start/", {"region": county.pk, "year": year})
    summary = summary_request(region=county, year=year, by=staff)  # the service itself: must not raise
    pending = job_row(summary.job_id).status == JobRun.Status.PENDING
    start_redis()
    back = time.monotonic()
    done = wait_for(lambda: job_row(summary.job_id).status == JobRun.Status.SUCCESS, 150, every=0.5)
    versions = AnnualSummary.objects.filter(region=county, year=year).count() - before
    result(
        "Redis down: job start (service; page POST)",
        lost=0 if done else 1,
        duplicated=max(0, versions - 1),
        stuck=0 if done else 1,
        s500=fives(b),
        recovery=(time.monotonic() - back) if done else None,
        note=f"row kept 待执行: {pending}; page POST answered {status}; sent by the minute sweep",
        depends="page POST: degrade (session read with Redis down)",
    )


def scenario_pg_restart():
    browsers = [Browser() for _ in range(4)]
    for b in browsers:
        b.login("city_staff")
    for b in browsers:
        b.statuses.clear()
    stop = threading.Event()
    after: list[int] = []
    restarted_at = [None]

    def hammer(b):
        while not stop.is_set():
            status, _t, _l = b.get("/portal/")
            if restarted_at[0] and time.monotonic() > restarted_at[0] + 3:
                after.append(status)

    threads = [threading.Thread(target=hammer, args=(b,)) for b in browsers]
    for t in threads:
        t.start()
    time.sleep(2)
    pg_ctl("restart", "-m", "fast")
    restarted_at[0] = time.monotonic()
    time.sleep(8)
    stop.set()
    for t in threads:
        t.join(60)
    from django.db import connections

    connections.close_all()
    bad_after = sum(s != 200 for s in after)
    result(
        "PostgreSQL restart during requests",
        stuck=1 if bad_after else 0,
        s500=fives(*browsers),
        note=f"{sum(len(b.statuses) for b in browsers)} requests, {bad_after}/{len(after)} failed 3 s after restart",
        depends="degrade (Chinese error page for in-flight requests)",
    )


def scenario_concurrent_review():
    from core.models import StateLog
    from volunteers.models import Volunteer

    vol = Volunteer.objects.filter(status=Volunteer.Status.PENDING, region__code__startswith=CITY_CODE).first()
    if vol is None:
        return result("4 concurrent approve/reject of one volunteer", note="no pending volunteer in the demo data")
    browsers = [Browser() for _ in range(4)]
    for b in browsers:
        b.login("city_staff")
        b.get("/admin/volunteers/volunteer/")
    barrier = threading.Barrier(4)

    def act(b, action):
        barrier.wait()
        b.post("/admin/volunteers/volunteer/", {"action": action, "_selected_action": vol.pk, "index": 0})

    threads = [
        threading.Thread(target=act, args=(b, a)) for b, a in zip(browsers, ["approve", "reject"] * 2, strict=False)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    from django.contrib.contenttypes.models import ContentType

    logs = StateLog.objects.filter(content_type=ContentType.objects.get_for_model(Volunteer), object_id=vol.pk).count()
    result(
        "4 concurrent approve/reject of one volunteer",
        lost=0 if logs else 1,
        duplicated=max(0, logs - 1),
        s500=fives(*browsers),
        note=f"{logs} transitions logged",
        depends="degrade (run_transition row lock)",
    )


def scenario_concurrent_hours():
    from django.utils import timezone

    from volunteers.models import ServiceEvent, ServiceRecord

    event = (
        ServiceEvent.objects.filter(
            starts_at__lt=timezone.now(),
            signups__isnull=False,
            records__isnull=True,
            team__leaders__username="team_leader",
        )
        .distinct()
        .first()
    )
    if event is None:
        return result("6 concurrent hours confirmations of one event", note="no unconfirmed event in the demo data")
    signed = event.signups.count()
    browsers = [Browser() for _ in range(6)]
    forms = []
    for b in browsers:
        b.login("team_leader")
        _s, f = b.form(f"/portal/volunteers/events/{event.pk}/")
        forms.append(f)
    barrier = threading.Barrier(6)

    def confirm(b, f):
        values = {k: ("2" if "hours" in k and not v else v) for k, v in f["fields"].items()}
        barrier.wait()
        b.request(f["action"] or f"/portal/volunteers/events/{event.pk}/", values)

    threads = [threading.Thread(target=confirm, args=(b, f)) for b, f in zip(browsers, forms, strict=False)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    records = ServiceRecord.objects.filter(event=event).count()
    result(
        "6 concurrent hours confirmations of one event",
        lost=max(0, signed - records),
        duplicated=max(0, records - signed),
        s500=fives(*browsers),
        note=f"{signed} signed up, {records} records",
        depends="degrade/forms (confirm race, form parsing)",
    )


SCENARIOS = {
    "kill_summary": scenario_kill_summary,
    "kill_import": scenario_kill_import,
    "redis_login": scenario_redis_login,
    "redis_forms": scenario_redis_public_forms,
    "redis_job": scenario_redis_job_start,
    "pg_restart": scenario_pg_restart,
    "review_race": scenario_concurrent_review,
    "hours_race": scenario_concurrent_hours,
}
CITY_CODE = "4114"  # core.demo.DEMO_CITY


def table() -> str:
    lines = ["| scenario | lost | duplicated | stuck | 500s | recovery | notes |", "|---|---|---|---|---|---|---|"]
    for r in RESULTS:
        rec = f"{r['recovery']:.1f} s" if r["recovery"] is not None else "—"
        note = "; ".join(x for x in (r["note"], f"depends on: {r['depends']}" if r["depends"] else "") if x)
        lines.append(
            f"| {r['scenario']} | {r['lost']} | {r['duplicated']} | {r['stuck']} | {r['s500']} | {rec} | {note} |"
        )
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help="comma-separated: " + ",".join(SCENARIOS))
    parser.add_argument("--keep", action="store_true", help=f"keep {TMP} for a look afterwards")
    args = parser.parse_args()
    chosen = [s for s in (args.only.split(",") if args.only else SCENARIOS) if s]
    alarm = threading.Timer(TOTAL_BUDGET, lambda: (log("time budget exceeded: stopping"), os.kill(os.getpid(), 15)))
    alarm.daemon = True
    alarm.start()
    signal.signal(signal.SIGTERM, lambda *a: sys.exit(2))
    try:
        log(f"own PostgreSQL :{PG_PORT}, redis :{REDIS_PORT}, site :{WEB_PORT} under {TMP}")
        start_postgres()
        start_redis()
        for cmd in (["migrate", "--noinput", "-v0"], ["seed_demo", "--scale", "demo"]):
            subprocess.run([PY, "manage.py", *cmd], cwd=BASE, env=ENV, check=True, stdout=subprocess.DEVNULL)
        log("migrated and seeded")
        orm()
        WEB.start()
        assert wait_for(lambda: Browser().get("/accounts/login/")[0] == 200, 60), WEB.text()[-2000:]
        start_worker()
        BEAT.start()
        for name in chosen:
            if time.monotonic() - STARTED > TOTAL_BUDGET - 60:
                log(f"skipping {name}: time budget")
                continue
            log(f"== {name}")
            try:
                SCENARIOS[name]()
            except Exception as exc:  # a scenario that breaks is reported, the run goes on
                import traceback

                traceback.print_exc()
                result(name, stuck=1, note=f"scenario error: {exc!r}")
            if not redis_up():
                start_redis()
            if WORKER.p.poll() is not None:
                start_worker()
        print()
        print(table())
        print(f"\ntotal {time.monotonic() - STARTED:.0f} s")
    finally:
        for proc in (BEAT, WORKER, WEB, REDIS):
            proc.kill(signal.SIGTERM)
        try:
            pg_ctl("stop", "-m", "immediate")
        except Exception:
            pass
        if not args.keep:
            shutil.rmtree(TMP, ignore_errors=True)


if __name__ == "__main__":
    main()
