"""Admin building blocks shared by every app: scoping (lists, objects, history, inlines,
choices), personal-data masking, settings ownership, Chinese import errors."""

from contextvars import ContextVar

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMFieldMixin
from import_export.admin import ImportExportMixin
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from .formats import SafeXLSX
from .forms import valid_model_value
from .privacy import can_reveal, log_personal_data, mask_address, mask_id_number, mask_phone, show_id_number, show_phone
from .scoping import is_top_office, regions_visible, scoped


def _scope_choices(field, db_field, request):
    """FK/M2M widget choices limited to what the user sees (models with a `scope`)."""
    if field is not None and hasattr(db_field.related_model, "scope") and hasattr(field, "queryset"):
        field.queryset = scoped(field.queryset, request.user)
    return field


class ScopedChoicesMixin:
    """Every foreign-key and many-to-many widget offers only scoped choices; a crafted
    POST naming another object fails the form's validation."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        return _scope_choices(super().formfield_for_foreignkey(db_field, request, **kwargs), db_field, request)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        return _scope_choices(super().formfield_for_manytomany(db_field, request, **kwargs), db_field, request)


class ScopedAdminMixin(ScopedChoicesMixin):
    """Admin lists, detail pages (change, delete, history), actions, autocomplete
    (Django asks the target admin's get_queryset) and FK choices all go through
    core.scoping. Every inline must be a ScopedInlineMixin (checked at start-up of the
    page: an unscoped inline is a configuration error)."""

    def get_changeform_initial_data(self, request):
        # ?unit=abc on an add page must not reach the form (a ValueError while rendering)
        initial = super().get_changeform_initial_data(request)
        return {k: v for k, v in initial.items() if valid_model_value(self.model, k, v)}

    def get_queryset(self, request):
        return scoped(super().get_queryset(request), request.user)

    def response_action(self, request, queryset):
        """An action naming a record outside the user's scope is a 404 (not an empty run)."""
        selected = set(request.POST.getlist(helpers.ACTION_CHECKBOX_NAME))
        if selected and request.POST.get("select_across") != "1":
            try:
                found = {str(pk) for pk in queryset.filter(pk__in=selected).values_list("pk", flat=True)}
            except (ValueError, ValidationError):
                raise Http404 from None
            if found != selected:
                raise Http404
        return super().response_action(request, queryset)

    def get_inline_instances(self, request, obj=None):
        inlines = super().get_inline_instances(request, obj)
        for inline in inlines:
            if not isinstance(inline, ScopedInlineMixin):
                raise TypeError(f"{type(inline).__name__} must inherit core.admin_mixins.ScopedInlineMixin")
        return inlines


class ScopedInlineMixin(ScopedChoicesMixin):
    """Inline rows (when the model has a scope) and the inline's FK/M2M choices scoped."""

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return scoped(qs, request.user) if hasattr(qs.model, "scope") else qs


class ScopedTabularInline(ScopedInlineMixin, admin.TabularInline):
    pass


class ScopedStackedInline(ScopedInlineMixin, admin.StackedInline):
    pass


# --- personal data -------------------------------------------------------------------


def personal_mask(field_name: str):
    """The mask for a field that holds an ID number, a phone number or an address
    (by its name: *id_number, *phone*, *address except ip_address); None otherwise."""
    if field_name.endswith("id_number"):
        return mask_id_number
    if "phone" in field_name:
        return mask_phone
    if field_name.endswith("address") and field_name != "ip_address":
        return mask_address
    return None


def personal_fields_of(model) -> list[str]:
    return [f.name for f in model._meta.concrete_fields if personal_mask(f.name)]


class _MaskingHistoryHelper(HistoricalRecordContextHelper):
    """History diffs with ID/phone/address values masked unless the viewer may reveal."""

    def __init__(self, model, record, *, reveal: bool, **kwargs):
        super().__init__(model, record, **kwargs)
        self.reveal = reveal

    def prepare_delta_change_value(self, change, value):
        value = super().prepare_delta_change_value(change, value)
        mask = None if self.reveal else personal_mask(change.field)
        return mask(str(value)) if mask and value else value


# The user of the current admin request, for list/readonly columns that mask personal
# data (a ContextVar, because one ModelAdmin instance serves every thread).
_viewer: ContextVar = ContextVar("admin_viewer", default=None)


def masked_id(value):
    return show_id_number(_viewer.get(), value) or "—"


def masked_phone(value):
    return show_phone(_viewer.get(), value) or "—"


class PersonalDataAdminMixin:
    """ID and phone fields are shown masked and read-only unless the user may reveal
    them (`personal_fields` are the clear fields, `masked_fields` the admin's masked
    display methods; an add form has the clear fields). A change page, or a list page
    whose columns show them (`list_reveals = True`), opened in clear is logged."""

    personal_fields: tuple[str, ...] = ()
    masked_fields: tuple[str, ...] = ()
    list_reveals = False

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        if obj is None or can_reveal(request.user):  # an add form shows what the user types
            return [f for f in fields if f not in self.masked_fields]
        return [f for f in fields if f not in self.personal_fields]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), *self.masked_fields]

    def changelist_view(self, request, extra_context=None):
        _viewer.set(request.user)
        response = super().changelist_view(request, extra_context)
        cl = (getattr(response, "context_data", None) or {}).get("cl")
        if self.list_reveals and cl is not None and can_reveal(request.user) and cl.result_list:
            log_personal_data(
                user=request.user,
                action="reveal",
                target=f"{self.model._meta.verbose_name}列表",
                count=len(cl.result_list),
                detail=request.get_full_path()[:500],
                request=request,
            )
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        _viewer.set(request.user)
        if request.method == "GET" and can_reveal(request.user) and self.get_object(request, object_id) is not None:
            log_personal_data(
                user=request.user,
                action="reveal",
                target=f"{self.model._meta.verbose_name} {object_id}",
                request=request,
            )
        return super().change_view(request, object_id, form_url, extra_context)


# --- history ---------------------------------------------------------------------------


def has_workflow(model) -> bool:
    """A model whose state moves through services (a django-fsm state field)."""
    return any(isinstance(f, FSMFieldMixin) for f in model._meta.concrete_fields)


class HistoryAdmin(SimpleHistoryAdmin):
    """simple-history's admin made safe (base of ScopedHistoryAdmin; alone only for
    models without a scope, e.g. deployment settings):

    - history list, history detail and revert find the object through get_queryset:
      out of scope (or deleted) is a 404 — never the historical rows;
    - revert is off for models with a workflow (their state only moves through services)
      and for users who may not change the object; where it stays, the form is the
      admin's own (scoped choices, read-only fields) and the change is logged;
    - ID, phone and address values in history diffs are masked unless the user may
      reveal them; a clear view is logged;
    - a model without history gets Django's plain (scoped) action log page."""

    def _tracked(self) -> bool:
        return hasattr(self.model._meta, "simple_history_manager_attribute")

    def _scoped_object(self, request, object_id):
        obj = self.get_object(request, object_id)
        if obj is None:
            raise Http404
        return obj

    def get_urls(self):
        return super().get_urls() if self._tracked() else admin.ModelAdmin.get_urls(self)

    def history_view(self, request, object_id, extra_context=None):
        obj = self._scoped_object(request, object_id)
        if not self._tracked():
            return admin.ModelAdmin.history_view(self, request, object_id, extra_context)
        response = super().history_view(request, object_id, extra_context)
        self._log_history_reveal(request, obj, _("历史记录"))
        return response

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        obj = self._scoped_object(request, object_id)
        if not str(version_id).isdigit():  # simple_history looks it up unchecked (a 500)
            raise Http404
        if request.method == "POST" and self.revert_disabled(request, obj):
            raise PermissionDenied
        _viewer.set(request.user)
        if request.method == "GET":
            self._log_history_reveal(request, obj, _("历史版本"))
        return super().history_form_view(request, object_id, version_id, extra_context)

    def _log_history_reveal(self, request, obj, page) -> None:
        """History shows ID/phone/address values in clear to users who may reveal: logged."""
        if can_reveal(request.user) and personal_fields_of(self.model):
            log_personal_data(
                user=request.user,
                action="reveal",
                target=f"{self.model._meta.verbose_name} {obj.pk} {page}",
                detail=f"管理后台{page}",
                request=request,
            )

    def revert_disabled(self, request, obj=None):
        return (
            has_workflow(self.model)
            or not self.has_change_permission(request, obj)
            or super().revert_disabled(request, obj)
        )

    def get_historical_record_context_helper(self, request, historical_record):
        return _MaskingHistoryHelper(self.model, historical_record, reveal=can_reveal(request.user))


class ScopedHistoryAdmin(ScopedAdminMixin, HistoryAdmin):
    """Default base for our model admins: scoped (ScopedAdminMixin), with the safe history pages."""


# --- who owns which setting ---------------------------------------------------------------


class DeploymentSettingMixin:
    """Settings and records that act on the whole deployment (periodic tasks, working-day
    calendar, title categories, reminder policy and runs, roles) belong to superusers and
    the top-level office (`is_top_office`); other staff do not see them at all."""

    def has_module_permission(self, request):
        return is_top_office(request.user) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return is_top_office(request.user) and super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args):
        return is_top_office(request.user) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return is_top_office(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return is_top_office(request.user) and super().has_delete_permission(request, obj)


def own_deployment_settings(site, models) -> None:
    """Re-register library admins (django-celery-beat, auth Group) with DeploymentSettingMixin."""
    for model in models:
        base = type(site._registry[model])
        site.unregister(model)
        site.register(model, type(base.__name__, (DeploymentSettingMixin, base), {"__module__": __name__}))


# --- imports/exports ------------------------------------------------------------------------


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
        context = getattr(response, "context_data", None) or {}
        self._discard_refused_upload(context)
        result = context.get("result")
        if result is not None and result.has_validation_errors():
            for row in result.invalid_rows:  # "region" → "所属区划": staff read the model's Chinese names
                row.error_dict = {self._field_label(key): errors for key, errors in row.error_dict.items()}
        return response

    def _discard_refused_upload(self, context) -> None:
        """A preview that offers no 确认 (bad rows, unreadable file) keeps no copy of the file."""
        form = context.get("form")
        upload = (getattr(form, "cleaned_data", None) or {}).get("import_file")
        name = getattr(upload, "tmp_storage_name", None)
        if name and "confirm_form" not in context:
            self.get_tmp_storage_class()(name=name, **self.get_tmp_storage_class_kwargs()).remove()

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
                user=request.user,
                action="export",
                target=str(self.model._meta.verbose_name),
                count=queryset.count(),
                detail="admin export",
                request=request,
            )
        return data


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
