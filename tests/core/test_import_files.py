"""Uploaded import files (issue #12, finding 8): stored under VAR_DIR/imports/ with mode
0600, refused ones deleted at once, kept ones deleted after IMPORT_FILE_RETENTION_DAYS by
the daily job in core/schedules.py."""

import datetime as dt
import os
import stat

import pytest
import time_machine
from django.urls import reverse

from campaigns.services.staging import drop_staged, open_staged, stage_upload
from core.imports import ImportTempStorage, import_dir, store_import_file
from core.schedules import SCHEDULES
from core.tasks import purge_old_import_files
from tests.units.test_unit_import_export import GOOD, import_dry_run, xlsx

NOW = dt.datetime(2026, 6, 30, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path


def _files():
    return sorted(p for p in import_dir().rglob("*") if p.is_file())


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_stored_upload_is_readable_by_the_owner_only(tmp_path):
    old_umask = os.umask(0)  # even with a permissive umask
    try:
        _token, path = store_import_file(b"PK\x03\x04", area="volunteers")
    finally:
        os.umask(old_umask)
    assert path.parent == tmp_path / "imports" / "volunteers"
    assert _mode(path) == 0o600 and path.read_bytes() == b"PK\x03\x04"


@pytest.mark.django_db
def test_unit_import_preview_file_is_0600_under_var_imports_and_gone_after_confirm(world, client_for):
    client = client_for(world.county_a_staff)
    preview = import_dry_run(client, xlsx(GOOD))
    (path,) = _files()
    assert path.parent == import_dir("admin") and _mode(path) == 0o600
    client.post(reverse("admin:units_unit_process_import"), preview.context["confirm_form"].initial, follow=True)
    assert _files() == []


def test_import_export_storage_reads_only_names_it_gave_out():
    storage = ImportTempStorage(name="../../etc/passwd", read_mode="rb")
    with pytest.raises(FileNotFoundError):
        storage.read()


def test_campaign_staging_is_0600_and_refuses_foreign_tokens(tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    token = stage_upload(SimpleUploadedFile("框架.xlsx", b"PK\x03\x04 data"))
    (path,) = _files()
    assert path.parent == tmp_path / "imports" / "campaigns" and _mode(path) == 0o600
    with open_staged(token) as staged:
        staged.name = "框架.xlsx"  # the admin flow names the staged file
        assert staged.read() == b"PK\x03\x04 data"
    with pytest.raises(FileNotFoundError):
        open_staged("../" + token)
    drop_staged(token)
    assert _files() == []


def _aged(days: float):
    _token, path = store_import_file(b"x", area="volunteers")
    when = (NOW - dt.timedelta(days=days)).timestamp()
    os.utime(path, (when, when))
    return path


@time_machine.travel(NOW, tick=False)
def test_the_daily_job_deletes_exactly_the_files_older_than_the_retention(settings):
    settings.IMPORT_FILE_RETENTION_DAYS = 30
    old = [_aged(31), _aged(400)]
    kept = [_aged(29), _aged(0)]
    _token, admin_old = store_import_file(b"x", area="admin")
    os.utime(admin_old, ((NOW - dt.timedelta(days=45)).timestamp(),) * 2)
    assert purge_old_import_files() == {"removed": 3}
    assert _files() == sorted(kept)
    assert not any(p.exists() for p in [*old, admin_old])


@time_machine.travel(NOW, tick=False)
def test_the_retention_is_configurable(settings):
    settings.IMPORT_FILE_RETENTION_DAYS = 7
    week_old, fresh = _aged(8), _aged(6)
    purge_old_import_files()
    assert not week_old.exists() and fresh.exists()


def test_the_purge_is_a_scheduled_job():
    from civcreate.celery import app

    entry = next(s for s in SCHEDULES if s["task"] == "core.tasks.purge_old_import_files")
    assert entry["crontab"]["hour"] == "3"
    assert "core.tasks.purge_old_import_files" in app.tasks


@pytest.mark.django_db
def test_unit_import_with_bad_rows_keeps_no_copy_of_the_file(world, client_for):
    client = client_for(world.county_a_staff)
    bad = [["", "", "不存在的类型", "", "睢阳区", "", "", ""]]
    preview = import_dry_run(client, xlsx(GOOD + bad))
    assert preview.status_code == 200 and "confirm_form" not in preview.context
    assert _files() == []


@pytest.mark.django_db
def test_framework_import_with_bad_rows_stages_nothing(world, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.campaigns.factories import FrameworkFactory
    from tests.campaigns.workbooks import framework_rows, xlsx_bytes

    framework = FrameworkFactory(campaign__region=world.regions.city)
    client = client_for(world.city_staff)
    upload = SimpleUploadedFile("测评体系.xlsx", xlsx_bytes(framework_rows(bad=True), title="测评体系"))
    url = reverse("admin:campaigns_indicatorframework_import", args=[framework.pk])
    response = client.post(url, {"file": upload})
    assert response.status_code == 200 and "导入不会执行" in response.content.decode()
    assert _files() == []
