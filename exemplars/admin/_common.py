from django.utils.translation import gettext_lazy as _

from core.admin_mixins import RegionSubtreeFilter
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
