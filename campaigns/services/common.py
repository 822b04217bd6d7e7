import hashlib

from core.models import ImportLog
from core.xlsx import clean_text

SEPARATORS = "、，,;；/\n"


def plain_text(value) -> str:
    """Cell to text for prose (indicator text, notes): trimmed, whitespace runs collapsed,
    Chinese full-width punctuation kept (core.xlsx.clean_text folds it to ASCII)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def error_text(message) -> str:
    from django.core.exceptions import ValidationError

    return "；".join(message.messages) if isinstance(message, ValidationError) else str(message)


def split_names(value) -> list[str]:
    text = "" if value is None else str(value)
    for sep in SEPARATORS:
        text = text.replace(sep, "\n")
    return [clean_text(part) for part in text.split("\n") if clean_text(part)]


def file_sha256(file) -> str:
    file.seek(0)
    digest = hashlib.sha256()
    for chunk in iter(lambda: file.read(65536), b""):
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


def log_import(*, kind, file, name, rows, created=0, updated=0, ok, errors=None, by) -> ImportLog:
    return ImportLog.objects.create(
        kind=kind,
        file_name=(name or "")[:255],
        sha256=file_sha256(file),
        rows=rows,
        created=created,
        updated=updated,
        ok=ok,
        errors=(errors.lines(500) if errors else []),
        user=by if getattr(by, "is_authenticated", False) else None,
    )
