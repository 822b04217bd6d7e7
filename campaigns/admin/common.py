"""Small shared pieces of the campaigns admin."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin_mixins import ScopedTabularInline

from ..models import Campaign


class CampaignFilter(admin.SimpleListFilter):
    """创建活动 filter over whatever path leads to the campaign (set `path`)."""

    title = _("创建活动")
    parameter_name = "campaign"
    path = "campaign"

    def lookups(self, request, model_admin):
        from core.scoping import scoped

        return [(c.pk, c.name) for c in scoped(Campaign.objects.all(), request.user).only("pk", "name")]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(**{self.path: self.value()})
        return queryset


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("意见"), widget=forms.Textarea(attrs={"rows": 4, "cols": 60}), required=False)


def file_link(url: str, name: str):
    from django.utils.html import format_html

    return format_html('<a href="{}" target="_blank">{}</a>', url, name)


class PhotoInline(ScopedTabularInline):
    """Photos with a link through the permission-checked download view `url_name`."""

    url_name = ""
    extra = 0
    fields = ["file", "caption", "view"]
    readonly_fields = ["view"]

    @admin.display(description=_("查看"))
    def view(self, obj):
        from django.urls import reverse
        from django.utils.translation import gettext

        if not obj.pk:
            return ""
        return file_link(reverse(self.url_name, args=[obj.pk]), gettext("查看照片"))
