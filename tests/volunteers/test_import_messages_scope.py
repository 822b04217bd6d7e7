"""Messages never name a person outside the user's scope (issue #12, finding 6): import
errors about volunteers registered in another county, the repeat-file notice, and the
public registration refusal."""

import datetime as dt

import pytest
from django.core.cache import cache

from core.imports import ImportRejected
from volunteers.services.imports import records_import, volunteers_import

from .factories import id_number_for
from .test_import import _xlsx
from .test_registration import _post

RECORD_HEADER = ["姓名", "身份证号", "所属组织", "服务时长(小时)", "服务日期"]


def _roster_row(vworld, number, team="睢阳区青年志愿服务队"):
    return [1, "王五", "女", number, "13800000000", "群众", team, 0, ""]


def _errors(exc) -> str:
    return "\n".join(exc.value.errors.lines())


def test_roster_duplicate_registered_in_another_county_is_not_named(vworld):
    # 睢阳区 staff import a roster holding the ID number of a 梁园区 volunteer.
    with pytest.raises(ImportRejected) as exc:
        volunteers_import(file=_xlsx([_roster_row(vworld, vworld.vol_a.id_number)]), user=vworld.w.county_b_staff)
    text = _errors(exc)
    assert "已在其他辖区登记为志愿者，不能重复导入" in text
    assert vworld.vol_a.name not in text and "梁园区" not in text


def test_roster_duplicate_in_the_users_own_region_keeps_the_name(vworld):
    row = _roster_row(vworld, vworld.vol_a.id_number, team="梁园区党员志愿服务队")
    with pytest.raises(ImportRejected) as exc:
        volunteers_import(file=_xlsx([row]), user=vworld.w.county_a_staff)
    assert f"已登记为志愿者（{vworld.vol_a.name}）" in _errors(exc)


def test_records_name_mismatch_for_another_countys_volunteer_does_not_say_the_name(vworld):
    rows = [["错名字", vworld.vol_a.id_number, "睢阳区青年志愿服务队", 2, "2024-06-01"]]
    with pytest.raises(ImportRejected) as exc:
        records_import(file=_xlsx(rows, header=RECORD_HEADER), user=vworld.w.county_b_staff)
    text = _errors(exc)
    assert "姓名：与系统登记的姓名不符" in text and vworld.vol_a.name not in text


def test_records_preview_shows_the_rows_name_for_another_countys_volunteer(vworld):
    rows = [["", vworld.vol_a.id_number, "睢阳区青年志愿服务队", 2, "2024-06-01"]]
    result = records_import(file=_xlsx(rows, header=RECORD_HEADER), user=vworld.w.county_b_staff, dry_run=True)
    assert vworld.vol_a.name not in str(result.as_dict())


def test_records_name_mismatch_in_the_users_region_names_the_registered_name(vworld):
    rows = [["错名字", vworld.vol_a.id_number, "梁园区党员志愿服务队", 2, "2024-06-01"]]
    with pytest.raises(ImportRejected) as exc:
        records_import(file=_xlsx(rows, header=RECORD_HEADER), user=vworld.w.county_a_staff)
    assert f"与系统登记的姓名“{vworld.vol_a.name}”不符" in _errors(exc)


def test_repeat_file_notice_names_the_importer_only_within_the_users_region(vworld):
    row = [1, "王五", "女", id_number_for("411402", dt.date(1990, 3, 3), "女"), "13800000000", "群众"]
    row += ["梁园区党员志愿服务队", 0, ""]
    f = _xlsx([row])
    volunteers_import(file=f, user=vworld.w.county_a_staff)
    with pytest.raises(ImportRejected) as exc:
        volunteers_import(file=f, user=vworld.w.county_b_staff)
    first = exc.value.errors.lines()[0]
    assert "由其他工作人员成功导入" in first and "county_a_staff" not in first
    with pytest.raises(ImportRejected) as exc:
        volunteers_import(file=f, user=vworld.w.city_staff)  # the city covers 梁园区
    assert "由county_a_staff成功导入" in exc.value.errors.lines()[0]


def test_public_registration_refusal_for_a_registered_id_does_not_say_who(client, vworld):
    cache.clear()
    resp = _post(
        client,
        vworld,
        id_number=vworld.vol_a.id_number,
        sex=vworld.vol_a.sex,
        birth_date=vworld.vol_a.birth_date.isoformat(),
    )
    page = resp.content.decode()
    assert "该身份证号已注册" in page
    for secret in (vworld.vol_a.name, vworld.vol_a.phone):
        assert secret not in page
    # The flood limit still holds for the same address.
    for _ in range(20):
        _post(client, vworld, id_number="bad")
    assert "提交次数过多" in _post(client, vworld).content.decode()
