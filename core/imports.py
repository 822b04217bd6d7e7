"""Row-by-row error reports for imports: validate every row first, then write all or
nothing. Messages read "第12行 身份证号：校验位错误". And where uploaded import files
wait, and for how long (below)."""

import os
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export.tmp_storages import TempFolderStorage


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


# Uploaded import files -----------------------------------------------------------------
# An upload waits on disk between the preview and the confirm step (and a large one for
# its background job). Every such file lives under VAR_DIR/imports/<area>/ with mode 0600,
# named by a random token; a refused file is deleted at once, a kept one after
# IMPORT_FILE_RETENTION_DAYS by `purge_import_files` (core.tasks, scheduled in
# core/schedules.py).

FILE_MODE = 0o600
DIR_MODE = 0o700


def import_dir(area: str = "") -> Path:
    return Path(settings.VAR_DIR) / "imports" / area if area else Path(settings.VAR_DIR) / "imports"


def import_file_path(area: str, token: str) -> Path:
    """The stored file of `token` (a hex token kept server-side; anything else is refused)."""
    if not token or not token.isalnum():
        raise FileNotFoundError(token)
    return import_dir(area) / f"{token}.xlsx"


def store_import_file(content, *, area: str) -> tuple[str, Path]:
    """Write an upload (a Django file or bytes) as a new 0600 file; returns (token, path)."""
    folder = import_dir(area)
    folder.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    token = uuid.uuid4().hex
    path = import_file_path(area, token)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    with os.fdopen(fd, "wb") as out:
        if isinstance(content, bytes):
            out.write(content)
        else:
            content.seek(0)
            for chunk in content.chunks():
                out.write(chunk)
    os.chmod(path, FILE_MODE)  # whatever the umask
    return token, path


def discard_import_file(path) -> None:
    """Delete a stored import file (refused, or done with); only under VAR_DIR/imports."""
    path = Path(path)
    if path.resolve().is_relative_to(import_dir().resolve()):
        path.unlink(missing_ok=True)


def purge_import_files(*, days: int | None = None) -> int:
    """Delete stored import files older than `days` (IMPORT_FILE_RETENTION_DAYS); returns
    how many went."""
    days = settings.IMPORT_FILE_RETENTION_DAYS if days is None else days
    cutoff = time.time() - days * 86400
    removed = 0
    for path in import_dir().rglob("*"):
        if path.is_file() and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


class ImportTempStorage(TempFolderStorage):
    """django-import-export's file between preview and confirm (IMPORT_EXPORT_TMP_STORAGE_CLASS):
    under VAR_DIR/imports/admin/ with mode 0600, and only a name this class gave out
    is read (the name comes back through a form field)."""

    AREA = "admin"

    def save(self, data):
        self.name, _path = store_import_file(data if isinstance(data, bytes) else data.encode(), area=self.AREA)

    def get_full_path(self):
        return str(import_file_path(self.AREA, self.name or ""))

    def remove(self):
        discard_import_file(self.get_full_path())
