"""Uploaded import files kept between the preview and the confirm step (private
storage, named by a random token kept in the user's session)."""

import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

PREFIX = "campaigns/imports/"


def stage_upload(upload) -> str:
    token = uuid.uuid4().hex
    default_storage.save(f"{PREFIX}{token}.xlsx", ContentFile(upload.read()))
    return token


def open_staged(token: str):
    if not token or not token.isalnum():
        raise FileNotFoundError(token)
    return default_storage.open(f"{PREFIX}{token}.xlsx", "rb")


def drop_staged(token: str) -> None:
    if token and token.isalnum():
        default_storage.delete(f"{PREFIX}{token}.xlsx")
