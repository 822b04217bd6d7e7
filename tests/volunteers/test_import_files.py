"""Volunteer roster uploads: kept 0600 until confirmed, a refused one deleted at once
(core.imports; issue #12, finding 8)."""

import pytest
from django.urls import reverse

from tests.core.test_import_files import _files, _mode

from .test_import import _messy_rows, _xlsx


@pytest.fixture(autouse=True)
def _var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path


def test_volunteer_preview_keeps_the_file_0600_until_confirmed(client_for, vworld):
    client = client_for(vworld.w.city_staff)
    client.post(reverse("volunteers:import"), {"kind": "volunteers.volunteers", "file": _xlsx(_messy_rows(vworld))})
    (path,) = _files()
    assert _mode(path) == 0o600


def test_a_refused_volunteer_file_is_not_kept(client_for, vworld, monkeypatch, django_capture_on_commit_callbacks):
    import volunteers.views.staff as staff

    monkeypatch.setattr(staff, "INLINE_IMPORT_BYTES", 1)  # a background job, which stores the file first
    row = [1, "王五", "女", vworld.vol_a.id_number, "13800000000", "群众", "梁园区党员志愿服务队", 0, ""]
    client = client_for(vworld.w.city_staff)
    with django_capture_on_commit_callbacks(execute=True):
        resp = client.post(reverse("volunteers:import"), {"kind": "volunteers.volunteers", "file": _xlsx([row])})
    assert "不能重复导入" in client.get(resp.url).content.decode()
    assert _files() == []


def test_confirming_a_file_that_is_gone_says_so(client_for, vworld):
    client = client_for(vworld.w.city_staff)
    client.post(reverse("volunteers:import"), {"kind": "volunteers.volunteers", "file": _xlsx(_messy_rows(vworld))})
    for path in _files():
        path.unlink()
    resp = client.post(reverse("volunteers:import_confirm"), follow=True)
    assert resp.status_code == 200 and "上传的文件已失效" in resp.content.decode()
