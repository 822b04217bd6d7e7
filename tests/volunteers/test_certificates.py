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


def test_certificate_covers_only_the_issuing_teams_records(vworld):
    """谁记录谁证明: hours recorded by another team are not certified by the volunteer's team,
    and that other team can certify its own records."""
    from volunteers.services.certificates import certificate_issuers

    from .factories import EventFactory

    v = _with_hours(vworld)  # 3.5 h recorded by team_a
    other_event = EventFactory(team=vworld.team_b, title="睢阳区义诊")
    SignUp.objects.create(event=other_event, volunteer=v)
    service_hours_confirm(event=other_event, hours={v.pk: "2"}, by=vworld.leader_b)
    v.refresh_from_db()
    assert set(certificate_issuers(v)) == {vworld.team_a, vworld.team_b}

    own = certificate_issue(volunteer=v, by=vworld.vol_user)
    assert own.issuer == vworld.team_a
    assert own.snapshot["total_hours"] == "3.5" and own.snapshot["record_count"] == 1
    assert own.snapshot["time_bank_hours"] == "5.5"
    assert [r["title"] for r in own.snapshot["records"]] == [vworld.event_a.title]

    theirs = certificate_issue(volunteer=v, by=vworld.vol_user, issuer=vworld.team_b)
    assert theirs.snapshot["total_hours"] == "2.0" and theirs.snapshot["team"] == vworld.team_b.name


def test_team_without_records_cannot_certify(vworld):
    from django.core.exceptions import ValidationError

    from .factories import TeamFactory

    stranger = TeamFactory(name="无关队伍", region=vworld.r.county_a)
    with pytest.raises(ValidationError):
        certificate_issue(volunteer=vworld.vol_a, by=vworld.vol_user, issuer=stranger)
    assert not Certificate.objects.exists()


def test_volunteer_chooses_the_issuing_team_on_the_page(client_for, vworld):
    from .factories import EventFactory

    v = _with_hours(vworld)
    other_event = EventFactory(team=vworld.team_b)
    SignUp.objects.create(event=other_event, volunteer=v)
    service_hours_confirm(event=other_event, hours={v.pk: "2"}, by=vworld.leader_b)
    client = client_for(vworld.vol_user)
    assert vworld.team_b.name in client.get(reverse("volunteers:me")).content.decode()
    client.post(reverse("volunteers:certificate_new"), {"format": "pdf", "issuer": vworld.team_b.pk})
    assert Certificate.objects.get(volunteer=v).issuer == vworld.team_b
