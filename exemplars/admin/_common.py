from contextvars import ContextVar

from django.utils.translation import gettext_lazy as _

from core.admin_mixins import RegionSubtreeFilter
from core.privacy import can_reveal, log_personal_data, show_id_number, show_phone
from core.scoping import regions_visible
from units.models import Region


class CountyFilter(RegionSubtreeFilter):
    """县（市、区） within what the user sees; the region path is set per admin."""

    title = _("县（市、区）")
    parameter_name = "area"
    path = "region__code"

    def lookups(self, request, model_admin):
        return [
            (r.code, r.name) for r in regions_visible(request.user).filter(level=Region.Level.COUNTY).order_by("code")
        ]


class PersonalDataAdminMixin:
    """ID and phone fields are shown masked and read-only unless the user may reveal
    them; a change page opened with plaintext is logged as a reveal."""

    personal_fields: tuple[str, ...] = ()
    masked_fields: tuple[str, ...] = ()

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        if can_reveal(request.user):
            return [f for f in fields if f not in self.masked_fields]
        return [f for f in fields if f not in self.personal_fields]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), *self.masked_fields]

    def changelist_view(self, request, extra_context=None):
        _viewer.set(request.user)
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        _viewer.set(request.user)
        if request.method == "GET" and can_reveal(request.user):
            log_personal_data(
                user=request.user,
                action="reveal",
                target=f"{self.model._meta.verbose_name} {object_id}",
                request=request,
            )
        return super().change_view(request, object_id, form_url, extra_context)


# The user of the current admin request, for list/readonly columns that mask personal
# data (a ContextVar, because one ModelAdmin instance serves every thread).
_viewer: ContextVar = ContextVar("exemplars_admin_viewer", default=None)


def masked_id(value):
    return show_id_number(_viewer.get(), value) or "—"


def masked_phone(value):
    return show_phone(_viewer.get(), value) or "—"
