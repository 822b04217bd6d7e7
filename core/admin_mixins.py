"""Admin building blocks shared by every app: scoping, Chinese import errors, history."""

from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from simple_history.admin import SimpleHistoryAdmin

from .formats import SafeXLSX
from .forms import valid_model_value
from .scoping import regions_visible, scoped


class ScopedAdminMixin:
    """Admin lists, detail pages, actions and FK choices all go through core.scoping."""

    def get_changeform_initial_data(self, request):
        # ?unit=abc on an add page must not reach the form (a ValueError while rendering)
        initial = super().get_changeform_initial_data(request)
        return {k: v for k, v in initial.items() if valid_model_value(self.model, k, v)}

    def get_queryset(self, request):
        return scoped(super().get_queryset(request), request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        related = db_field.related_model
        if field is not None and hasattr(related, "scope") and hasattr(field, "queryset"):
            field.queryset = scoped(field.queryset, request.user)
        return field

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        related = db_field.related_model
        if field is not None and hasattr(related, "scope") and hasattr(field, "queryset"):
            field.queryset = scoped(field.queryset, request.user)
        return field


class ScopedImportExportMixin(ImportExportMixin):
    """import-export with our safe .xlsx format, the user handed to the resource (so
    that rows outside the user's region are refused), and readable Chinese errors."""

    formats = [SafeXLSX]
    import_formats = [SafeXLSX]
    export_formats = [SafeXLSX]
    # Set on admins whose export carries people's names or phone numbers: each export is logged.
    export_is_personal_data = False

    def get_resource_kwargs(self, request, *args, **kwargs):
        return {**super().get_resource_kwargs(request, *args, **kwargs), "user": request.user}

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, ValidationError):
            form.add_error("import_file", "；".join(e.messages))
        else:
            super().add_data_read_fail_error_to_form(form, e)

    def import_action(self, request, **kwargs):
        response = super().import_action(request, **kwargs)
        result = (getattr(response, "context_data", None) or {}).get("result")
        if result is not None and result.has_validation_errors():
            for row in result.invalid_rows:  # "region" → "所属区划": staff read the model's Chinese names
                row.error_dict = {self._field_label(key): errors for key, errors in row.error_dict.items()}
        return response

    def _field_label(self, name: str) -> str:
        try:
            return str(self.model._meta.get_field(name).verbose_name)
        except FieldDoesNotExist:
            return name  # NON_FIELD_ERRORS and resource-only columns keep their key

    def get_export_queryset(self, request):
        return scoped(super().get_export_queryset(request), request.user)

    def export_action(self, request, *args, **kwargs):
        try:
            return super().export_action(request, *args, **kwargs)
        except IncorrectLookupParameters:  # odd filters carried over from the list
            self.message_user(request, _("筛选条件无效，请在列表中重新筛选后再导出"), messages.ERROR)
            return redirect(f"admin:{self.model._meta.app_label}_{self.model._meta.model_name}_changelist")

    def get_export_data(self, file_format, request, queryset, **kwargs):
        data = super().get_export_data(file_format, request, queryset, **kwargs)
        if self.export_is_personal_data:
            from .privacy import log_personal_data

            log_personal_data(
                user=request.user, action="export", target=str(self.model._meta.verbose_name),
                count=queryset.count(), detail="admin export", request=request,
            )
        return data


class SafeHistoryMixin:
    """The history pages of SimpleHistoryAdmin answer 404 for a model without history or
    an id that is not one (simple_history raises ValueError there)."""

    def history_view(self, request, object_id, extra_context=None):
        self._history_or_404(object_id)
        return super().history_view(request, object_id, extra_context=extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._history_or_404(object_id, version_id)
        return super().history_form_view(request, object_id, version_id, extra_context=extra_context)

    def _history_or_404(self, object_id, version_id=None):
        if not hasattr(self.model._meta, "simple_history_manager_attribute"):
            raise Http404
        if not valid_model_value(self.model, "pk", object_id) or (
            version_id is not None and not str(version_id).isdigit()
        ):
            raise Http404


class ScopedHistoryAdmin(ScopedAdminMixin, SafeHistoryMixin, SimpleHistoryAdmin):
    """Default base for our model admins: scoped, with the history page."""


class NoBulkDeleteMixin:
    """For records that may only be deleted one at a time, each through the admin's own
    has_delete_permission checks: the list's "delete selected" action is withdrawn."""

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


class RegionSubtreeFilter(admin.SimpleListFilter):
    """区划: the records of the chosen region and everything below it (GB/T 2260 code
    prefix). `path` is the region-code path on the records; the choices are the regions
    the user sees down to counties (an app may narrow them in `lookups`)."""

    title = _("区划")
    parameter_name = "region_code"
    path = "region__code"

    def lookups(self, request, model_admin):
        from units.models import Region

        qs = regions_visible(request.user).filter(level__lte=Region.Level.COUNTY).order_by("code")
        return [(r.code, r.name) for r in qs[:80]]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(**{f"{self.path}__startswith": self.value()})
        return queryset
