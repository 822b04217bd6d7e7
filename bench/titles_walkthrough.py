"""Walk journeys 1–5 of the titles app in Chromium against a dev server with demo data.

VAR_DIR=/tmp/civ-titles .venv/bin/python manage.py runserver 127.0.0.1:8103 --noreload &
.venv/bin/python bench/titles_walkthrough.py http://127.0.0.1:8103 /tmp/shots-titles
"""

import re
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8103"
OUT = Path(sys.argv[2] if len(sys.argv) > 2 else "/tmp/shots-titles")
OUT.mkdir(parents=True, exist_ok=True)
PASSWORD = "Demo@2025civ"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def login(browser, username, **ctx):
    context = browser.new_context(**ctx)
    page = context.new_page()
    page.goto(f"{BASE}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit], input[type=submit]")
    page.wait_for_load_state()
    return context, page


def shot(page, name):
    page.screenshot(path=str(OUT / f"{name}.png"), full_page=True)
    print("shot", name, page.url)


def liaison(browser):
    context, page = login(browser, "liaison_a", viewport={"width": 390, "height": 844}, is_mobile=True)
    page.goto(f"{BASE}/portal/")
    shot(page, "j1_01_portal_home_todos")
    page.goto(f"{BASE}/portal/titles/")
    shot(page, "j1_02_titles_home")
    page.click("text=市级文明单位")
    page.wait_for_load_state()
    assert "退回原因" in page.content()
    shot(page, "j1_03_returned_application")
    page.fill("textarea[name^=desc_]:not([disabled]) >> nth=2", "已补充注册志愿者名单（312人）及全年服务时长统计表。")
    page.set_input_files(
        "input[name=file]", {"name": "志愿者名单.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%%EOF\n"}
    )
    page.fill("input[name=name]", "注册志愿者名单")
    page.click("text=上传附件")
    page.wait_for_load_state()
    page.fill("textarea[name^=desc_] >> nth=2", "已补充注册志愿者名单（312人）及全年服务时长统计表。")
    page.click("button[name=submit]")
    page.wait_for_load_state()
    assert "已提交（第2版）" in page.content(), page.content()[:2000]
    shot(page, "j1_04_resubmitted")
    # bad file type is refused in Chinese
    page.goto(f"{BASE}/portal/titles/")
    forms = page.locator("form[action*='/materials/']")
    forms.first.locator("input[type=file]").set_input_files(
        {"name": "病毒.exe", "mimeType": "application/octet-stream", "buffer": b"MZ"}
    )
    forms.first.locator("button").click()
    page.wait_for_load_state()
    assert "不支持的文件类型" in page.content()
    forms = page.locator("form[action*='/materials/']")
    forms.first.locator("input[type=file]").set_input_files(
        {"name": "年度总结.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%%EOF\n"}
    )
    forms.first.locator("button").click()
    page.wait_for_load_state()
    shot(page, "j1_05_material_uploaded")
    context.close()


def reviewer(browser):
    context, page = login(browser, "reviewer", viewport={"width": 1100, "height": 900})
    page.goto(f"{BASE}/portal/titles/reviews/")
    shot(page, "j3_01_review_list")
    page.click("text=待评分 >> xpath=ancestor::tr//a")
    page.wait_for_load_state()
    shot(page, "j3_02_review_form")
    inputs = page.locator("input[name^=score_]")
    for i in range(inputs.count()):
        inputs.nth(i).fill("99")
    page.evaluate("document.querySelectorAll('form').forEach(f => f.noValidate = true)")  # check the server too
    page.click("text=提交评分")
    page.wait_for_load_state()
    assert "得分应在0至" in page.content()
    shot(page, "j3_03_over_max_refused")
    inputs = page.locator("input[name^=score_]")
    for i in range(inputs.count()):
        inputs.nth(i).fill("9")
    page.fill("textarea[name=comment]", "创建特色鲜明，台账规范。")
    page.click("text=提交评分")
    page.wait_for_load_state()
    shot(page, "j3_04_scored")
    # the resubmitted one shows what changed
    for link in page.locator("a[href*='/reviews/']").all():
        href = link.get_attribute("href")
        page2 = context.new_page()
        page2.goto(BASE + href)
        if "申报已修改" in page2.content():
            shot(page2, "j3_05_changes_since_scored")
            page2.close()
            break
        page2.close()
    context.close()


def staff(browser):
    context, page = login(browser, "city_staff", viewport={"width": 1400, "height": 900})
    page.goto(f"{BASE}/admin/titles/titleapplication/?year__exact=2026")
    shot(page, "j2_01_applications_list")
    page.goto(f"{BASE}/admin/titles/titleapplication/?status__exact=%E8%80%83%E8%AF%84%E4%B8%AD")
    page.locator("table#result_list tbody tr a").first.click()
    page.wait_for_load_state()
    shot(page, "j2_02_application_scores")
    # batch return of a submitted one
    page.goto(f"{BASE}/admin/titles/titleapplication/?status__exact=%E5%B7%B2%E6%8F%90%E4%BA%A4")
    page.locator("input.action-select").first.check()
    page.select_option("select[name=action]", "act_return")
    page.click("button[name=index]")
    page.wait_for_load_state()
    shot(page, "j2_03_return_form")
    page.fill("textarea[name=reason]", "请补充结对帮扶活动照片")
    page.click("input[name=apply]")
    page.wait_for_load_state()
    shot(page, "j2_04_returned_message")
    # publicity with objection: naming refused
    page.goto(f"{BASE}/admin/titles/titleapplication/?status__exact=%E5%85%AC%E7%A4%BA%E4%B8%AD")
    page.locator("#action-toggle").check()
    page.select_option("select[name=action]", "act_name")
    page.click("button[name=index]")
    page.fill("input[name=doc_number]", "商文明委〔2026〕20号")
    page.click("input[name=apply]")
    page.wait_for_load_state()
    assert "尚未结束" in page.content()
    shot(page, "j2_05_naming_refused_during_publicity")
    page.goto(f"{BASE}/admin/titles/consultation/")
    shot(page, "j2_06_consultations")
    page.goto(f"{BASE}/admin/titles/objection/")
    shot(page, "j2_07_objections")
    page.goto(f"{BASE}/admin/titles/title/?dynamic=all")
    shot(page, "j2_08_dynamic_management")
    page.goto(f"{BASE}/admin/titles/title/?conferred_year__exact=2026")
    page.locator("#action-toggle").check()
    page.select_option("select[name=action]", "export_xlsx")
    with page.expect_download() as dl:
        page.click("button[name=index]")
    dl.value.save_as(str(OUT / "naming.xlsx"))
    page.goto(f"{BASE}/admin/titles/title/?conferred_year__exact=2025")
    page.locator("#action-toggle").check()
    page.select_option("select[name=action]", "export_docx")
    with page.expect_download() as dl:
        page.click("button[name=index]")
    dl.value.save_as(str(OUT / "naming.docx"))
    page.goto(f"{BASE}/admin/titles/materialrequirement/completeness/")
    shot(page, "j5_01_completeness")
    page.select_option("select[name=region]", label="梁园区")
    page.click("input[type=submit]")
    page.wait_for_load_state()
    shot(page, "j5_02_completeness_county")
    with page.expect_download() as dl:
        page.click("text=导出Excel")
    dl.value.save_as(str(OUT / "completeness.xlsx"))
    page.goto(f"{BASE}/admin/titles/evaluationsystem/")
    page.locator("table#result_list tbody tr a").first.click()
    shot(page, "j2_09_evaluation_system")
    context.close()


def anonymous(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.goto(f"{BASE}/public/titles/")
    assert re.search("公示期", page.content())
    shot(page, "j4_01_public_publicity")
    context.close()


with sync_playwright() as p:
    browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
    for journey in (anonymous, liaison, reviewer, staff):
        journey(browser)
    browser.close()
