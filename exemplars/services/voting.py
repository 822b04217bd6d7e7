"""网络投票: one vote per device per nominee per day, with per-IP and per-device
limits (core.flood). Public votes are shown beside the reviewers' results and
never replace them."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.flood import Limit, over_limit

from ..models import Nomination, NominationStatus, PublicVote

VOTES_PER_DEVICE_PER_DAY = 10  # different nominees one device may support per day
VOTES_PER_IP_PER_DAY = 60  # a school or an office shares one IP
VOTES_PER_IP_PER_NOMINEE_PER_DAY = 20


class VoteRefused(Exception):
    """Expected refusal, Chinese message for the voter."""


def public_vote_cast(*, nomination: Nomination, voter_key: str, ip: str | None, honeypot: str = "") -> PublicVote:
    if honeypot:
        raise VoteRefused(_("投票未成功，请刷新页面后重试"))
    if not voter_key:
        raise VoteRefused(_("请先打开投票页面再投票"))
    selection_round = nomination.round
    if not selection_round.public_voting or nomination.status != NominationStatus.REVIEWING:
        raise VoteRefused(_("该人选当前不在投票期内"))
    day = timezone.localdate()
    if PublicVote.objects.filter(nomination=nomination, voter_key=voter_key, day=day).exists():
        raise VoteRefused(_("您今天已为该人选投过票，请明天再来"))
    ttl = 26 * 3600
    stamp = day.isoformat()
    limits = [Limit(f"exv:dev:{voter_key}:{stamp}", VOTES_PER_DEVICE_PER_DAY, ttl, _("今日投票次数已达上限"))]
    if ip:
        limits += [
            Limit(f"exv:ip:{ip}:{stamp}", VOTES_PER_IP_PER_DAY, ttl, _("该网络今日投票过多，请明天再试")),
            Limit(
                f"exv:ipn:{ip}:{nomination.pk}:{stamp}",
                VOTES_PER_IP_PER_NOMINEE_PER_DAY,
                ttl,
                _("该网络今日为该人选投票过多，请明天再试"),
            ),
        ]
    if refused := over_limit(*limits):
        raise VoteRefused(refused.message)
    try:
        with transaction.atomic():
            return PublicVote.objects.create(nomination=nomination, voter_key=voter_key, day=day, ip_address=ip)
    except IntegrityError:
        raise VoteRefused(_("您今天已为该人选投过票，请明天再来")) from None
