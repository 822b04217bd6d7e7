"""Admin actions that ask for one more thing (a reason, a date, reviewers) on an
intermediate page, then call a service; user errors come back as messages."""

from django.contrib import messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse

from core.workflow import TransitionError

USER_ERRORS = (TransitionError, PermissionDenied, ValidationError)


def error_text(exc) -> str:
    if isinstance(exc, ValidationError):
        return "；".join(exc.messages)
    return str(exc)


def form_action(modeladmin, request, queryset, *, form_class, title: str, apply, form_kwargs=None, note: str = ""):
    """Render `form_class` for the selected rows; on "apply", call apply(cleaned_data) ->
    success message. Returns None to go back to the list."""
    form_kwargs = form_kwargs or {}
    if "apply" in request.POST:
        form = form_class(request.POST, **form_kwargs)
        if form.is_valid():
            try:
                message = apply(form.cleaned_data)
            except USER_ERRORS as exc:
                modeladmin.message_user(request, error_text(exc), messages.ERROR)
            else:
                modeladmin.message_user(request, message, messages.SUCCESS)
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
        "action": request.POST.get("action", ""),
        "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
        "checkbox_name": helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/exemplars/action_form.html", context)


def each(modeladmin, request, queryset, func, success: str) -> None:
    """Run func(obj) for every row inside one transaction; all or nothing."""
    from django.db import transaction

    try:
        with transaction.atomic():
            count = sum(1 for obj in queryset if func(obj) is not False)
    except USER_ERRORS as exc:
        modeladmin.message_user(request, error_text(exc), messages.ERROR)
    else:
        modeladmin.message_user(request, success % {"n": count}, messages.SUCCESS)
