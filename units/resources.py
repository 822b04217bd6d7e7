"""Unit import/export (django-import-export) with the Chinese headers offices use."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from core.scoping import scoped
from core.xlsx import clean_text

from .models import Region, Unit, UnitKind


class RegionWidget(widgets.ForeignKeyWidget):
    """所属区划 by code (411402) or by name within the importing user's region."""

    def __init__(self, user=None):
        super().__init__(Region, "code")
        self.user = user

    def clean(self, value, row=None, **kwargs):
        text = clean_text(value)
        if not text:
            raise ValueError(_("所属区划不能为空"))
        regions = scoped(Region.objects.all(), self.user) if self.user else Region.objects.all()
        if text.isdigit():
            match = list(regions.filter(code=text)[:2])
        else:
            match = list(regions.filter(name=text)[:2]) or list(regions.filter(full_name=text)[:2])
        if not match:
            raise ValueError(_("所属区划“%(v)s”不存在或不在您的管辖范围内") % {"v": text})
        if len(match) > 1:
            raise ValueError(_("所属区划“%(v)s”名称重复，请填写区划代码") % {"v": text})
        return match[0]

    def render(self, value, obj=None, **kwargs):
        return value.name if value else ""


class ChoiceLabelWidget(widgets.Widget):
    def __init__(self, choices):
        self.values = {str(v) for v, _label in choices}

    def clean(self, value, row=None, **kwargs):
        text = clean_text(value)
        if text not in self.values:
            raise ValueError(
                _("“%(v)s”不是有效选项，可选：%(opts)s") % {"v": text, "opts": "、".join(sorted(self.values))}
            )
        return text

    def render(self, value, obj=None, **kwargs):
        return value or ""


class TextWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        return clean_text(value)


class UnitResource(resources.ModelResource):
    name = fields.Field("name", column_name="单位名称", widget=TextWidget())
    credit_code = fields.Field("credit_code", column_name="统一社会信用代码", widget=TextWidget())
    kind = fields.Field("kind", column_name="单位类型", widget=ChoiceLabelWidget(UnitKind.choices))
    industry = fields.Field("industry", column_name="行业系统", widget=TextWidget())
    region = fields.Field("region", column_name="所属区划", widget=RegionWidget())
    address = fields.Field("address", column_name="地址", widget=TextWidget())
    contact_name = fields.Field("contact_name", column_name="联系人", widget=TextWidget())
    contact_phone = fields.Field("contact_phone", column_name="联系电话", widget=TextWidget())

    class Meta:
        model = Unit
        fields = ("name", "credit_code", "kind", "industry", "region", "address", "contact_name", "contact_phone")
        export_order = fields
        import_id_fields = ()
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        use_transactions = True

    def __init__(self, user=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user
        self.fields["region"].widget = RegionWidget(user)
        self._seen: dict[tuple, int] = {}

    def get_instance(self, instance_loader, row):
        """Match an existing unit by credit code, else by name within the region."""
        code = clean_text(row.get("统一社会信用代码"))
        units = scoped(Unit.objects.all(), self.user) if self.user else Unit.objects.all()
        if code:
            return units.filter(credit_code=code).first()
        name = clean_text(row.get("单位名称"))
        try:
            region = self.fields["region"].widget.clean(row.get("所属区划"))
        except ValueError:
            return None
        return units.filter(name=name, region=region).first()

    def before_import_row(self, row, **kwargs):
        key = (
            clean_text(row.get("统一社会信用代码")) or clean_text(row.get("单位名称")),
            clean_text(row.get("所属区划")),
        )
        number = kwargs.get("row_number")
        if key in self._seen:
            raise ValidationError(_("与第%(n)s行重复") % {"n": self._seen[key]})
        self._seen[key] = number

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        if instance.credit_code == "":
            instance.credit_code = None

    def dehydrate_region(self, unit):
        return unit.region.name
