"""The .xlsx format used by every django-import-export admin: checked for size and zip
bombs before parsing, formulas refused with a Chinese message (never evaluated), and
exported cells escaped against formula injection."""

import io

import tablib
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export.formats.base_formats import XLSX

from .xlsx import Sheet, build_workbook, check_workbook_file, clean_text


class SafeXLSX(XLSX):
    def create_dataset(self, in_stream):
        import openpyxl
        from openpyxl.utils import get_column_letter

        stream = io.BytesIO(in_stream)
        stream.name = "upload.xlsx"
        check_workbook_file(stream)
        try:
            book = openpyxl.load_workbook(stream, read_only=True, data_only=False)
        except Exception:
            raise ValidationError(_("文件已损坏或不是有效的 Excel 工作簿")) from None
        rows = book.active.iter_rows(values_only=True)
        dataset = tablib.Dataset()
        try:
            dataset.headers = [clean_text(h) for h in next(rows)]
        except StopIteration:
            raise ValidationError(_("工作表为空")) from None
        for number, row in enumerate(rows, start=2):
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in row):
                continue
            for col, value in enumerate(row, start=1):
                if isinstance(value, str) and value.startswith("="):
                    raise ValidationError(
                        _("第%(row)d行 %(cell)s 单元格含有公式，请改为纯文本后再导入")
                        % {"row": number, "cell": f"{get_column_letter(col)}{number}"}
                    )
            dataset.append([clean_text(v) if isinstance(v, str) else v for v in row])
        return dataset

    def export_data(self, dataset, **kwargs):
        # The same writer as every other export: escaped cells, bold frozen header, widths.
        sheet = Sheet(title=dataset.title or "Sheet1", headers=list(dataset.headers), rows=[list(r) for r in dataset])
        return build_workbook([sheet])
