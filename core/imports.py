"""Row-by-row error reports for imports: validate every row first, then write all or
nothing. Messages read "第12行 身份证号：校验位错误"."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


@dataclass
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("第%(row)d行 %(column)s：%(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


@dataclass
class RowErrors:
    errors: list[RowError] = field(default_factory=list)

    def add(self, row: int, column: str, message) -> None:
        if isinstance(message, ValidationError):
            message = "；".join(message.messages)
        self.errors.append(RowError(row, column, str(message)))

    def __bool__(self) -> bool:
        return bool(self.errors)

    def __len__(self) -> int:
        return len(self.errors)

    def lines(self, limit: int | None = None) -> list[str]:
        return [str(e) for e in self.errors[:limit]]


class ImportRejected(Exception):
    """Raised by an import service when any row is bad: nothing was written."""

    def __init__(self, errors: RowErrors):
        super().__init__(_("导入未执行：共有%(n)d处错误") % {"n": len(errors)})
        self.errors = errors
