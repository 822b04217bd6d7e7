"""The daily reminder scan over every registered due-item source (core.registry).

Three steps, each safe to repeat and to run in two workers at once:

1. plan   — turn the due items into (person, item, stage) reminders for the day;
2. claim  — insert them as `ReminderDelivery` rows (unique per person, item, stage:
   a second run or a second worker inserts nothing) attached to the person's digest of
   the day (unique per person and day);
3. send   — take each pending digest with an atomic UPDATE (pending → sending), write the
   in-app notice, send the mail, and only then mark it sent. A worker killed between
   claim and send leaves the digest "sending"; once that claim is older than the
   policy's timeout the next scan sends it. Nothing is sent twice, nothing is lost —
   with one window no mail system closes: a worker killed after the mail left but
   before the digest was marked sent. The retry then mails it again, under the same
   Message-ID, so mail clients show it once; the in-app notice is never doubled.
"""

import datetime as dt
import logging
import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from typing import NamedTuple
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db import connection, transaction
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from core.dates import cn_date
from core.registry import DueItem, due_item_sources
from core.roles import Role

from .models import Notice, ReminderDelivery, ReminderDigest, ReminderPolicy, ReminderRun, Stage, stage_code

logger = logging.getLogger(__name__)

CHUNK = 20_000
STAGE_ORDER = {Stage.ESCALATED: 0, Stage.OVERDUE: 1, Stage.DUE: 2, Stage.UPCOMING: 3}


class Planned(NamedTuple):
    user_id: int
    item: DueItem
    stage: str  # stage code: "upcoming:7", "due", "overdue", "escalated"


@dataclass
class ScanResult:
    date: dt.date
    items: int = 0
    planned: int = 0
    claimed: int = 0  # reminders offered to the database (duplicates are ignored there)
    reminders_sent: int = 0
    digests_sent: int = 0
    mails_sent: int = 0
    preview: dict[int, list[Planned]] = field(default_factory=dict)  # dry run: user -> reminders


def stage_for(days_left: int, upcoming: list[int]) -> str | None:
    """The stage an open item is in `days_left` days before its due date (negative: overdue).

    Upcoming reminders use the nearest threshold not yet passed, so an item created five
    days before its due date still gets its "7 days" reminder (nothing is missed), and a
    threshold skipped while the scan was down is not sent late as a stale warning."""
    if days_left < 0:
        return Stage.OVERDUE
    if days_left == 0:
        return Stage.DUE
    passed = [d for d in upcoming if d >= days_left]
    return stage_code(Stage.UPCOMING, min(passed)) if passed else None


class EscalationTargets:
    """Office staff for each region: those of the region itself or, if it has none, of
    the nearest region above it (GB/T 2260 codes nest, so "above" is a code prefix)."""

    def __init__(self):
        from units.models import Profile, Region

        self._Region = Region
        staff = (
            Profile.objects.filter(user__groups__name=Role.STAFF, user__is_active=True, region__isnull=False)
            .values_list("region__code", "user_id")
            .distinct()
        )
        self.by_code: dict[str, list[int]] = defaultdict(list)
        for code, user_id in staff:
            self.by_code[code].append(user_id)
        self.codes: dict[int, str] = {}
        self.cache: dict[int, tuple[int, ...]] = {}

    def load(self, region_ids: Iterable[int]) -> None:
        missing = [r for r in set(region_ids) if r not in self.codes]
        if missing:
            self.codes.update(self._Region.objects.filter(pk__in=missing).values_list("pk", "code"))

    def for_region(self, region_id: int | None) -> tuple[int, ...]:
        if region_id is None:
            return ()
        if region_id not in self.cache:
            code = self.codes.get(region_id, "")
            found: tuple[int, ...] = ()
            while code:
                if self.by_code.get(code):
                    found = tuple(sorted(self.by_code[code]))
                    break
                code = _parent_code(code)
            self.cache[region_id] = found
        return self.cache[region_id]


def _parent_code(code: str) -> str:
    # province 2, city 4, county 6, township 9 digits
    for length in (6, 4, 2):
        if len(code) > length:
            return code[:length]
    return ""


def iter_due_items(on: dt.date, policy: ReminderPolicy) -> Iterator[DueItem]:
    upcoming = policy.upcoming()
    start = on - dt.timedelta(days=policy.escalate_after_days + 1)
    end = on + dt.timedelta(days=max(upcoming, default=0))
    for source in due_item_sources():
        yield from source(start, end)


def plan(
    items: Iterable[DueItem], on: dt.date, policy: ReminderPolicy, targets: EscalationTargets
) -> Iterator[Planned]:
    upcoming = policy.upcoming()
    for item in items:
        if item.done:
            continue
        days_left = (item.due_date - on).days
        stage = stage_for(days_left, upcoming)
        if stage is None:
            continue
        for user_id in dict.fromkeys(item.recipient_ids):
            yield Planned(user_id, item, stage)
        if stage == Stage.OVERDUE and -days_left >= policy.escalate_after_days:
            for user_id in targets.for_region(item.region_id):
                yield Planned(user_id, item, Stage.ESCALATED)


def _chunks(iterable, size):
    it = iter(iterable)
    while batch := list(islice(it, size)):
        yield batch


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _in_parts(values: list, size: int = 900):
    """Parts small enough for an IN (…) list on every backend."""
    return _chunks(values, size)


class DigestBook:
    """The day's digest of each person, created once per run with plain SQL.

    `open_digests` runs inside the claim transaction and locks the digests it returns
    (FOR UPDATE on PostgreSQL; SQLite's IMMEDIATE transactions serialise writers), so a
    sender cannot mark a digest sent between reading its lines and these being added."""

    def __init__(self, on: dt.date):
        self.on = on
        self.created: set[int] = set()

    def _create_missing(self, user_ids: list[int]) -> None:
        new = [u for u in user_ids if u not in self.created]
        if not new:
            return
        insert = (
            f"INSERT INTO {_table(ReminderDigest)} (user_id, date, status, claim_token, attempts, item_count, "
            "emailed, error) "
        )
        day = connection.ops.adapt_datefield_value(self.on)
        pending = ReminderDigest.Status.PENDING
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":  # one statement for the whole batch of people
                cursor.execute(
                    insert + "SELECT u, %s, %s, '', 0, 0, false, '' FROM unnest(%s::bigint[]) AS u "
                    "ON CONFLICT DO NOTHING",
                    [day, pending, new],
                )
            else:
                cursor.executemany(
                    insert + "VALUES (%s, %s, %s, '', 0, 0, %s, '') ON CONFLICT DO NOTHING",
                    [(u, day, pending, False) for u in new],
                )
        self.created.update(new)

    def open_digests(self, user_ids: list[int]) -> dict[int, int | None]:
        """Each user's digest id if it is still pending (else None: it has gone out)."""
        self._create_missing(user_ids)
        day = connection.ops.adapt_datefield_value(self.on)
        found: dict[int, int | None] = {}
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(
                    f"SELECT id, user_id, status FROM {_table(ReminderDigest)} "
                    "WHERE date = %s AND user_id = ANY(%s) FOR UPDATE",
                    [day, user_ids],
                )
                rows = cursor.fetchall()
            else:
                rows = []
                for part in _in_parts(user_ids):
                    marks = ", ".join(["%s"] * len(part))
                    cursor.execute(
                        f"SELECT id, user_id, status FROM {_table(ReminderDigest)} "
                        f"WHERE date = %s AND user_id IN ({marks})",
                        [day, *part],
                    )
                    rows += cursor.fetchall()
        for pk, user_id, status in rows:
            found[user_id] = pk if status == ReminderDigest.Status.PENDING else None
        return found


_COLUMNS = (
    "user_id",
    "item_key",
    "stage",
    "kind",
    "title",
    "url",
    "due_date",
    "region_id_value",
    "digest_id",
    "created_at",
)


def _insert_ignoring_duplicates(rows: list[tuple]) -> None:
    """Insert reminder rows, skipping those already there: the unique (user, item, stage)
    constraint decides who inserted first. PostgreSQL: COPY into a temporary table, then
    one INSERT … SELECT … ON CONFLICT DO NOTHING; SQLite: executemany of the same INSERT.
    Plain SQL because the ORM spends most of a million-row scan building statements."""
    table = _table(ReminderDelivery)
    columns = ", ".join(connection.ops.quote_name(c) for c in _COLUMNS)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"CREATE TEMPORARY TABLE IF NOT EXISTS notices_claim_rows AS SELECT {columns} FROM {table} WITH NO DATA"
            )
            with cursor.cursor.copy(f"COPY notices_claim_rows ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            cursor.execute(
                f"INSERT INTO {table} ({columns}) SELECT {columns} FROM notices_claim_rows ON CONFLICT DO NOTHING"
            )
            cursor.execute("TRUNCATE notices_claim_rows")
            return
        adapt_date = connection.ops.adapt_datefield_value
        adapt_time = connection.ops.adapt_datetimefield_value
        placeholders = ", ".join(["%s"] * len(_COLUMNS))
        sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders}) ON CONFLICT DO NOTHING"
        for part in _chunks(rows, 5000):
            cursor.executemany(sql, [(*r[:6], adapt_date(r[6]), *r[7:9], adapt_time(r[9])) for r in part])


def claim(batch: list[Planned], on: dt.date, digests: DigestBook | None = None) -> int:
    """Record a batch of reminders (returns how many were offered). Rows whose digest of the
    day is already out wait (digest empty) for the next day's digest."""
    if not batch:
        return 0
    digests = digests or DigestBook(on)
    with transaction.atomic():
        digest_of = digests.open_digests(sorted({p.user_id for p in batch}))
        now = timezone.now()
        rows = [
            (
                user_id,
                item.key[:120],
                stage,
                item.kind[:32],
                item.title[:255],
                item.url[:255],
                item.due_date,
                item.region_id,
                digest_of.get(user_id),
                now,
            )
            for user_id, item, stage in batch
        ]
        _insert_ignoring_duplicates(rows)
    return len(rows)


def attach_waiting(on: dt.date) -> None:
    """Reminders claimed after a person's digest had gone out go into today's digest."""
    waiting = set(ReminderDelivery.objects.filter(digest__isnull=True).values_list("user_id", flat=True).distinct())
    if not waiting:
        return
    with transaction.atomic():
        DigestBook(on).open_digests(sorted(waiting))
        pending = ReminderDigest.objects.filter(
            user_id=OuterRef("user_id"), date=on, status=ReminderDigest.Status.PENDING
        ).values("pk")[:1]
        ReminderDelivery.objects.filter(digest__isnull=True, user_id__in=waiting).update(digest_id=Subquery(pending))


def _stale_before(policy: ReminderPolicy):
    return timezone.now() - dt.timedelta(minutes=policy.claim_timeout_minutes)


SEND_BATCH = 200


class Line(NamedTuple):
    stage: str
    kind: str
    title: str
    url: str
    due_date: dt.date

    @property
    def stage_base(self) -> str:
        return self.stage.split(":", 1)[0]


def _open_q(policy: ReminderPolicy) -> Q:
    """Digests to send: pending, or taken by a sender that has not finished in time."""
    return Q(status=ReminderDigest.Status.PENDING) | Q(
        status=ReminderDigest.Status.SENDING, claimed_at__lt=_stale_before(policy)
    )


def take_digests(ids: list[int], policy: ReminderPolicy) -> list[int]:
    """Atomically move digests to "sending" under a fresh token and return the ones this
    worker got; a digest another worker holds (and is still within its time) is skipped."""
    token = uuid.uuid4().hex
    ReminderDigest.objects.filter(pk__in=ids).filter(_open_q(policy)).update(
        status=ReminderDigest.Status.SENDING, claimed_at=timezone.now(), claim_token=token
    )
    return list(ReminderDigest.objects.filter(pk__in=ids, claim_token=token).values_list("pk", flat=True))


def _digest_texts(name: str, day: dt.date, lines_in: list[Line]) -> tuple[str, str]:
    """Subject and plain-text body (Chinese). Built with plain string joins: the scan
    writes tens of thousands of these and a template engine would dominate its time."""
    groups: dict[str, list[Line]] = defaultdict(list)
    for d in lines_in:
        groups[d.stage_base].append(d)
    subject = _("【文明创建】%(date)s待办提醒：共%(n)d项") % {"date": cn_date(day), "n": len(lines_in)}
    lines = [
        _("%(name)s，您好：") % {"name": name},
        "",
        _("截至%(date)s，您有以下%(n)d项工作需要关注：") % {"date": cn_date(day), "n": len(lines_in)},
    ]
    due_word = _("截止")
    for stage in sorted(groups, key=STAGE_ORDER.__getitem__):
        lines += ["", f"【{Stage(stage).label}】"]
        items = sorted(groups[stage], key=lambda d: (d.due_date, d.title))
        for n, d in enumerate(items, start=1):
            lines.append(f"{n}. {d.kind}：{d.title}（{due_word}{cn_date(d.due_date)}）")
            if d.url:
                lines.append(f"   {settings.SITE_URL}{d.url}")
    lines += ["", _("请及时登录文明创建管理系统办理。本邮件由系统自动发送，请勿直接回复。")]
    return subject, "\n".join(lines) + "\n"


def send_digests(ids: list[int], *, mail_connection, result: ScanResult) -> list[int]:
    """Write the in-app notices and send the mails of digests already taken, marking
    each sent right after its mail. Returns the ids whose mail failed (back to pending)."""
    heads = {
        row[0]: row
        for row in ReminderDigest.objects.filter(pk__in=ids).values_list(
            "pk", "user_id", "date", "attempts", "user__username", "user__email", "user__profile__display_name"
        )
    }
    lines: dict[int, list[Line]] = defaultdict(list)
    for row in ReminderDelivery.objects.filter(digest_id__in=ids).values_list(
        "digest_id", "stage", "kind", "title", "url", "due_date"
    ):
        lines[row[0]].append(Line(*row[1:]))
    empty = [i for i in ids if not lines.get(i)]
    if empty:
        ReminderDigest.objects.filter(pk__in=empty).update(status=ReminderDigest.Status.EMPTY)
    texts = {i: _digest_texts(heads[i][6] or heads[i][4], heads[i][2], lines[i]) for i in ids if lines.get(i)}
    _write_notices(texts, heads)
    failed = []
    mark_sent = (
        f"UPDATE {_table(ReminderDigest)} SET status = %s, sent_at = %s, item_count = %s, emailed = %s, "
        "attempts = attempts + 1, error = '' WHERE id = %s"
    )
    adapt_time = connection.ops.adapt_datetimefield_value
    for digest_id, (subject, body) in texts.items():
        email = heads[digest_id][5]
        try:
            if email:
                EmailMessage(
                    subject,
                    body,
                    to=[email],
                    connection=mail_connection,
                    headers={"Message-ID": _message_id(digest_id)},
                ).send()
        except Exception as exc:  # a mail server hiccup: leave it for the retry
            logger.warning("reminder digest %s not sent: %s", digest_id, exc)
            ReminderDigest.objects.filter(pk=digest_id).update(
                status=ReminderDigest.Status.PENDING, error=str(exc)[:500]
            )
            failed.append(digest_id)
            continue
        with connection.cursor() as cursor:  # right after its own mail: see the module docstring
            cursor.execute(
                mark_sent,
                [ReminderDigest.Status.SENT, adapt_time(timezone.now()), len(lines[digest_id]), bool(email), digest_id],
            )
        result.digests_sent += 1
        result.mails_sent += int(bool(email))
        result.reminders_sent += len(lines[digest_id])
    return failed


def _write_notices(texts: dict[int, tuple[str, str]], heads: dict[int, tuple]) -> None:
    """One in-app notice per digest; unique per digest, so a digest taken over after a
    crash does not get a second one."""
    if not texts:
        return
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    sql = (
        f"INSERT INTO {_table(Notice)} (user_id, digest_id, title, body, created_at) "
        "VALUES (%s, %s, %s, %s, %s) ON CONFLICT DO NOTHING"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, [(heads[i][1], i, subject[:200], body, now) for i, (subject, body) in texts.items()])


def _message_id(digest_id: int) -> str:
    """The same Message-ID on every attempt: if a worker dies after the mail left but
    before the digest was marked sent, the retry is recognisably the same message."""
    host = urlsplit(settings.SITE_URL).hostname or "civcreate.local"
    return f"<reminder-digest-{digest_id}@{host}>"


def send_pending(on: dt.date, policy: ReminderPolicy, result: ScanResult) -> list[int]:
    """Send every digest up to `on` that is pending (or whose sender died); returns the
    ids that failed (they stay pending and the next run or a retry sends them)."""
    open_ids = list(
        ReminderDigest.objects.filter(date__lte=on)
        .filter(_open_q(policy))
        .order_by("date", "pk")
        .values_list("pk", flat=True)
    )
    failed = []
    mail_connection = get_connection()
    with _commits_without_flush(), mail_connection:  # one SMTP session for the run, not one per mail
        for batch in _chunks(open_ids, SEND_BATCH):
            taken = take_digests(batch, policy)
            if taken:
                failed += send_digests(taken, mail_connection=mail_connection, result=result)
    return failed


@contextmanager
def _commits_without_flush():
    """Each digest is marked sent in its own commit right after its mail (see the module
    docstring). On PostgreSQL those tens of thousands of commits each waited for a WAL
    flush to disk — most of the scan's time. With `synchronous_commit = off` for this
    session a commit is visible to every other connection at once and survives a killed
    worker; only a crash of the database server itself could lose the last fraction of a
    second of "sent" marks, whose mails would then go again under the same Message-ID."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO off")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")


class SendFailed(Exception):
    pass


def reminders_run(
    *, on: dt.date | None = None, dry_run: bool = False, items: Iterable[DueItem] | None = None
) -> ScanResult:
    """Run the daily scan for day `on` (default: today in Asia/Shanghai).

    `items` replaces the registered sources (tests, benchmarks)."""
    on = on or timezone.localdate()
    policy = ReminderPolicy.current()
    targets = EscalationTargets()
    result = ScanResult(date=on)
    source = items if items is not None else iter_due_items(on, policy)

    def counted(stream):
        for item in stream:
            result.items += 1
            yield item

    run = None if dry_run else ReminderRun.objects.create(date=on)
    digests = DigestBook(on)  # one per run: each person's digest row is ensured once, not once per batch
    try:
        for batch in _chunks(counted(source), CHUNK):
            targets.load(i.region_id for i in batch if i.region_id is not None and not i.done)
            planned = list(plan(batch, on, policy, targets))
            result.planned += len(planned)
            if dry_run:
                _preview(planned, result)
            else:
                result.claimed += claim(planned, on, digests)
        if dry_run:
            return result
        attach_waiting(on)
        failed = send_pending(on, policy, result)
    except Exception as exc:
        if run:
            ReminderRun.objects.filter(pk=run.pk).update(
                status=ReminderRun.Status.FAILED, finished_at=timezone.now(), message=str(exc)[:500]
            )
        raise
    ReminderRun.objects.filter(pk=run.pk).update(
        status=ReminderRun.Status.FAILED if failed else ReminderRun.Status.SUCCESS,
        finished_at=timezone.now(),
        items=result.items,
        reminders=result.reminders_sent,
        digests_sent=result.digests_sent,
        mails_sent=result.mails_sent,
        message=_("%(n)d份提醒发送失败，将重试") % {"n": len(failed)} if failed else "",
    )
    if failed:
        raise SendFailed(_("%(n)d份提醒发送失败") % {"n": len(failed)})
    return result


def _preview(planned: list[Planned], result: ScanResult) -> None:
    """Dry run: keep the reminders that have not been sent yet."""
    keys = {p.item.key for p in planned}
    sent = set()
    for part in _chunks(list(keys), 900):
        sent.update(ReminderDelivery.objects.filter(item_key__in=part).values_list("user_id", "item_key", "stage"))
    for p in planned:
        if (p.user_id, p.item.key, p.stage) not in sent:
            result.preview.setdefault(p.user_id, []).append(p)


def preview_lines(result: ScanResult) -> list[str]:
    User = get_user_model()
    names = dict(User.objects.filter(pk__in=result.preview).values_list("pk", "username"))
    lines = []
    for user_id, planned in sorted(result.preview.items(), key=lambda kv: names.get(kv[0], "")):
        lines.append(_("%(user)s：%(n)d项") % {"user": names.get(user_id, user_id), "n": len(planned)})
        for p in sorted(planned, key=lambda p: (STAGE_ORDER[p.stage.split(":")[0]], p.item.due_date)):
            label = Stage(p.stage.split(":")[0]).label
            lines.append(f"  [{label}] {cn_date(p.item.due_date)} {p.item.kind}：{p.item.title}")
    return lines
