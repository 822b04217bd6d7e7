"""Admin building blocks shared by every app: scoping, Chinese import errors, history."""

from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from simple_history.admin import SimpleHistoryAdmin

from .formats import SafeXLSX
from .scoping import regions_visible, scoped


class ScopedAdminMixin:
    """Admin lists, detail pages, actions and FK choices all go through core.scoping."""

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

    def get_export_data(self, file_format, request, queryset, **kwargs):
        data = super().get_export_data(file_format, request, queryset, **kwargs)
        if self.export_is_personal_data:
            from .privacy import log_personal_data

            log_personal_data(
                user=request.user, action="export", target=str(self.model._meta.verbose_name),
                count=queryset.count(), detail="admin export", request=request,
            )
        return data


class ScopedHistoryAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
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
