from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin_mixins import DeploymentSettingMixin, ScopedAdminMixin, ScopedTabularInline

from .models import Notice, ReminderDelivery, ReminderDigest, ReminderPolicy, ReminderRun


@admin.register(ReminderPolicy)
class ReminderPolicyAdmin(DeploymentSettingMixin, admin.ModelAdmin):
    """One policy for the whole deployment: only the top-level office (or a superuser) edits it."""

    list_display = ("__str__", "upcoming_days", "escalate_after_days", "claim_timeout_minutes")

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not ReminderPolicy.objects.exists()


@admin.register(ReminderRun)
class ReminderRunAdmin(DeploymentSettingMixin, admin.ModelAdmin):
    """The daily scan's runs, for the whole deployment: the top-level office reads them."""

    list_display = ("date", "status", "started_at", "finished_at", "items", "digests_sent", "reminders", "mails_sent")
    list_filter = ("status",)
    readonly_fields = [f.name for f in ReminderRun._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class DeliveryInline(ScopedTabularInline):
    model = ReminderDelivery
    fields = ("stage", "kind", "title", "due_date")
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(ReminderDigest)
class ReminderDigestAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("date", "user", "status", "item_count", "emailed", "sent_at", "attempts")
    list_filter = ("status", "date", "emailed")
    search_fields = ("user__username", "user__profile__display_name")
    list_select_related = ("user",)
    date_hierarchy = "date"
    inlines = [DeliveryInline]
    readonly_fields = [f.name for f in ReminderDigest._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(Notice)
class NoticeAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("title", "user", "created_at", "is_read_display")
    list_filter = (("read_at", admin.EmptyFieldListFilter), "created_at")
    search_fields = ("title", "user__username")
    list_select_related = ("user",)
    readonly_fields = ("user", "digest", "title", "body", "created_at", "read_at")

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs if request.user.is_superuser else qs.filter(user=request.user)

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("已读"), boolean=True)
    def is_read_display(self, obj):
        return obj.read_at is not None
