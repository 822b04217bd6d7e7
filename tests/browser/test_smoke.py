"""Smoke walk: staff see the Chinese admin; a liaison sees their portal home."""

import pytest

pytestmark = [pytest.mark.browser]


@pytest.mark.django_db(transaction=True)
def test_staff_sees_chinese_admin_index(world, page, login, shot, live_server):
    login(page, "city_staff")
    assert page.url.endswith("/admin/")
    assert "文明创建管理系统" in page.title()
    body = page.inner_text("body")
    assert "区划与单位" in body and "单位" in body
    shot(page, "staff-admin-index")
    page.goto(f"{live_server.url}/admin/units/unit/")
    assert "梁园区教育局" in page.inner_text("#result_list")
    shot(page, "staff-unit-list")


@pytest.mark.django_db(transaction=True)
def test_liaison_sees_portal_home_on_a_phone(world, browser, login, shot):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = context.new_page()
    login(page, "liaison_a")
    assert page.url.endswith("/portal/")
    body = page.inner_text("body")
    assert "梁园区教育局" in body and "待办" in body and "睢阳区教育局" not in body
    shot(page, "liaison-portal-home-phone")
    context.close()
