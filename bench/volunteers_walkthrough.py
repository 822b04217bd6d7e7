"""Chromium walk-through of the volunteers journeys 1–6 against a seeded dev server
(with a Celery worker for the large-import job).

    VAR_DIR=/tmp/civ-volunteers .venv/bin/python manage.py runserver 127.0.0.1:8105 --noreload &
    VAR_DIR=/tmp/civ-volunteers .venv/bin/celery -A civcreate worker --concurrency 1 &
    .venv/bin/python bench/volunteers_walkthrough.py [base_url] [shots_dir]

Screenshots and downloaded certificates/exports go to /tmp/shots-volunteers/."""

import datetime as dt
import io
import random
import re
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from core.idcard import make_id_number  # noqa: E402

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8105"
SHOTS = Path(sys.argv[2] if len(sys.argv) > 2 else "/tmp/shots-volunteers")
PASSWORD = "Demo@2025civ"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def shot(page, name):
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    print("shot", name)


def login(browser, username, **kw):
    ctx = browser.new_context(locale="zh-CN", accept_downloads=True, **kw)
    page = ctx.new_page()
    page.goto(f"{BASE}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button")
    page.wait_for_load_state()
    return ctx, page


def messy_workbook(rows: int, bad: bool) -> bytes:
    from openpyxl import Workbook

    rng = random.Random()
    wb = Workbook()
    ws = wb.active
    ws.append(["梁园区志愿者花名册"])
    ws.append(["填报单位：梁园区文明办"])
    ws.append(["序号", "姓名", "性别", "身份证号", "手机号码", "政治面貌", "所属组织", "服务时长(小时)", "注册时间"])
    seen = set()
    for i in range(rows):
        sex = "男" if i % 2 else "女"
        number = make_id_number("411402", dt.date(1970, 1, 1) + dt.timedelta(days=rng.randrange(15000)), sex, rng)
        while number in seen:
            number = make_id_number("411402", dt.date(1970, 1, 1) + dt.timedelta(days=rng.randrange(15000)), sex, rng)
        seen.add(number)
        if bad and i == 1:
            number = number[:-1] + ("0" if number[-1] != "0" else "1")
        phone = "1391234" + f"{rng.randrange(10**4):04d}" if not (bad and i == 2) else "12345"
        ws.append(
            [
                i + 1,
                f"导入{i}号",
                sex,
                number.lower(),
                phone,
                "党员" if i % 3 else "团员",
                "梁园区党员志愿服务队",
                10 + i % 200,
                f"2024年{1 + i % 12}月{1 + i % 28}日",
            ]
        )
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def main():
    SHOTS.mkdir(parents=True, exist_ok=True)
    rng = random.Random()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)

        # 1. A resident registers on a phone.
        ctx = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}, device_scale_factor=1)
        page = ctx.new_page()
        page.goto(f"{BASE}/public/volunteers/register/")
        birth = dt.date(1996, 4, 12)
        number = make_id_number("411402", birth, "女", rng)
        wrong = number[:-1] + ("0" if number[-1] != "0" else "1")
        page.fill("#id_name", "陈思雨")
        page.fill("#id_id_number", wrong)
        page.check("input[name=sex][value=女]")
        page.fill("#id_birth_date", birth.isoformat())
        page.fill("#id_phone", "13912345678")
        page.select_option("#id_political_status", "共青团员")
        page.select_option(
            "#id_region", page.locator("#id_region option", has_text="梁园区").first.get_attribute("value")
        )
        team_value = page.locator("#id_team option", has_text="梁园区党员志愿服务队").first.get_attribute("value")
        page.select_option("#id_team", team_value)
        page.fill("#id_skills", "摄影、心理咨询")
        page.check("#id_consent")
        page.wait_for_timeout(3200)
        page.click("button.primary")
        page.wait_for_load_state()
        assert "身份证号校验位错误" in page.content()
        shot(page, "01-register-error")
        page.fill("#id_id_number", number.lower())
        page.check("#id_consent")
        page.wait_for_timeout(3200)
        page.click("button.primary")
        page.wait_for_load_state()
        assert "注册信息已提交" in page.content(), page.content()[-2000:]
        shot(page, "02-register-done")
        ctx.close()

        # 2. The team leader approves, creates an event, confirms hours.
        ctx, page = login(browser, "team_leader")
        page.goto(f"{BASE}/portal/volunteers/")
        shot(page, "03-leader-home")
        row = page.locator("tr", has_text="陈思雨")
        row.first.locator("input.pick").check()
        page.click("button[value=approve]")
        page.wait_for_load_state()
        assert "初始密码" in page.content()
        shot(page, "04-leader-approved")
        page.goto(f"{BASE}/portal/volunteers/events/new/")
        start = dt.datetime.now() + dt.timedelta(days=5)
        page.fill("#id_title", "重阳节敬老院关爱老人")
        page.select_option("#id_category", "扶老助残")
        page.fill("#id_starts_at", start.strftime("%Y-%m-%dT09:00"))
        page.fill("#id_ends_at", start.strftime("%Y-%m-%dT12:00"))
        page.fill("#id_place", "梁园区中心敬老院")
        page.fill("#id_places", "15")
        page.click("button.primary")
        page.wait_for_load_state()
        shot(page, "05-event-created")
        assert "活动已发布" in page.content()
        page.goto(f"{BASE}/portal/volunteers/")
        links = page.locator("section", has_text="待确认服务时长的活动").locator("a")
        if links.count():  # the seeded events waiting for confirmation (used up by earlier runs)
            links.first.click()
            page.wait_for_load_state()
            page.click("text=全部按活动时长填入")
            page.click("button.primary")
            page.wait_for_load_state()
            assert "已确认" in page.content()
            shot(page, "06-hours-confirmed")
        ctx.close()

        # 3. The volunteer sees hours and stars, downloads certificates; anyone verifies.
        ctx, page = login(browser, "volunteer", viewport={"width": 390, "height": 844})
        page.goto(f"{BASE}/portal/volunteers/me/")
        shot(page, "07-volunteer-me")
        for fmt in ("pdf", "docx"):
            with page.expect_download() as dl:
                page.click(f"button[value={fmt}]")
            path = SHOTS / f"certificate.{fmt}"
            dl.value.save_as(path)
            print("saved", path)
        page.goto(f"{BASE}/portal/volunteers/me/")
        cert_no = re.search(r"ZYFW\w+", page.content()).group(0)
        ctx.close()
        ctx = browser.new_context(locale="zh-CN")
        page = ctx.new_page()
        page.goto(f"{BASE}/public/volunteers/verify/?number={cert_no}")
        assert "证明真实有效" in page.content()
        shot(page, "08-verify")
        ctx.close()

        # 4. Office staff: roster with filters, reveal (logged), export, team tree, admin.
        ctx, page = login(browser, "city_staff")
        page.goto(f"{BASE}/portal/volunteers/roster/?political_status=中共党员&star=3")
        shot(page, "09-roster-filtered")
        page.locator("table a").first.click()
        page.wait_for_load_state()
        shot(page, "10-detail-masked")
        page.click("button[name=reveal]")
        page.wait_for_load_state()
        shot(page, "11-detail-revealed")
        page.goto(f"{BASE}/portal/volunteers/roster/")
        with page.expect_download() as dl:
            page.click("text=导出名册（脱敏）")
        dl.value.save_as(SHOTS / "roster.xlsx")
        page.goto(f"{BASE}/portal/volunteers/teams/")
        shot(page, "12-team-tree")
        page.goto(f"{BASE}/admin/volunteers/volunteer/?status__exact=approved")
        shot(page, "13-admin-volunteers")
        page.goto(f"{BASE}/admin/volunteers/volunteer/?region_code=411402&political_status__exact=中共党员")
        shot(page, "13b-admin-volunteers-filtered")
        page.goto(f"{BASE}/admin/volunteers/team/")
        shot(page, "13c-admin-team-tree")
        page.goto(f"{BASE}/admin/core/personaldatalog/")
        shot(page, "14-admin-personal-data-log")

        # 5. Import: a bad file (row errors), a good small file, a large file as a job.
        bad = SHOTS / "roster-bad.xlsx"
        bad.write_bytes(messy_workbook(5, bad=True))
        page.goto(f"{BASE}/portal/volunteers/import/")
        page.set_input_files("#id_file", str(bad))
        page.click("button.primary")
        page.wait_for_load_state()
        assert "校验未通过" in page.content()
        shot(page, "15-import-errors")
        good = SHOTS / f"roster-good-{rng.randrange(10**6)}.xlsx"
        good.write_bytes(messy_workbook(rng.randint(8, 20), bad=False))
        page.set_input_files("#id_file", str(good))
        page.click("button.primary")
        page.wait_for_load_state()
        shot(page, "16-import-preview")
        page.click("text=确认导入")
        page.wait_for_load_state()
        shot(page, "17-import-done")
        page.set_input_files("#id_file", str(good))  # the same file again: refused, not repeated
        page.click("button.primary")
        page.wait_for_load_state()
        assert "不能重复导入" in page.content()
        shot(page, "17b-import-repeat-refused")
        big = SHOTS / f"roster-big-{rng.randrange(10**6)}.xlsx"
        big.write_bytes(messy_workbook(6000 + rng.randrange(100), bad=False))
        page.set_input_files("#id_file", str(big))
        page.click("button.primary")
        page.wait_for_load_state()
        shot(page, "18-import-job-running")
        job_url = page.url
        page.goto(f"{BASE}/portal/volunteers/import/")  # leave the page, come back via the list
        shot(page, "18b-import-page-lists-job")
        page.goto(job_url)
        page.wait_for_selector("text=确认导入", timeout=120_000)
        shot(page, "19-import-job-validated")
        page.click("text=确认导入")
        page.wait_for_selector("text=导入完成", timeout=180_000)
        shot(page, "20-import-job-done")
        ctx.close()

        # 6. A need is posted publicly; the leader matches and closes it.
        ctx = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
        page = ctx.new_page()
        page.goto(f"{BASE}/public/volunteers/requests/new/")
        page.fill("#id_title", "独居老人理发上门服务")
        page.select_option("#id_category", "扶老助残")
        page.fill("#id_description", "小区有三位行动不便的老人需要上门理发。")
        page.fill("#id_requester", "梁园区某社区居委会")
        page.fill("#id_contact_phone", "13700001234")
        page.select_option(
            "#id_region", page.locator("#id_region option", has_text="梁园区").first.get_attribute("value")
        )
        page.click("button.primary")
        page.wait_for_load_state()
        assert "需求已提交" in page.content()
        ctx.close()
        ctx, page = login(browser, "team_leader")
        page.goto(f"{BASE}/portal/volunteers/requests/?status=open")
        page.click("text=独居老人理发上门服务")
        page.wait_for_load_state()
        boxes = page.locator("input[name=volunteers]")
        for i in range(min(2, boxes.count())):
            boxes.nth(i).check()
        page.click("text=对接所选志愿者")
        page.wait_for_load_state()
        page.fill("input[name=hours]", "2")
        page.click("text=完成并记入时长")
        page.wait_for_load_state()
        assert "需求已完成" in page.content()
        shot(page, "21-request-closed")
        ctx.close()
        browser.close()


if __name__ == "__main__":
    main()
