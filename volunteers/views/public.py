"""Anonymous pages: self-registration, certificate verification, posting a need."""

import time

from django.core import signing
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.flood import Limit, over_limit
from units.models import Region

from ..forms import CONSENT_TEXT, RegistrationForm, RequestForm
from ..models import Certificate, Team
from ..services import request_create, volunteer_register

POSTS_PER_HOUR = 20
MIN_FILL_SECONDS = 3
MAX_FORM_AGE = 4 * 3600


def _client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _throttled(request, scope: str, limit: int = POSTS_PER_HOUR) -> bool:
    """Per-IP hourly limit (core.flood: the cache, or the database while it is down)."""
    return over_limit(Limit(f"vol:{scope}:{_client_ip(request)}", limit, 3600)) is not None


def _token_problem(token: str) -> str | None:
    try:
        issued = signing.loads(token, salt="volunteer-register", max_age=MAX_FORM_AGE)["t"]
    except (signing.BadSignature, KeyError, TypeError):
        return _("页面已过期，请刷新后重新填写")
    if time.time() - issued < MIN_FILL_SECONDS:
        return _("提交过快，请核对信息后再提交")
    return None


def _registration_choices():
    county_codes = {code[:6] for code in Team.objects.filter(is_active=True).values_list("region__code", flat=True)}
    regions = Region.objects.filter(code__in=county_codes).order_by("code")
    teams = Team.objects.filter(is_active=True).select_related("region").order_by("region__code", "name")
    return regions, teams


@require_http_methods(["GET", "POST"])
def register(request):
    regions, teams = _registration_choices()
    form = RegistrationForm(request.POST or None, regions=regions, teams=teams)
    if request.method == "POST":
        if _throttled(request, "register"):
            form.add_error(None, _("提交次数过多，请一小时后再试"))
        elif request.POST.get("website"):
            return redirect("volunteers_public:registered")  # a bot: look successful, save nothing
        elif problem := _token_problem(request.POST.get("token", "")):
            form.add_error(None, problem)
        elif form.is_valid():
            data = form.cleaned_data
            try:
                volunteer_register(
                    name=data["name"],
                    id_number=data["id_number"],
                    phone=data["phone"],
                    region=data["region"],
                    political_status=data["political_status"],
                    team=data["team"],
                    skills=data["skills"],
                    sex=data["sex"],
                    birth_date=data["birth_date"],
                    consent=data["consent"],
                )
            except ValidationError as exc:
                for field, messages in exc.message_dict.items():
                    for message in messages:
                        form.add_error(field if field in form.fields else None, message)
            else:
                return redirect("volunteers_public:registered")
    return render(request, "volunteers/public/register.html", {"form": form, "consent_text": CONSENT_TEXT})


def registered(request):
    return render(request, "volunteers/public/registered.html")


def verify(request):
    number = (request.GET.get("number") or "").strip().upper()
    cert = None
    if number:
        if _throttled(request, "verify", limit=120):
            return render(request, "volunteers/public/verify.html", {"number": number, "throttled": True}, status=429)
        cert = Certificate.objects.select_related("issuer").filter(number=number).first()
    return render(request, "volunteers/public/verify.html", {"number": number, "cert": cert, "searched": bool(number)})


@require_http_methods(["GET", "POST"])
def post_request(request):
    regions, _teams = _registration_choices()
    form = RequestForm(request.POST or None, regions=regions)
    if request.method == "POST":
        if _throttled(request, "request", limit=10):
            form.add_error(None, _("提交次数过多，请一小时后再试"))
        elif request.POST.get("website"):
            return render(request, "volunteers/public/request_done.html")
        elif form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "website"}
            try:
                request_create(**data)
            except ValidationError as exc:
                for field, messages in exc.message_dict.items():
                    for message in messages:
                        form.add_error(field if field in form.fields else None, message)
            else:
                return render(request, "volunteers/public/request_done.html")
    return render(request, "volunteers/public/request_form.html", {"form": form})
