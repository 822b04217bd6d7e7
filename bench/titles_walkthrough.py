"""Walk journeys 1–6 of the titles app in Chromium against a dev server with fresh demo data,
checking each step and saving screenshots (look at them).

export VAR_DIR=/tmp/var_titles
.venv/bin/python manage.py migrate -v0 && .venv/bin/python manage.py seed_demo --scale demo
.venv/bin/python manage.py runserver 127.0.0.1:8101 --noreload &
BASE=http://127.0.0.1:8101 OUT=/tmp/shots/titles .venv/bin/python bench/titles_walkthrough.py [journey …]
(xlsx fixtures for the evaluation-system import are written to OUT.)"""

import os
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = os.environ.get("BASE", "http://127.0.0.1:8101")
OUT = Path(os.environ.get("OUT", "/tmp/shots/titles"))
OUT.mkdir(parents=True, exist_ok=True)
PW = "Demo@2025civ"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
PDF = b"%PDF-1.4\n%%EOF\n"
problems = []


def check(cond, what):
    print(("OK   " if cond else "FAIL ") + what)
    if not cond:
        problems.append(what)


def login(browser, username, **ctx):
    context = browser.new_context(locale="zh-CN", **ctx)
    page = context.new_page()
    page.goto(f"{BASE}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PW)
    page.click("button[type=submit], input[type=submit]")
    page.wait_for_load_state()
    return context, page


def shot(page, name):
    page.screenshot(path=str(OUT / f"{name}.png"), full_page=True)
    print("shot", name, page.url)


def action(page, list_url, name, select_first=None, select_all=False):
    page.goto(list_url)
    if select_all:
        page.locator("#action-toggle").check()
    else:
        page.locator("input.action-select").nth(select_first or 0).check()
    page.select_option("select[name=action]", name)
    page.click("button[name=index]")
    page.wait_for_load_state()


def liaison(browser):
    ctx, page = login(browser, "liaison_a", viewport={"width": 390, "height": 844}, is_mobile=True)
    page.goto(f"{BASE}/portal/")
    shot(page, "j1_01_portal_todos")
    check("称号申报" in page.content(), "portal to-dos list the title application")
    page.goto(f"{BASE}/portal/titles/")
    body = page.content()
    check("申报截止 2026年10月31日" in body and "未申报" in body, "home: deadline and 未申报 category")
    check("2026年3月31日" in body, "home: cultivation deadline")
    shot(page, "j1_02_titles_home")
    page.click("text=2026 市级文明单位")
    page.wait_for_load_state()
    check("退回原因" in page.content(), "returned application shows why")
    shot(page, "j1_03_returned")
    page.set_input_files("input[name=file]", {"name": "志愿者名单.pdf", "mimeType": "application/pdf", "buffer": PDF})
    page.fill("input[name=name]", "注册志愿者名单")
    page.click("text=上传附件")
    page.wait_for_load_state()
    page.set_input_files(
        "input[name=file]", {"name": "宏.docm", "mimeType": "application/octet-stream", "buffer": b"PK"}
    )
    page.click("text=上传附件")
    page.wait_for_load_state()
    shot(page, "j1_04_bad_attachment")
    check(
        "不支持" in page.content() or "文件" in page.locator(".msg, .messages, .error").first.inner_text(),
        "bad attachment refused in Chinese",
    )
    page.fill("textarea[name^=desc_] >> nth=2", "已补充注册志愿者名单（312人）及全年服务时长统计表。")
    page.fill("input[name^=points_] >> nth=2", "20")
    page.evaluate("document.querySelectorAll('form').forEach(f => f.noValidate = true)")  # the server checks too
    page.click("button[name=submit]")
    page.wait_for_load_state()
    check("0至15.0分之间" in page.content(), "claimed points over max refused")
    page.fill("input[name^=points_] >> nth=2", "14")
    page.fill("textarea[name^=desc_] >> nth=2", "已补充注册志愿者名单（312人）及全年服务时长统计表。")
    page.click("button[name=submit]")
    page.wait_for_load_state()
    check("已提交（第2版）" in page.content(), "resubmitted as revision 2")
    shot(page, "j1_05_resubmitted")
    # new application for a category not yet applied for
    page.goto(f"{BASE}/portal/titles/")
    page.select_option("select[name=category]", label="文明校园")
    page.click("text=创建申报草稿")
    page.wait_for_load_state()
    check("已创建申报草稿" in page.content(), "new draft created")
    page.fill("textarea[name=summary]", "校园文明创建简述")
    page.click("button[name=save]")
    page.wait_for_load_state()
    check("草稿已保存" in page.content(), "draft saved")
    shot(page, "j1_06_new_draft")
    # materials: upload the missing one
    page.goto(f"{BASE}/portal/titles/")
    form = page.locator("form[action*='/materials/']").first
    form.locator("input[type=file]").set_input_files(
        {"name": "活动照片.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    form.locator("button").click()
    page.wait_for_load_state()
    check("已上传，等待审核" in page.content(), "material uploaded")
    # pairing record
    page.locator("summary:has-text('登记一次结对活动')").first.click()
    f = page.locator("form[action*='/pairings/'][action*='/records/']").first
    f.locator("input[name=date]").fill("2026-11-20")
    f.locator("textarea[name=content], input[name=content]").fill("组织志愿者进社区开展垃圾分类宣传")
    f.locator("input[name=people]").fill("15")
    f.locator("button").click()
    page.wait_for_load_state()
    check("活动记录已保存" in page.content(), "pairing record saved")
    shot(page, "j1_07_home_after")
    # another unit's application: 404
    r = page.goto(f"{BASE}/portal/titles/applications/{OTHER_APP}/")
    check(r.status == 404, f"liaison_a gets 404 for unit_b's application ({r.status})")
    ctx.close()


def staff(browser):
    ctx, page = login(browser, "city_staff", viewport={"width": 1400, "height": 900})
    A = f"{BASE}/admin/titles/titleapplication/"
    page.goto(f"{A}?year__exact=2026")
    shot(page, "j2_01_applications")
    # evaluation system import: errors first, nothing written, then good
    page.goto(f"{BASE}/admin/titles/evaluationsystem/?q=2026年度文明校园")
    page.locator("table#result_list tbody tr a").first.click()
    page.wait_for_load_state()
    shot(page, "j2_02_system")
    page.click("text=从Excel导入") if page.locator("text=从Excel导入").count() else page.goto(page.url + "import/")
    page.wait_for_load_state()
    page.set_input_files("input[name=file]", str(OUT / "bad.xlsx"))
    page.click("input[type=submit][value='导入']")
    page.wait_for_load_state()
    body = page.content()
    check("第4行" in body and "第5行" in body and "第6行" in body, "import: per-row Chinese errors")
    shot(page, "j2_03_import_errors")
    page.set_input_files("input[name=file]", str(OUT / "good.xlsx"))
    page.click("input[type=submit][value='导入']")
    page.wait_for_load_state()
    check("导入完成" in page.content(), "import ok")
    shot(page, "j2_04_import_done")
    # cultivation round
    page.goto(f"{BASE}/admin/titles/cultivationround/")
    shot(page, "j2_05_rounds")
    page.locator("table#result_list tbody tr a").first.click()
    page.wait_for_load_state()
    shot(page, "j2_06_round_detail")
    # accept a submitted one into assessment, then assign reviewers
    action(page, f"{A}?status__exact=已提交&q=睢阳区教育局", "act_start_assessment")
    check("已处理1项" in page.content(), "start assessment")
    action(page, f"{A}?status__exact=考评中&q=睢阳区教育局", "act_assign_reviewers")
    shot(page, "j2_07_assign_form")
    page.locator("input[name=reviewers]").first.check()
    page.click("input[name=apply]")
    page.wait_for_load_state()
    check("评审分配" in page.content(), "reviewers assigned")
    # return an assessing one
    # consultation: record answers
    page.goto(f"{BASE}/admin/titles/consultation/?answer__exact=待答复&application__status__exact=征求意见")
    shot(page, "j2_08_consultations_pending")
    n = page.locator("table#result_list tbody tr").count()
    for _i in range(n):
        page.goto(f"{BASE}/admin/titles/consultation/?answer__exact=待答复&application__status__exact=征求意见")
        if not page.locator("table#result_list tbody tr a").count():
            break
        page.locator("table#result_list tbody tr a").first.click()
        page.select_option("select[name=answer]", "同意")
        page.click("input[name=_save]")
        page.wait_for_load_state()
    # veto for the second assessed-and-scored app: consult then veto
    action(page, f"{A}?status__exact=考评中&q=人民医院", "act_start_consultation")
    shot(page, "j2_09_departments_form")
    page.click("input[name=apply]")
    page.wait_for_load_state()
    check("已向" in page.content(), "consultation started")
    page.goto(f"{BASE}/admin/titles/consultation/?answer__exact=待答复&q=人民医院&department=生态环境")
    page.goto(f"{BASE}/admin/titles/consultation/?answer__exact=待答复&q=人民医院")
    page.locator("table#result_list tbody tr a").first.click()
    page.select_option("select[name=answer]", "否决")
    page.click("input[name=_save]")
    page.wait_for_load_state()
    check("否决时须填写理由" in page.content(), "veto without reason refused")
    page.goto(f"{BASE}/admin/titles/consultation/?answer__exact=待答复&q=人民医院")
    page.locator("table#result_list tbody tr a").first.click()
    page.select_option("select[name=answer]", "否决")
    page.fill("textarea[name=reason]", "该单位年内发生医疗纠纷并被通报")
    page.click("input[name=_save]")
    page.wait_for_load_state()
    page.goto(f"{A}?q=人民医院&year__exact=2026")
    check("未通过" in page.locator("#result_list").inner_text(), "veto stopped the application")
    page.locator("table#result_list tbody tr a").first.click()
    page.wait_for_load_state()
    shot(page, "j2_10_vetoed_detail")
    # publicity for the consulting one whose answers are all 同意
    action(page, f"{A}?status__exact=征求意见", "act_start_publicity", select_all=True)
    shot(page, "j2_11_publicity_form")
    page.click("input[name=apply]")
    page.wait_for_load_state()
    check("已发起公示" in page.content(), "publicity started")
    shot(page, "j2_12_publicity_started")
    # objection recorded, naming refused
    page.goto(f"{BASE}/admin/titles/objection/add/")
    page.select_option("select[name=application]", index=1)
    page.fill("textarea[name=content]", "反映该单位门前三包落实不到位")
    page.fill("input[name=source]", "来信（实名）")
    page.fill("input[name=received_on]", "2026-12-01")
    page.click("input[name=_save]")
    page.wait_for_load_state()
    shot(page, "j2_13_objections")
    action(page, f"{A}?status__exact=公示中", "act_name", select_all=True)
    page.fill("input[name=doc_number]", "商文明委〔2026〕20号")
    page.click("input[name=apply]")
    page.wait_for_load_state()
    body = page.content()
    check("尚未结束" in body and "未办结的公示异议" in body, "naming refused: period running + open objection")
    shot(page, "j2_14_naming_refused")
    # application detail: every reviewer's score + average
    page.goto(f"{A}?status__exact=公示中")
    page.locator("table#result_list tbody tr a").first.click()
    page.wait_for_load_state()
    shot(page, "j2_15_publicity_app_detail")
    # titles: dynamic management, exports
    page.goto(f"{BASE}/admin/titles/title/?dynamic=all")
    shot(page, "j2_16_dynamic")
    page.goto(f"{BASE}/admin/titles/title/?conferred_year__exact=2026")
    page.locator("#action-toggle").check()
    page.select_option("select[name=action]", "export_xlsx")
    with page.expect_download() as dl:
        page.click("button[name=index]")
    dl.value.save_as(str(OUT / "naming.xlsx"))
    page.goto(f"{BASE}/admin/titles/title/?level__exact=市级")
    page.locator("#action-toggle").check()
    page.select_option("select[name=action]", "export_docx")
    with page.expect_download() as dl:
        page.click("button[name=index]")
    dl.value.save_as(str(OUT / "naming.docx"))
    # re-examination 限期整改 without deadline refused, then with
    page.goto(f"{BASE}/admin/titles/reexamination/add/")
    check('value="2026-12-01"' in page.content(), "re-exam date shows today")
    shot(page, "j2_17_reexam_form")
    page.goto(f"{BASE}/admin/titles/titleapplication/?status__exact=%E5%85%AC%E7%A4%BA%E4%B8%AD")
    action(page, f"{A}?status__exact=已提交", "act_start_publicity")
    shot(page, "j2_18_publicity_form_dates")
    ctx.close()


def staff_materials(browser):
    ctx, page = login(browser, "city_staff", viewport={"width": 1400, "height": 900})
    page.goto(f"{BASE}/admin/titles/materialrequirement/add/")
    page.fill("input[name=year]", "2026")
    page.fill("input[name=name]", "志愿服务台账")
    page.fill("input[name=due_date]", "2026-12-20")
    page.locator("input[name=unit_kinds][value=学校]").check()
    page.evaluate(
        """() => { const s = document.querySelector('select[name=region]');
        if (s && !s.value) { const o = document.createElement('option'); o.value = REGION; o.selected = true; s.appendChild(o);} }""".replace(
            "REGION", str(CITY_PK)
        )
    )
    page.click("input[name=_save]")
    page.wait_for_load_state()
    shot(page, "j5_01_requirements")
    page.goto(f"{BASE}/admin/titles/materialrequirement/completeness/")
    shot(page, "j5_02_completeness_city")
    page.select_option("select[name=region]", label="梁园区")
    page.click("input[type=submit]")
    page.wait_for_load_state()
    shot(page, "j5_03_completeness_county")
    with page.expect_download() as dl:
        page.click("text=导出Excel")
    dl.value.save_as(str(OUT / "completeness.xlsx"))
    S = f"{BASE}/admin/titles/materialsubmission/?status__exact=待审核"
    action(page, S, "act_accept")
    check("已审核通过1份" in page.content(), "material accepted")
    action(page, S, "act_return")
    page.fill("textarea[name=reason]", "照片不清晰，请重新上传")
    page.click("input[name=apply]")
    page.wait_for_load_state()
    check("已退回1份" in page.content(), "material returned with comment")
    shot(page, "j5_04_submissions")
    ctx.close()


def county(browser):
    ctx, page = login(browser, "county_staff", viewport={"width": 1400, "height": 900})
    page.goto(f"{BASE}/admin/titles/titleapplication/?year__exact=2026")
    body = page.locator("#result_list").inner_text()
    check("睢阳区" not in body and "梁园区" in body, "county staff sees only own county")
    shot(page, "j2_20_county_list")
    r = page.goto(f"{BASE}/admin/titles/titleapplication/{OTHER_APP}/change/")
    check("睢阳区教育局" not in page.content(), f"county staff cannot open county B application ({r.status})")
    shot(page, "j2_21_county_other")
    ctx.close()


def reviewer(browser):
    ctx, page = login(browser, "reviewer", viewport={"width": 390, "height": 844}, is_mobile=True)
    page.goto(f"{BASE}/portal/titles/reviews/")
    shot(page, "j3_01_list")
    body = page.locator("main, body").first.inner_text()
    check("梁园区教育局" not in body, "reviewer list has no unassigned liaison_a application")
    # the resubmitted one
    row = page.locator("tr:has-text('请复评') a").first
    row.click()
    page.wait_for_load_state()
    check("申报已修改" in page.content() and "结对帮扶：" in page.content(), "reviewer sees changes and pairing")
    shot(page, "j3_02_changes")
    page.goto(f"{BASE}/portal/titles/reviews/")
    page.locator("tr:has-text('睢阳区教育局') a").first.click()
    page.wait_for_load_state()
    inputs = page.locator("input[name^=score_]")
    for i in range(inputs.count()):
        inputs.nth(i).fill("99")
    page.evaluate("document.querySelectorAll('form').forEach(f => f.noValidate = true)")
    page.click("text=提交评分")
    page.wait_for_load_state()
    check("得分应在0至" in page.content(), "over-max score refused")
    shot(page, "j3_03_over_max")
    for i in range(inputs.count()):
        inputs.nth(i).fill("8")
    page.fill("textarea[name=comment]", "台账规范，志愿服务有特色。")
    page.click("text=提交评分")
    page.wait_for_load_state()
    check("评分已提交" in page.content(), "score submitted")
    shot(page, "j3_04_scored")
    ctx.close()


def anonymous(browser):
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, locale="zh-CN")
    page = ctx.new_page()
    page.goto(f"{BASE}/public/titles/")
    check("公示期" in page.content() and "如何反映意见" in page.content(), "public page without login")
    shot(page, "j4_01_public")
    ctx.close()


def write_import_files():
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["2026年度文明校园测评体系"])
    ws.append(["编号", "测评内容", "分值", "评分说明"])
    for row in [
        ["1", "组织领导", 10, "有计划"],
        ["2", "", 15, "x"],
        ["3", "校园文化", "abc", ""],
        ["1", "重复", 5, ""],
    ]:
        ws.append(row)
    wb.save(OUT / "bad.xlsx")
    wb = Workbook()
    ws = wb.active
    ws.append(["编号", "测评内容", "分值", "评分说明"])
    for row in [
        ["1", "组织领导", 10, "纳入学校整体工作"],
        ["2", "思想道德建设", 20, "立德树人"],
        ["9", "师德师风", 15, "无失范"],
    ]:
        ws.append(row)
    wb.save(OUT / "good.xlsx")


import django  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civcreate.settings")
django.setup()
write_import_files()
from titles.models import TitleApplication  # noqa: E402
from units.models import Region  # noqa: E402

OTHER_APP = TitleApplication.objects.get(unit__name="睢阳区教育局", year=2026).pk
CITY_PK = Region.objects.get(code="4114").pk
only = sys.argv[1:] or ["anonymous", "liaison", "staff", "staff_materials", "county", "reviewer"]
with sync_playwright() as p:
    browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
    for name in only:
        globals()[name](browser)
    browser.close()
print("PROBLEMS:", problems)
