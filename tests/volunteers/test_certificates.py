"""Journey 3: the volunteer's page, the certificate in Word and PDF (text parsed back),
and the public verification page."""

import io
import os
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.urls import reverse

from volunteers.models import Certificate, SignUp
from volunteers.services import certificate_issue, service_hours_confirm


def _with_hours(vworld):
    SignUp.objects.create(event=vworld.event_a, volunteer=vworld.vol_a)
    service_hours_confirm(event=vworld.event_a, hours={vworld.vol_a.pk: "3.5"}, by=vworld.leader_a)
    vworld.vol_a.refresh_from_db()
    return vworld.vol_a


def test_volunteer_page_shows_time_bank_and_star(client_for, vworld):
    _with_hours(vworld)
    resp = client_for(vworld.vol_user).get(reverse("volunteers:me"))
    text = resp.content.decode()
    assert resp.status_code == 200
    assert "3.5" in text and vworld.event_a.title in text and "距1星还差" in text
    assert vworld.vol_a.id_number not in text  # masked


def test_docx_certificate_has_masked_id_hours_events_and_number(client_for, vworld):
    from docx import Document

    v = _with_hours(vworld)
    client = client_for(vworld.vol_user)
    resp = client.post(reverse("volunteers:certificate_new"), {"format": "docx"})
    cert = Certificate.objects.get(volunteer=v)
    assert resp.url == reverse("volunteers:certificate_file", args=[cert.pk, "docx"])
    body = client.get(resp.url).content
    doc = Document(io.BytesIO(body))
    text = "\n".join(p.text for p in doc.paragraphs) + "\n".join(
        c.text for t in doc.tables for r in t.rows for c in r.cells
    )
    assert "志愿服务记录证明" in text and cert.number in text
    assert v.id_number[:6] + "********" + v.id_number[-4:] in text and v.id_number not in text
    assert "3.5 小时" in text and vworld.event_a.title in text and vworld.team_a.name in text


@pytest.mark.skipif(
    not shutil.which("pdftotext") and not os.environ.get("CI"),
    reason="未安装 pdftotext：apt-get install poppler-utils（CI 中必须安装）",
)
def test_pdf_certificate_text(client_for, vworld):
    v = _with_hours(vworld)
    cert = certificate_issue(volunteer=v, by=vworld.vol_user)
    body = client_for(vworld.vol_user).get(reverse("volunteers:certificate_file", args=[cert.pk, "pdf"])).content
    assert body.startswith(b"%PDF")
    text = subprocess.run(["pdftotext", "-", "-"], input=body, capture_output=True, check=True).stdout.decode()
    text = text.replace(" ", "")
    assert cert.number in text and "3.5" in text and "志愿服务记录证明" in text


def test_certificate_of_another_volunteer_is_404(client_for, vworld):
    cert = certificate_issue(volunteer=vworld.vol_b, by=vworld.leader_b)
    resp = client_for(vworld.vol_user).get(reverse("volunteers:certificate_file", args=[cert.pk, "pdf"]))
    assert resp.status_code == 404


def test_public_verification_by_number(client, vworld):
    v = _with_hours(vworld)
    cert = certificate_issue(volunteer=v, by=vworld.vol_user)
    resp = client.get(reverse("volunteers_public:verify"), {"number": cert.number.lower()})
    text = resp.content.decode()
    assert "证明真实有效" in text and "3.5" in text and v.id_number not in text
    assert "未查到" in client.get(reverse("volunteers_public:verify"), {"number": "ZYFW0000"}).content.decode()


def test_snapshot_does_not_change_with_later_hours(vworld):
    v = _with_hours(vworld)
    cert = certificate_issue(volunteer=v, by=vworld.vol_user)
    service_hours_confirm(event=vworld.event_a, hours={v.pk: "5"}, by=vworld.leader_a)
    cert.refresh_from_db()
    assert Decimal(cert.snapshot["total_hours"]) == Decimal("3.5")
