"""Uploaded import files kept between the preview and the confirm step, named by a
random token kept in the user's session (core.imports: VAR_DIR/imports/campaigns/,
mode 0600, deleted after IMPORT_FILE_RETENTION_DAYS)."""

from django.core.files import File

from core.imports import discard_import_file, import_file_path, store_import_file

AREA = "campaigns"


def stage_upload(upload) -> str:
    token, _path = store_import_file(upload, area=AREA)
    return token


def open_staged(token: str):
    return File(import_file_path(AREA, token).open("rb"))


def drop_staged(token: str) -> None:
    try:
        discard_import_file(import_file_path(AREA, token))
    except FileNotFoundError:
        pass
