from django.contrib import admin
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.admin_mixins import ScopedHistoryAdmin
from core.xlsx import xlsx_response

from ..models import Activity, ActivityPhoto
from ..services.reports import activities_xlsx
from .common import CampaignFilter, PhotoInline


class ActivityPhotoInline(PhotoInline):
    model = ActivityPhoto
    url_name = "campaigns:activity_photo"
    extra = 0


@admin.register(Activity)
class ActivityAdmin(ScopedHistoryAdmin):
    list_display = ["date", "title", "kind", "unit", "campaign", "place", "participants", "n_photos"]
    list_filter = [CampaignFilter, "kind", "date"]
    search_fields = ["title", "unit__name", "place"]
    list_select_related = ["unit", "unit__region", "campaign"]
    autocomplete_fields = ["campaign", "unit"]
    inlines = [ActivityPhotoInline]
    date_hierarchy = "date"
    actions = ["export_xlsx"]
    exclude = ["created_by"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_photos=Count("photos"))

    @admin.display(description=_("照片"), ordering="n_photos")
    def n_photos(self, obj):
        return obj.n_photos

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description=_("导出所选活动（Excel）"), permissions=["view"])
    def export_xlsx(self, request, queryset):
        return xlsx_response(activities_xlsx(queryset.order_by("date")), f"活动记录{timezone.localdate():%Y%m%d}.xlsx")
