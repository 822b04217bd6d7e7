"""Shared admin pieces of the titles app: region filter, intermediate action pages."""

from django import forms
from django.contrib import messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from core.admin_mixins import RegionSubtreeFilter
from core.scoping import top_region_code, user_region_code
from core.workflow import TransitionError
from units.models import Region


class RegionFilter(RegionSubtreeFilter):
    """区划: the user's region and the next level below it."""

    title = _("区划")
    parameter_name = "region"
    path = "unit__region__code"

    def lookups(self, request, model_admin):
        # superusers: from the deployment's top region (core.scoping.top_region_code)
        code = top_region_code() if request.user.is_superuser else user_region_code(request.user)
        if not code:
            return []
        qs = Region.objects.filter(level__lte=Region.Level.COUNTY)
        qs = qs.filter(code__startswith=code, code__regex=rf"^{code}(\d{{2}})?$")
        return [(r.code, r.name) for r in qs.order_by("code")[:60]]


def run_intermediate(modeladmin, request, queryset, *, form_class, title: str, apply, form_kwargs=None, note=""):
    """An admin action that first asks for input (reason, reviewers, document number…),
    then calls `apply(queryset, cleaned_data)` (a service call). Expected errors are shown
    in Chinese and nothing changes."""
    form_kwargs = form_kwargs or {}
    if not modeladmin.has_change_permission(request):
        raise PermissionDenied
    if request.POST.get("apply"):
        form = form_class(request.POST, **form_kwargs)
        if form.is_valid():
            try:
                result = apply(queryset, form.cleaned_data)
            except (TransitionError, ValidationError) as exc:
                messages.error(request, "；".join(getattr(exc, "messages", [str(exc)])))
            else:
                messages.success(request, result)
                return None
    else:
        form = form_class(**form_kwargs)
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "note": note,
        "form": form,
        "queryset": queryset,
        "opts": modeladmin.model._meta,
        "action": request.POST.get("action"),
        "selected": request.POST.getlist(ACTION_CHECKBOX_NAME),
        "action_checkbox_name": ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/titles/action_form.html", context)


def each_in_turn(queryset, func) -> tuple[int, list[str]]:
    """Apply a per-object service; collect Chinese errors instead of stopping."""
    done, errors = 0, []
    for obj in queryset:
        try:
            func(obj)
            done += 1
        except TransitionError as exc:
            errors.append(f"{obj}：{exc}")
    return done, errors


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("原因/意见"), widget=forms.Textarea(attrs={"rows": 3, "cols": 60}))
