"""Anonymous pages: 我推荐身边好人, 公示, 网络投票. They show only what a 公示 shows."""

import secrets

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.flood import Limit, over_limit
from core.workflow import TransitionError

from .. import selectors, services
from ..forms import PublicNominationForm
from ..models import NominationSource, NominationStatus, SelectionRound

VOTER_COOKIE = "civ_voter"
NOMINATIONS_PER_IP_PER_HOUR = 5
NOMINATIONS_PER_IP_PER_DAY = 20
NOMINATIONS_PER_PHONE_PER_DAY = 10  # one nominator, from however many networks


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def index(request):
    today = timezone.localdate()
    context = {
        "open_rounds": selectors.rounds_open_for_public(today),
        "publicity_rounds": selectors.rounds_in_publicity(today),
        "voting_rounds": selectors.rounds_with_voting(),
    }
    return render(request, "exemplars/public/index.html", context)


def nominate(request, round_pk: int):
    selection_round = get_object_or_404(selectors.rounds_open_for_public(), pk=round_pk)
    form = PublicNominationForm(request.POST or None, request.FILES or None, selection_round=selection_round)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data.get("website"):
            # A bot filled the hidden field: answer as if accepted, store nothing.
            return redirect("exemplars_public:nominate_done")
        if _flooding(request, form.cleaned_data["nominator_phone"]):
            form.add_error(None, _("提交过于频繁，请稍后再试"))
        else:
            try:
                services.nomination_submit(
                    selection_round=selection_round,
                    source=NominationSource.PUBLIC,
                    data=form.data_for_service(),
                    files=form.files_for_service(),
                    ip=client_ip(request),
                )
            except ValidationError as exc:
                form.add_service_errors(exc)
            except (TransitionError, PermissionDenied) as exc:
                form.add_error(None, str(exc))
            else:
                return redirect("exemplars_public:nominate_done")
    return render(request, "exemplars/public/nominate.html", {"form": form, "round": selection_round})


def _flooding(request, phone: str) -> bool:
    """Count this submission against the IP (per hour and per day) and the nominator's
    phone (per day); True once any of them is at its limit. A refused submission is
    not counted, so being blocked for the hour does not use up the day."""
    day = timezone.localdate().isoformat()
    ip = client_ip(request)
    limits = [Limit(f"exn:p:{phone}:{day}", NOMINATIONS_PER_PHONE_PER_DAY, 26 * 3600)]
    if ip:
        limits += [
            Limit(f"exn:h:{ip}", NOMINATIONS_PER_IP_PER_HOUR, 3600),
            Limit(f"exn:d:{ip}:{day}", NOMINATIONS_PER_IP_PER_DAY, 26 * 3600),
        ]
    return over_limit(*limits) is not None


def nominate_done(request):
    return render(request, "exemplars/public/nominate_done.html")


def publicity(request, round_pk: int):
    selection_round = get_object_or_404(SelectionRound.objects.select_related("campaign"), pk=round_pk)
    items = list(selectors.publicity_list(selection_round))
    if not items:
        raise Http404
    period = (items[0].publicity_start, items[0].publicity_end)
    return render(
        request, "exemplars/public/publicity.html", {"round": selection_round, "items": items, "period": period}
    )


def _voter_key(request) -> str:
    return request.get_signed_cookie(VOTER_COOKIE, default="", salt="exemplars.vote")


def vote_page(request, round_pk: int):
    selection_round = get_object_or_404(
        SelectionRound.objects.select_related("campaign"), pk=round_pk, public_voting=True
    )
    candidates = list(selectors.voting_candidates(selection_round))
    response = render(request, "exemplars/public/vote.html", {"round": selection_round, "candidates": candidates})
    if not _voter_key(request):
        response.set_signed_cookie(
            VOTER_COOKIE,
            secrets.token_hex(16),
            salt="exemplars.vote",
            max_age=365 * 86400,
            httponly=True,
            samesite="Lax",
        )
    return response


@require_POST
def vote_cast(request, round_pk: int, pk: int):
    selection_round = get_object_or_404(SelectionRound, pk=round_pk, public_voting=True)
    nomination = get_object_or_404(selection_round.nominations.filter(status=NominationStatus.REVIEWING), pk=pk)
    try:
        services.public_vote_cast(
            nomination=nomination,
            voter_key=_voter_key(request),
            ip=client_ip(request),
            honeypot=request.POST.get("website", ""),
        )
    except services.VoteRefused as exc:
        messages.warning(request, str(exc))
    else:
        messages.success(request, _("投票成功，感谢您为“%(n)s”投票") % {"n": nomination.nominee_name})
    return redirect("exemplars_public:vote", round_pk=round_pk)
