"""Uploads are private: the admin's file widget names the current file but never links
to a media URL (none is served)."""

from django.contrib.admin.widgets import AdminFileWidget
from django.core.files.base import ContentFile

from core.models import JobRun


def test_admin_file_widget_names_the_file_without_a_media_link(db, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    job = JobRun(kind="t", label="t")
    job.output.save("结果.xlsx", ContentFile(b"x"), save=False)
    html = AdminFileWidget().render("output", job.output)
    assert settings.MEDIA_URL not in html and "href" not in html
    assert f'<span class="private-file-name">{job.output.name.rsplit("/", 1)[-1]}</span>' in html
    assert "当前文件" in html
