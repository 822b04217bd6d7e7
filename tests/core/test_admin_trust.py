"""Issue #12 "Admin trust": history pages, revert, inline choices, self-promotion,
masking in history and lists, audit-log scoping and who owns deployment settings."""

import datetime as dt
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from core.models import CalendarOverride, ImportLog, PersonalDataLog, StateLog
from core.roles import Role
from core.scoping import is_top_office, top_region_code
from core.workflow import run_transition
from exemplars.models import NominationStatus
from notices.models import ReminderPolicy
from tests.exemplars.factories import CampaignFactory, NominationFactory, RoundFactory
from tests.volunteers.factories import TeamFactory, VolunteerFactory
from titles.models import TitleCategory
from units.models import Profile
from units.services.accounts import account_grant_check
from volunteers.models import ServiceRecord, ServiceRequest


class _FormFields(HTMLParser):
    """The values a browser would submit for the page's main form (inputs, selects, textareas)."""

    def __init__(self):
        super().__init__()
        self.data, self._select, self._textarea = {}, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in {"submit", "button", "file"}:
            if a.get("type") in {"checkbox", "radio"}:
                if "checked" in a:
                    self.data.setdefault(name, []).append(a.get("value", "on"))
            else:
                self.data[name] = [a.get("value", "")]
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in a:
            self.data[self._select].append(a.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = [""]

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] = [self.data[self._textarea][0] + data]

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def form_data(response) -> dict:
    parser = _FormFields()
    parser.feed(response.content.decode())
    parser.data.pop("csrfmiddlewaretoken", None)
    return {k: v for k, v in parser.data.items() if not k.startswith("_")}


@pytest.fixture
def vols(world):
    r = world.regions
    team_a = TeamFactory(name="梁园区党员志愿服务队", region=r.county_a)
    team_b = TeamFactory(name="睢阳区青年志愿服务队", region=r.county_b)
    vol_a = VolunteerFactory(team=team_a, name="张晓红", phone="13912345678")
    vol_a.phone = "13800001111"
    vol_a.save()  # a second history row: the diff shows the phone change
    vol_b = VolunteerFactory(team=team_b, name="李明")
    return team_a, team_b, vol_a, vol_b


def history_url(obj, hid=None):
    prefix = f"admin:{obj._meta.app_label}_{obj._meta.model_name}"
    if hid is None:
        return reverse(f"{prefix}_history", args=[obj.pk])
    return reverse(f"{prefix}_simple_history", args=[obj.pk, hid])


# --- finding 1: history pages scoped, revert off for workflows -------------------------


def test_history_pages_of_another_county_are_404_read_and_write(world, vols, client_for):
    _, _, vol_a, _ = vols
    c = client_for(world.county_b_staff)
    hid = vol_a.history.earliest().history_id
    assert c.get(history_url(vol_a)).status_code == 404
    assert c.get(history_url(vol_a, hid)).status_code == 404
    r = c.post(history_url(vol_a, hid), {"name": "改名", "region": world.regions.county_b.pk})
    assert r.status_code == 404
    vol_a.refresh_from_db()
    assert (vol_a.name, vol_a.region_id) == ("张晓红", world.regions.county_a.pk)


def test_history_of_a_deleted_object_is_not_shown_from_historical_rows(world, vols, client_for):
    team_a = vols[0]
    pk, hid = team_a.pk, team_a.history.earliest().history_id
    team_a.volunteers.all().delete()
    team_a.delete()
    c = client_for(world.county_a_staff)
    assert c.get(reverse("admin:volunteers_team_history", args=[pk])).status_code == 404
    assert c.get(reverse("admin:volunteers_team_simple_history", args=[pk, hid])).status_code == 404


def test_revert_is_off_for_a_workflow_model(world, vols, client_for):
    _, _, vol_a, _ = vols
    c = client_for(world.county_a_staff)
    hid = vol_a.history.earliest().history_id
    page = c.get(history_url(vol_a, hid))
    assert page.status_code == 200
    assert page.context["revert_disabled"] is True
    data = form_data(page)
    data["name"] = "改名"
    assert c.post(history_url(vol_a, hid), data).status_code == 403
    vol_a.refresh_from_db()
    assert vol_a.name == "张晓红"


def test_revert_of_a_commended_nomination_is_refused_and_state_kept(world, client_for):
    campaign = CampaignFactory(name="第八届商丘市道德模范评选", region=world.regions.city)
    nom = NominationFactory(round=RoundFactory(campaign=campaign), region=world.regions.county_a)
    hid = nom.history.earliest().history_id
    type(nom).objects.filter(pk=nom.pk).update(status=NominationStatus.COMMENDED)
    c = client_for(world.city_staff)
    page = c.get(history_url(nom, hid))
    assert page.status_code == 200
    r = c.post(history_url(nom, hid), {**form_data(page), "status": NominationStatus.SUBMITTED})
    assert r.status_code == 403
    nom.refresh_from_db()
    assert nom.status == NominationStatus.COMMENDED


def test_revert_where_allowed_uses_scoped_choices(world, vols, client_for):
    team_b = vols[1]
    c = client_for(world.county_b_staff)
    hid = team_b.history.earliest().history_id
    page = c.get(history_url(team_b, hid))
    assert page.context["revert_disabled"] is False
    assert world.regions.county_a not in page.context["adminform"].form.fields["region"].queryset
    data = {**form_data(page), "region": str(world.regions.county_a.pk)}
    r = c.post(history_url(team_b, hid), data)
    assert r.status_code == 200 and r.context["adminform"].form.errors
    team_b.refresh_from_db()
    assert team_b.region == world.regions.county_b


def test_official_may_read_history_but_not_revert(world, vols, client_for):
    team_a = vols[0]
    world.official.is_staff = True  # an official with admin access still holds view_* only
    world.official.save()
    c = client_for(world.official)
    hid = team_a.history.earliest().history_id
    assert c.get(history_url(team_a)).status_code == 200
    assert c.post(history_url(team_a, hid), {"name": "改名"}).status_code == 403


def test_history_of_a_model_without_history_is_no_500(world, vols, client_for):
    team_a, _, vol_a, _ = vols
    record = ServiceRecord.objects.create(volunteer=vol_a, team=team_a, service_date=dt.date(2025, 5, 1), hours=2)
    c = client_for(world.county_a_staff)
    assert c.get(reverse("admin:volunteers_servicerecord_history", args=[record.pk])).status_code == 200
    assert (
        client_for(world.county_b_staff)
        .get(reverse("admin:volunteers_servicerecord_history", args=[record.pk]))
        .status_code
        == 404
    )


def test_action_naming_an_object_out_of_scope_is_404(world, vols, client_for):
    _, _, vol_a, _ = vols
    c = client_for(world.county_b_staff)
    r = c.post(reverse("admin:volunteers_volunteer_changelist"), {"action": "approve", "_selected_action": [vol_a.pk]})
    assert r.status_code == 404


# --- finding 2: inline choices and self-promotion ------------------------------------


def _own_user_page(c, user):
    return c.get(reverse("admin:auth_user_change", args=[user.pk]))


def test_profile_inline_offers_only_regions_of_the_own_subtree(world, client_for):
    c = client_for(world.county_a_staff)
    page = _own_user_page(c, world.county_a_staff)
    formset = page.context["inline_admin_formsets"][0].formset
    regions = formset.forms[0].fields["region"].queryset
    assert world.regions.county_a in regions and world.regions.town_a in regions
    assert world.regions.province not in regions and world.regions.county_b not in regions


def test_county_staff_cannot_widen_own_region_by_a_crafted_post(world, client_for):
    c = client_for(world.county_a_staff)
    data = form_data(_own_user_page(c, world.county_a_staff))
    assert data["profile-0-region"] == [str(world.regions.county_a.pk)]
    data["profile-0-region"] = [str(world.regions.province.pk)]
    r = c.post(reverse("admin:auth_user_change", args=[world.county_a_staff.pk]), data)
    assert r.status_code == 200
    assert Profile.objects.get(user=world.county_a_staff).region == world.regions.county_a


def test_county_staff_cannot_grant_roles_they_do_not_hold(world, client_for):
    c = client_for(world.county_a_staff)
    data = form_data(_own_user_page(c, world.county_a_staff))
    url = reverse("admin:auth_user_change", args=[world.county_a_staff.pk])
    for role in (Role.OFFICIAL, Role.PERSONAL_DATA):
        r = c.post(url, {**data, "groups": data.get("groups", []) + [str(Group.objects.get(name=role).pk)]})
        assert r.status_code == 200
        assert set(world.county_a_staff.groups.values_list("name", flat=True)) == {Role.STAFF}


def test_saving_an_account_keeps_roles_the_editor_cannot_give(world, client_for):
    target = world.county_a_staff
    target.groups.add(Group.objects.get(name=Role.PERSONAL_DATA))
    c = client_for(world.city_staff)
    data = form_data(c.get(reverse("admin:auth_user_change", args=[target.pk])))
    r = c.post(reverse("admin:auth_user_change", args=[target.pk]), data)
    assert r.status_code == 302
    assert set(target.groups.values_list("name", flat=True)) == {Role.STAFF, Role.PERSONAL_DATA}


def test_account_grant_check_refuses_regions_and_roles_beyond_the_editor(world):
    with pytest.raises(ValidationError, match="管辖范围以外"):
        account_grant_check(by=world.county_a_staff, region=world.regions.province)
    with pytest.raises(ValidationError, match="不能授予本人没有的角色"):
        account_grant_check(by=world.county_a_staff, added_roles={Role.OFFICIAL})
    account_grant_check(by=world.county_a_staff, region=world.regions.town_a, added_roles={Role.STAFF})


def test_staff_cannot_edit_a_superuser_account(world, client_for):
    from tests.factories import make_user

    boss = make_user("boss", region=world.regions.county_a, is_staff=True)
    boss.is_superuser = True
    boss.save()
    c = client_for(world.county_a_staff)
    data = form_data(c.get(reverse("admin:auth_user_change", args=[boss.pk])))
    data["is_active"] = []
    c.post(reverse("admin:auth_user_change", args=[boss.pk]), data)
    boss.refresh_from_db()
    assert boss.is_active


# --- findings 3, 7, 8: personal data in history, lists and change pages ---------------------


def test_history_diff_masks_phone_without_reveal_permission(world, vols, client_for):
    vol_a = vols[2]
    body = client_for(world.county_a_staff).get(history_url(vol_a)).content.decode()
    assert "13912345678" not in body and "13800001111" not in body
    assert "139****5678" in body
    assert not PersonalDataLog.objects.exists()


def test_history_in_clear_is_logged(world, vols, client_for):
    vol_a = vols[2]
    body = client_for(world.revealer).get(history_url(vol_a)).content.decode()
    assert "13800001111" in body
    log = PersonalDataLog.objects.get()
    assert (log.user, log.action) == (world.revealer, "reveal")


def test_nomination_list_in_clear_writes_one_log_row_per_page(world, client_for):
    campaign = CampaignFactory(name="第八届商丘市道德模范评选", region=world.regions.city)
    rnd = RoundFactory(campaign=campaign)
    for n in range(3):
        NominationFactory(round=rnd, region=world.regions.county_a, id_number=f"41140219900517{n:03d}X")
    client_for(world.revealer).get(reverse("admin:exemplars_nomination_changelist"))
    log = PersonalDataLog.objects.get()
    assert (log.user, log.count) == (world.revealer, 3)


def test_requester_and_profile_phones_masked_without_reveal(world, client_for):
    req = ServiceRequest.objects.create(
        title="助老",
        description="陪同就医",
        category="关爱服务",
        requester="王阿姨",
        contact_phone="13712345678",
        region=world.regions.county_a,
    )
    Profile.objects.filter(user=world.county_a_staff).update(phone="13612345678")
    c = client_for(world.county_a_staff)
    body = c.get(reverse("admin:volunteers_servicerequest_change", args=[req.pk])).content.decode()
    assert "13712345678" not in body and "137****5678" in body
    body = c.get(reverse("admin:auth_user_change", args=[world.county_a_staff.pk])).content.decode()
    assert "13612345678" not in body and "136****5678" in body


# --- finding 4: audit logs scoped ------------------------------------------------------------


def test_audit_logs_are_limited_to_the_region_subtree(world, vols, client_for):
    vol_a = vols[2]
    vol_a.status = vol_a.Status.PENDING
    vol_a.save()
    run_transition(vol_a, "approve", by=world.county_a_staff)
    PersonalDataLog.objects.create(user=world.city_staff, action="export", target="全市志愿者")
    PersonalDataLog.objects.create(user=world.county_a_staff, action="reveal", target="志愿者")
    ImportLog.objects.create(
        kind="volunteers.volunteers", file_name="梁园区.xlsx", sha256="0" * 64, user=world.county_a_staff
    )
    b = client_for(world.county_b_staff)  # (one test client: each client_for logs it in anew)
    assert b.get(reverse("admin:core_importlog_changelist") + "?all=").context["cl"].result_count == 0
    assert b.get(reverse("admin:core_statelog_changelist") + "?all=").context["cl"].result_count == 0
    assert b.get(reverse("admin:core_personaldatalog_changelist") + "?all=").context["cl"].result_count == 0
    log = StateLog.objects.get()
    assert b.get(reverse("admin:core_statelog_change", args=[log.pk])).status_code in (302, 404)
    a = client_for(world.county_a_staff)
    assert a.get(reverse("admin:core_personaldatalog_changelist")).context["cl"].result_count == 1
    city = client_for(world.city_staff)
    assert city.get(reverse("admin:core_importlog_changelist")).context["cl"].result_count == 1
    assert city.get(reverse("admin:core_personaldatalog_changelist")).context["cl"].result_count == 2
    assert city.get(reverse("admin:core_statelog_changelist")).context["cl"].result_count == 1


# --- finding 5: deployment-wide settings belong to the top-level office ---------------------------


def test_top_office_is_the_staff_region_with_the_shortest_code(world):
    assert top_region_code() == world.regions.city.code
    assert is_top_office(world.city_staff)
    assert not is_top_office(world.county_a_staff)


@pytest.fixture
def settings_rows(db):
    every = IntervalSchedule.objects.create(every=1, period=IntervalSchedule.DAYS)
    task = PeriodicTask.objects.create(name="测试：每日扫描", task="notices.tasks.scan", interval=every)
    return task, ReminderPolicy.objects.create(), TitleCategory.objects.get_or_create(name="文明单位")[0]


def test_county_staff_cannot_change_deployment_settings(world, settings_rows, client_for):
    task, policy, category = settings_rows
    c = client_for(world.county_b_staff)
    r = c.post(
        reverse("admin:django_celery_beat_periodictask_changelist"),
        {"action": "disable_tasks", "_selected_action": [task.pk]},
    )
    assert r.status_code in (403, 404) or r.status_code == 302
    task.refresh_from_db()
    assert task.enabled
    assert c.get(reverse("admin:django_celery_beat_periodictask_change", args=[task.pk])).status_code in (302, 403)
    assert (
        c.post(reverse("admin:core_calendaroverride_add"), {"date": "2026-12-05", "is_workday": "on"}).status_code
        == 403
    )
    assert not CalendarOverride.objects.exists()
    assert (
        c.post(reverse("admin:notices_reminderpolicy_change", args=[policy.pk]), {"upcoming_days": "1"}).status_code
        == 403
    )
    hid = category.history.earliest().history_id
    r = c.post(reverse("admin:titles_titlecategory_simple_history", args=[category.pk, hid]), {"name": "改名"})
    assert r.status_code == 403
    category.refresh_from_db()
    assert category.name == "文明单位"


def test_login_attempt_logs_are_hidden_below_the_top_office(world, client_for):
    assert client_for(world.county_a_staff).get(reverse("admin:axes_accessattempt_changelist")).status_code == 403


def test_top_office_edits_deployment_settings(world, settings_rows, client_for):
    c = client_for(world.city_staff)
    assert c.get(reverse("admin:core_calendaroverride_add")).status_code == 200
    r = c.post(reverse("admin:core_calendaroverride_add"), {"date": "2026-12-05", "is_workday": "on"})
    assert r.status_code == 302 and CalendarOverride.objects.count() == 1


def test_autocomplete_offers_only_scoped_choices(world, vols, client_for):
    c = client_for(world.county_b_staff)
    r = c.get(
        reverse("admin:autocomplete"),
        {"app_label": "volunteers", "model_name": "volunteer", "field_name": "team", "term": "志愿服务队"},
    )
    assert [row["text"] for row in r.json()["results"]] == ["睢阳区青年志愿服务队"]


def test_custom_admin_page_with_a_bad_year_is_no_500(world, client_for):
    c = client_for(world.county_a_staff)
    r = c.get(reverse("admin:exemplars_hardship_stats"), {"year": "abc", "half": "9"})
    assert r.status_code == 200


def test_admin_login_page_works_for_anonymous(client, db):
    assert client.get(reverse("admin:login")).status_code == 200
