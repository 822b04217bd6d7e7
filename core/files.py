"""Private uploads: validation on the way in, a permission-checked response on the way out.

Nothing uploaded is reachable under a public URL. Views find the owning object with
`get_scoped_or_404` first, then return `private_file_response(obj.file)`.
"""

import mimetypes
import os
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.utils import timezone
from django.utils.translation import gettext as _

DOCUMENT_EXTENSIONS = {".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".wps", ".jpg", ".jpeg", ".png"}
IMAGE_EXTENSIONS = {".jpg", ".jpeg", ".png"}
_MAGIC = {
    ".pdf": (b"%PDF",),
    ".png": (b"\x89PNG",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
    ".pptx": (b"PK\x03\x04",),
    ".doc": (b"\xd0\xcf\x11\xe0",),
    ".xls": (b"\xd0\xcf\x11\xe0",),
    ".ppt": (b"\xd0\xcf\x11\xe0",),
}


def upload_to(instance, filename: str) -> str:
    """Store under app/model/yyyy/mm/uuid.ext so that names never collide or leak."""
    ext = os.path.splitext(filename)[1].lower()
    meta = instance._meta
    now = timezone.now()
    return f"{meta.app_label}/{meta.model_name}/{now:%Y/%m}/{uuid.uuid4().hex}{ext}"


def validate_upload(file, *, allowed=DOCUMENT_EXTENSIONS, max_mb: int | None = None) -> None:
    """Size, extension and magic-number check, with a Chinese message."""
    max_mb = max_mb or settings.MAX_UPLOAD_MB
    name = getattr(file, "name", "") or ""
    ext = os.path.splitext(name)[1].lower()
    if ext not in allowed:
        raise ValidationError(
            _("不支持的文件类型“%(ext)s”，允许：%(allowed)s")
            % {"ext": ext or _("无扩展名"), "allowed": "、".join(sorted(e.lstrip(".") for e in allowed))},
            code="file_type",
        )
    if file.size > max_mb * 1024 * 1024:
        raise ValidationError(_("文件过大：不能超过 %(mb)d MB") % {"mb": max_mb}, code="file_size")
    if file.size == 0:
        raise ValidationError(_("文件为空"), code="file_empty")
    magic = _MAGIC.get(ext)
    if magic:
        pos = file.tell() if hasattr(file, "tell") else 0
        file.seek(0)
        head = file.read(8)
        file.seek(pos)
        if not any(head.startswith(m) for m in magic):
            raise ValidationError(_("文件内容与扩展名“%(ext)s”不符") % {"ext": ext}, code="file_magic")


def validate_document(file):
    validate_upload(file)


def validate_image(file):
    validate_upload(file, allowed=IMAGE_EXTENSIONS)


def private_file_response(fieldfile, *, download_name: str | None = None) -> FileResponse:
    if not fieldfile:
        raise Http404
    try:
        handle = fieldfile.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    name = download_name or os.path.basename(fieldfile.name)
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    inline = content_type.startswith("image/") or content_type == "application/pdf"
    response = FileResponse(handle, as_attachment=not inline, filename=name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
