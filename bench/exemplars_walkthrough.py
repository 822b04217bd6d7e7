"""Chromium walk-through of the exemplars journeys 1-5 against a freshly seeded dev server.

    VAR_DIR=/tmp/var_exemplars .venv/bin/python manage.py runserver 127.0.0.1:8104 --noreload &
    .venv/bin/python bench/exemplars_walkthrough.py [base_url] [shots_dir]

Run it once per seeded database (it opens a round with a fixed name). Screenshots and the
downloaded exports go to the shots directory; look at them, and convert the exports with
`soffice --headless --convert-to pdf`."""

import datetime as dt
import re
import struct
import sys
import zlib
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8104"
OUT = Path(sys.argv[2] if len(sys.argv) > 2 else "/tmp/shots/exemplars")
OUT.mkdir(parents=True, exist_ok=True)
PASSWORD = "Demo@2025civ"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESK = {"viewport": {"width": 1366, "height": 900}}


def png_bytes() -> bytes:
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + b"\xcc\x33\x33" * 8 for _ in range(8))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 8, 8, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def shot(page, name):
    page.screenshot(path=str(OUT / f"{name}.png"), full_page=True)
    # phone pages must not scroll sideways
    width = page.evaluate("document.documentElement.scrollWidth")
    vw = page.viewport_size["width"]
    print("shot", name, "scrollWidth", width, "viewport", vw, "OVERFLOW" if width > vw + 1 else "")


def login(browser, username, **kw):
    ctx = browser.new_context(locale="zh-CN", **kw)
    page = ctx.new_page()
    page.goto(f"{BASE}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit], input[type=submit]")
    page.wait_for_load_state()
    return ctx, page


def admin_action(page, action, names):
    for name in names:
        page.locator("#result_list tr", has_text=name).first.locator("input.action-select").check()
    page.select_option("select[name=action]", action)
    page.click("button[name=index]")
    page.wait_for_load_state()


def pick(page, sel, text):
    value = page.evaluate(
        "([s, t]) => [...document.querySelector(s).options].find(o => o.textContent.includes(t)).value", [sel, text]
    )
    page.select_option(sel, value)


def confirm(page):
    page.click("input[type=submit].default")
    page.wait_for_load_state()


def main():
    photo = OUT / "photo.png"
    photo.write_bytes(png_bytes())
    today = dt.date.today()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)

        # ---- Journey 1: office staff open a round (道德模范, default five categories).
        ctx, page = login(browser, "city_staff", **DESK)
        page.goto(f"{BASE}/admin/exemplars/selectionround/add/")
        page.fill("#id_name", "第九届商丘市道德模范评选")
        page.select_option("#id_kind", "道德模范")
        page.fill("#id_nomination_start", today.strftime("%Y-%m-%d"))
        page.fill("#id_nomination_end", (today + dt.timedelta(days=30)).strftime("%Y-%m-%d"))
        page.fill("#id_places", "10")
        page.fill("#id_publicity_days", "5")
        page.check("#id_publicity_working_days")
        page.select_option("#id_honour_level", "市级")
        page.fill("#id_honour_title", "商丘市道德模范")
        page.check("#id_public_voting")
        shot(page, "01_round_add")
        page.click("input[name=_save]")
        page.wait_for_load_state()
        shot(page, "02_round_list")
        assert "第九届商丘市道德模范评选" in page.content()
        page.locator("#result_list a", has_text="第九届商丘市道德模范评选").first.click()
        page.wait_for_load_state()
        assert page.input_value("#id_categories_text") == "助人为乐、见义勇为、诚实守信、敬业奉献、孝老爱亲"
        shot(page, "02b_round_change")

        # ---- Journey 2a: liaison_a nominates from the portal on a phone.
        lctx, lpage = login(browser, "liaison_a", **PHONE)
        lpage.goto(f"{BASE}/portal/exemplars/")
        shot(lpage, "03_liaison_index")
        lpage.locator("li", has_text="第九届").locator("a", has_text="以本单位名义推荐").click()
        lpage.wait_for_load_state()
        lpage.select_option("#id_category", "诚实守信")
        lpage.fill("#id_nominee_name", "王守信")
        lpage.fill("#id_age", "52")
        lpage.select_option("#id_sex", "男")
        lpage.fill("#id_unit_or_address", "梁园区平原路街道")
        pick(lpage, "#id_region", "梁园区")
        lpage.fill("#id_deeds", "王守信同志坚持二十年义务为社区老人修理家电，从不收取费用。")
        lpage.fill("#id_deeds_summary", "二十年义务为社区老人修理家电。")
        lpage.set_input_files("#id_photos", str(photo))
        shot(lpage, "04_liaison_form")
        lpage.click("button[type=submit]")
        lpage.wait_for_load_state()
        shot(lpage, "05_liaison_nomination")
        assert "待初审" in lpage.content() and "photo.png" in lpage.content()
        with lpage.expect_download() as dl_info:
            lpage.evaluate("""() => { const a = [...document.querySelectorAll('a')].find(a => a.textContent.includes('photo.png'));
                 const l = document.createElement('a'); l.href = a.href; l.download = 'x.png'; document.body.appendChild(l); l.click(); }""")
        assert dl_info.value.path().read_bytes() == photo.read_bytes()
        print("liaison downloaded own photo through the private view")

        # ---- Journey 2b: anyone nominates from the public page (phone); bad ID refused in Chinese.
        actx = browser.new_context(locale="zh-CN", **PHONE)
        apage = actx.new_page()
        apage.goto(f"{BASE}/public/exemplars/")
        shot(apage, "06_public_index")
        apage.locator("li", has_text="第九届").locator("a", has_text="我要推荐").click()
        apage.wait_for_load_state()
        apage.select_option("#id_category", "助人为乐")
        apage.fill("#id_nominee_name", "刘热心")
        apage.fill("#id_id_number", "411402198001010000")
        apage.fill("#id_unit_or_address", "睢阳区古城")
        pick(apage, "#id_region", "睢阳区")
        apage.fill("#id_deeds", "刘热心多年照顾邻居孤寡老人。")
        apage.fill("#id_nominator_name", "赵群众")
        apage.fill("#id_nominator_phone", "13912345678")
        apage.click("button[type=submit]")
        apage.wait_for_load_state()
        shot(apage, "07_public_form_error")
        assert "校验位" in apage.content()
        apage.fill("#id_id_number", "")
        apage.fill("#id_age", "60")
        apage.select_option("#id_sex", "女")
        apage.click("button[type=submit]")
        apage.wait_for_load_state()
        shot(apage, "08_public_done")
        assert "感谢您的推荐" in apage.content()
        # The same person nominated a second time by the public (duplicate for merging).
        apage.goto(f"{BASE}/public/exemplars/")
        apage.locator("li", has_text="第九届").locator("a", has_text="我要推荐").click()
        apage.wait_for_load_state()
        apage.select_option("#id_category", "助人为乐")
        apage.fill("#id_nominee_name", "刘热心")
        apage.fill("#id_age", "60")
        apage.select_option("#id_sex", "女")
        apage.fill("#id_unit_or_address", "睢阳区古城东街")
        pick(apage, "#id_region", "睢阳区")
        apage.fill("#id_deeds", "她还常年给环卫工人送热水。")
        apage.fill("#id_nominator_name", "钱邻居")
        apage.fill("#id_nominator_phone", "13812345678")
        apage.click("button[type=submit]")
        apage.wait_for_load_state()
        assert "感谢您的推荐" in apage.content()
        # Flood: the same network keeps submitting: the 6th within the hour is refused.
        refused = False
        for i in range(5):
            apage.goto(f"{BASE}/public/exemplars/")
            apage.locator("li", has_text="第九届").locator("a", has_text="我要推荐").click()
            apage.wait_for_load_state()
            apage.select_option("#id_category", "助人为乐")
            apage.fill("#id_nominee_name", f"灌水{i}")
            apage.fill("#id_age", "30")
            apage.select_option("#id_sex", "男")
            apage.fill("#id_unit_or_address", "某地")
            pick(apage, "#id_region", "睢阳区")
            apage.fill("#id_deeds", "灌水测试。")
            apage.fill("#id_nominator_name", "孙")
            apage.fill("#id_nominator_phone", f"1370000000{i}")
            apage.click("button[type=submit]")
            apage.wait_for_load_state()
            if "提交过于频繁" in apage.content():
                refused = True
                shot(apage, "08b_public_flood_refused")
                print("flood refused at attempt", i + 1, "after 2 earlier submissions (hourly cap 5)")
                break
        assert refused

        # ---- Journey 3: screening: reject the flood, merge duplicates, accept, assign reviewers.
        page.goto(f"{BASE}/admin/exemplars/nomination/?status__exact=submitted&q=灌水")
        shot(page, "09_screening_list")
        page.locator("#action-toggle").check()
        page.select_option("select[name=action]", "reject")
        page.click("button[name=index]")
        page.wait_for_load_state()
        page.fill("#id_reason", "无实际事迹，系重复灌水提交")
        shot(page, "09b_reject_form")
        confirm(page)
        assert "初审未通过" in page.content()
        page.goto(f"{BASE}/admin/exemplars/nomination/?status__exact=submitted&q=刘热心")
        shot(page, "10_duplicates")
        assert "2条同名" in page.content()
        page.locator("#action-toggle").check()
        page.select_option("select[name=action]", "merge")
        page.click("button[name=index]")
        page.wait_for_load_state()
        page.select_option("#id_target", index=1)
        shot(page, "10b_merge_form")
        confirm(page)
        shot(page, "11_merged")
        assert "并入" in page.content()
        page.goto(f"{BASE}/admin/exemplars/nomination/?status__exact=submitted")
        admin_action(page, "accept", ["王守信", "刘热心"])
        assert "初审通过" in page.content()
        page.goto(f"{BASE}/admin/exemplars/nomination/?status__exact=reviewing&q=王守信")
        admin_action(page, "assign_reviewers", ["王守信"])
        page.locator("input[name=reviewers]").first.check()
        shot(page, "12_assign_form")
        confirm(page)
        shot(page, "12b_assigned")
        assert "评审分配" in page.content()

        # Reviewer scores.
        rctx, rpage = login(browser, "reviewer", **DESK)
        rpage.goto(f"{BASE}/portal/exemplars/")
        shot(rpage, "13_reviewer_index")
        assert "刘热心" not in rpage.content()  # not assigned to this reviewer
        rpage.locator("a", has_text="王守信").first.click()
        rpage.wait_for_load_state()
        assert "13912345678" not in rpage.content()
        rpage.fill("#id_score", "93")
        rpage.select_option("#id_vote", "for")
        rpage.fill("#id_comment", "事迹突出，群众口碑好。")
        shot(rpage, "14_review_form")
        rpage.click("button[type=submit]")
        rpage.wait_for_load_state()
        assert "已保存" in rpage.content()
        # An unassigned nomination's page is not found for the reviewer.
        page.goto(f"{BASE}/admin/exemplars/nomination/?q=刘热心&status__exact=reviewing")
        liu_pk = re.search(r"/nomination/(\d+)/change/", page.content()).group(1)
        resp = rpage.goto(f"{BASE}/portal/exemplars/nominations/{liu_pk}/")
        assert resp.status == 404
        print("reviewer gets 404 on unassigned nomination", liu_pk)

        # Public voting on the phone (one per day per nominee).
        apage.goto(f"{BASE}/public/exemplars/")
        apage.locator("a", has_text="第九届商丘市道德模范评选").first.click()
        apage.wait_for_load_state()
        shot(apage, "15a_vote_page")
        apage.locator("li", has_text="王守信").locator("button", has_text="投一票").click()
        apage.wait_for_load_state()
        assert "投票成功" in apage.content()
        apage.locator("li", has_text="王守信").locator("button", has_text="投一票").click()
        apage.wait_for_load_state()
        shot(apage, "15_vote_twice")
        assert "已为该人选投过票" in apage.content()

        # Ranking per category, public votes beside.
        page.goto(f"{BASE}/admin/exemplars/selectionround/")
        page.locator("tr", has_text="第九届").locator("a", has_text="排名").click()
        page.wait_for_load_state()
        shot(page, "16_ranking")
        page.goto(f"{BASE}/admin/exemplars/selectionround/")
        page.locator("tr", has_text="第八届").locator("a", has_text="排名").click()
        page.wait_for_load_state()
        shot(page, "16b_ranking_demo")

        # ---- Journey 4: publicity, objection, resolve, commend.
        apage.goto(f"{BASE}/public/exemplars/")
        apage.locator("a", has_text="美德少年").last.click()
        apage.wait_for_load_state()
        shot(apage, "17_public_publicity")
        page.goto(f"{BASE}/admin/exemplars/objection/")
        shot(page, "18_objections")
        # commending before the period ends is refused
        page.goto(f"{BASE}/admin/exemplars/nomination/?status__exact=publicity")
        first = page.locator("#result_list tbody tr").first.locator("th a").inner_text()
        admin_action(page, "commend", [first])
        confirm(page)
        shot(page, "19_commend_refused")
        assert "期满后才能表彰" in page.content() or "未处理的公示异议" in page.content()
        # 王守信 goes under publicity (period started 9 days ago: 5 working days are over)
        page.goto(f"{BASE}/admin/exemplars/nomination/?status__exact=reviewing&q=王守信")
        admin_action(page, "start_publicity", ["王守信"])
        page.fill("#id_start", (today - dt.timedelta(days=9)).strftime("%Y-%m-%d"))
        confirm(page)
        shot(page, "20_publicity_started")
        assert "进入公示" in page.content()
        apage.goto(f"{BASE}/public/exemplars/")
        apage.locator("a", has_text="第九届").last.click()
        apage.wait_for_load_state()
        shot(apage, "20b_public_publicity_new")
        body = apage.content()
        assert "王守信" in body and "二十年义务为社区老人修理家电" in body and "13912345678" not in body
        # an objection is recorded, then resolved as not upheld
        page.goto(f"{BASE}/admin/exemplars/objection/add/")
        pick(page, "#id_nomination", "王守信")
        page.fill("#id_received_on", (today - dt.timedelta(days=2)).strftime("%Y-%m-%d"))
        page.fill("#id_content", "反映其修理家电曾收取费用。")
        page.fill("#id_objector_name", "李某")
        shot(page, "21_objection_add")
        page.click("input[name=_save]")
        page.wait_for_load_state()
        page.goto(f"{BASE}/admin/exemplars/nomination/?status__exact=publicity&q=王守信")
        admin_action(page, "commend", ["王守信"])
        confirm(page)
        assert "未处理的公示异议" in page.content()
        page.goto(f"{BASE}/admin/exemplars/objection/?resolved__exact=0")
        admin_action(page, "resolve", ["王守信"])
        page.fill("#id_resolution", "经社区核实，仅收取零件成本费，异议不成立。")
        shot(page, "22_resolve_form")
        confirm(page)
        assert "已处理" in page.content()
        page.goto(f"{BASE}/admin/exemplars/nomination/?status__exact=publicity&q=王守信")
        admin_action(page, "commend", ["王守信"])
        confirm(page)
        shot(page, "23_commended")
        assert "已写入先进典型库" in page.content()
        page.goto(f"{BASE}/admin/exemplars/exemplar/?q=王守信")
        page.locator("#result_list a", has_text="王守信").first.click()
        page.wait_for_load_state()
        shot(page, "24_exemplar_detail")
        assert "商丘市道德模范" in page.content()
        # Word commendation list of last year's round
        page.goto(f"{BASE}/admin/exemplars/selectionround/")
        with page.expect_download() as dl:
            page.locator("tr", has_text=f"{today.year - 1}年度").locator("input.action-select").check()
            page.select_option("select[name=action]", "export_commendation_word")
            page.click("button[name=index]")
        dl.value.save_as(str(OUT / "commendation.docx"))

        # ---- Journey 5: exemplar database.
        page.goto(f"{BASE}/admin/exemplars/exemplar/")
        shot(page, "25_exemplar_db")
        page.goto(f"{BASE}/admin/exemplars/exemplar/?level=中国好人榜&hardship__exact=1")
        shot(page, "25b_exemplar_filtered")
        page.goto(f"{BASE}/admin/exemplars/exemplar/?hardship__exact=0")
        name = page.locator("#result_list tbody tr").first.locator("th a").inner_text()
        admin_action(page, "set_hardship", [name])
        page.fill("#id_reason", "突发重病住院，家庭负担重")
        confirm(page)
        assert "生活困难" in page.content()
        page.goto(f"{BASE}/admin/exemplars/exemplar/?hardship__exact=1&q={name}")
        admin_action(page, "record_visit", [name])
        page.select_option("#id_festival", "日常")
        page.fill("#id_visitors", "市文明办主任一行")
        page.fill("#id_given", "慰问金和米面油")
        page.fill("#id_amount", "1000")
        shot(page, "26_visit_form")
        confirm(page)
        assert "已登记" in page.content()
        page.goto(f"{BASE}/admin/exemplars/exemplar/hardship-stats/")
        shot(page, "27_hardship_stats")
        page.goto(f"{BASE}/admin/exemplars/exemplar/hardship-stats/?year={today.year}&half=1")
        shot(page, "27b_hardship_stats_h1")
        with page.expect_download() as dl:
            page.evaluate(
                f"window.location.href = '{BASE}/admin/exemplars/exemplar/hardship-stats/?year={today.year}&half=2&format=xlsx'"
            )
        dl.value.save_as(str(OUT / "hardship.xlsx"))
        page.goto(f"{BASE}/admin/exemplars/exemplar/festival-visits/")
        shot(page, "28_festival_list")
        page.goto(f"{BASE}/admin/exemplars/exemplar/festival-visits/?festival=中秋&year={today.year}")
        shot(page, "28b_festival_midautumn")
        with page.expect_download() as dl:
            page.goto(f"{BASE}/admin/exemplars/exemplar/")
            page.locator("#action-toggle").check()
            page.select_option("select[name=action]", "export_xlsx")
            page.click("button[name=index]")
        dl.value.save_as(str(OUT / "exemplars.xlsx"))
        with page.expect_download() as dl:
            page.goto(f"{BASE}/admin/exemplars/nomination/?status__exact=reviewing")
            page.locator("#action-toggle").check()
            page.select_option("select[name=action]", "export_xlsx")
            page.click("button[name=index]")
        dl.value.save_as(str(OUT / "nominations_city_staff.xlsx"))

        # ---- county_staff: masked data, own county only, other county 404.
        cctx, cpage = login(browser, "county_staff", **DESK)
        cpage.goto(f"{BASE}/admin/exemplars/nomination/")
        shot(cpage, "29_county_nominations")
        areas = set(re.findall(r'<td class="field-area">([^<]+)</td>', cpage.content()))
        print("county_staff nomination areas:", areas)
        assert areas == {"梁园区"}, areas
        cpage.goto(f"{BASE}/admin/exemplars/exemplar/")
        shot(cpage, "30_county_exemplars_masked")
        assert re.search(r"\d{6}\*{8}\d{3}[\dX]", cpage.content())
        resp = cpage.goto(f"{BASE}/admin/exemplars/nomination/{liu_pk}/change/")
        print("county_staff on 睢阳区 nomination ->", resp.status, cpage.url)
        resp = cpage.goto(f"{BASE}/portal/exemplars/nominations/{liu_pk}/")
        assert resp.status == 404
        with cpage.expect_download() as dl:
            cpage.goto(f"{BASE}/admin/exemplars/nomination/")
            cpage.locator("#action-toggle").check()
            cpage.select_option("select[name=action]", "export_xlsx")
            cpage.click("button[name=index]")
        dl.value.save_as(str(OUT / "nominations_county_staff.xlsx"))
        browser.close()
    print("walkthrough ok")


if __name__ == "__main__":
    main()
