"""Chromium walk-through of the exemplars journeys 1–5 against a seeded dev server.

    VAR_DIR=/tmp/civ-exemplars .venv/bin/python manage.py runserver 127.0.0.1:8106 --noreload &
    .venv/bin/python bench/exemplars_walkthrough.py [base_url] [shots_dir]

Screenshots go to /tmp/shots-exemplars/ (look at them); downloads are saved beside them."""

import datetime as dt
import re
import struct
import sys
import zlib
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8106"
OUT = Path(sys.argv[2] if len(sys.argv) > 2 else "/tmp/shots-exemplars")
OUT.mkdir(parents=True, exist_ok=True)
PASSWORD = "Demo@2025civ"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


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
    print("shot", name)


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


def main():
    photo = OUT / "photo.png"
    photo.write_bytes(png_bytes())
    today = dt.date.today()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)

        # Journey 1: office staff open a round.
        ctx, page = login(browser, "city_staff", viewport={"width": 1280, "height": 900})
        page.goto(f"{BASE}/admin/exemplars/selectionround/add/")
        page.fill("#id_name", "第九届商丘市道德模范评选")
        page.select_option("#id_kind", "道德模范")
        page.fill("#id_nomination_start", today.strftime("%Y-%m-%d"))
        page.fill("#id_nomination_end", (today + dt.timedelta(days=30)).strftime("%Y-%m-%d"))
        page.fill("#id_places", "10")
        page.select_option("#id_honour_level", "市级")
        page.check("#id_public_voting")
        shot(page, "01_round_add")
        page.click("input[name=_save]")
        page.wait_for_load_state()
        shot(page, "02_round_list")
        assert "第九届商丘市道德模范评选" in page.content()

        # Journey 2a: a liaison nominates from the portal.
        lctx, lpage = login(browser, "liaison_a", viewport={"width": 390, "height": 844}, is_mobile=True)
        lpage.goto(f"{BASE}/portal/exemplars/")
        shot(lpage, "03_liaison_index")
        lpage.locator("a", has_text="以本单位名义推荐").first.click()
        lpage.wait_for_load_state()
        lpage.select_option("#id_category", index=1)
        lpage.fill("#id_nominee_name", "王守信")
        lpage.fill("#id_age", "52")
        lpage.select_option("#id_sex", "男")
        lpage.fill("#id_unit_or_address", "梁园区平原路街道")
        lpage.select_option("#id_region", index=2)
        lpage.fill("#id_deeds", "王守信同志坚持二十年义务为社区老人修理家电，从不收取费用。")
        lpage.set_input_files("#id_photos", str(photo))
        shot(lpage, "04_liaison_form")
        lpage.click("button[type=submit]")
        lpage.wait_for_load_state()
        shot(lpage, "05_liaison_nomination")
        assert "待初审" in lpage.content()

        # Journey 2b: anyone nominates from the public page (phone); a bad ID is refused.
        actx = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True)
        apage = actx.new_page()
        apage.goto(f"{BASE}/public/exemplars/")
        shot(apage, "06_public_index")
        apage.locator("a", has_text="我要推荐").first.click()
        apage.wait_for_load_state()
        apage.select_option("#id_category", index=0)
        apage.fill("#id_nominee_name", "刘热心")
        apage.fill("#id_id_number", "411402198001010000")
        apage.fill("#id_unit_or_address", "睢阳区古城")
        apage.select_option("#id_region", index=3)
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

        # Journey 3: screening, merging duplicates, assigning reviewers.
        page.goto(f"{BASE}/admin/exemplars/nomination/?status__exact=submitted")
        shot(page, "09_screening_list")
        dup = page.locator("#result_list tr", has_text="2条同名").first
        dup_name = dup.locator("th a, td a").first.inner_text()
        page.goto(f"{BASE}/admin/exemplars/nomination/?status__exact=submitted&q={dup_name}")
        for box in page.locator("input.action-select").all():
            box.check()
        page.select_option("select[name=action]", "merge")
        page.click("button[name=index]")
        page.wait_for_load_state()
        shot(page, "10_merge_form")
        page.select_option("#id_target", index=1)
        page.click("input[type=submit].default")
        page.wait_for_load_state()
        shot(page, "11_merged")
        assert "并入" in page.content()
        page.goto(f"{BASE}/admin/exemplars/nomination/?status__exact=submitted&q=王守信")
        admin_action(page, "accept", ["王守信"])
        assert "初审通过" in page.content()
        page.goto(f"{BASE}/admin/exemplars/nomination/?status__exact=reviewing&q=王守信")
        admin_action(page, "assign_reviewers", ["王守信"])
        page.locator("input[name=reviewers]").first.check()
        shot(page, "12_assign_form")
        page.click("input[type=submit].default")
        page.wait_for_load_state()
        assert "评审分配" in page.content()

        # Reviewer scores.
        rctx, rpage = login(browser, "reviewer", viewport={"width": 1100, "height": 800})
        rpage.goto(f"{BASE}/portal/exemplars/")
        shot(rpage, "13_reviewer_index")
        rpage.locator("a", has_text="王守信").first.click()
        rpage.wait_for_load_state()
        rpage.fill("#id_score", "93")
        rpage.select_option("#id_vote", "for")
        rpage.fill("#id_comment", "事迹突出，群众口碑好。")
        shot(rpage, "14_review_form")
        rpage.click("button[type=submit]")
        rpage.wait_for_load_state()
        assert "已保存" in rpage.content()

        # Public voting (one per day per nominee).
        apage.goto(f"{BASE}/public/exemplars/")
        apage.locator("a", has_text="道德模范评选").first.click()
        apage.wait_for_load_state()
        apage.locator("button", has_text="投一票").first.click()
        apage.wait_for_load_state()
        apage.locator("button", has_text="投一票").first.click()
        apage.wait_for_load_state()
        shot(apage, "15_vote_twice")
        assert "已为该人选投过票" in apage.content()

        # Ranking per category.
        page.goto(f"{BASE}/admin/exemplars/selectionround/")
        page.locator("tr", has_text="第八届").locator("a", has_text="排名").click()
        page.wait_for_load_state()
        shot(page, "16_ranking")

        # Journey 4: publicity (the 美德少年 round is under publicity), objection, commend refused before the end.
        apage.goto(f"{BASE}/public/exemplars/")
        apage.locator("a", has_text="美德少年").last.click()
        apage.wait_for_load_state()
        shot(apage, "17_public_publicity")
        page.goto(f"{BASE}/admin/exemplars/objection/")
        shot(page, "18_objections")
        page.goto(f"{BASE}/admin/exemplars/nomination/?status__exact=publicity")
        first = page.locator("#result_list tbody tr").first.locator("th a").inner_text()
        admin_action(page, "commend", [first])
        page.click("input[type=submit].default")
        page.wait_for_load_state()
        shot(page, "19_commend_refused")
        # Put the two best of the 道德模范 round under publicity.
        page.goto(f"{BASE}/admin/exemplars/nomination/?status__exact=reviewing&q=王守信")
        admin_action(page, "start_publicity", ["王守信"])
        page.click("input[type=submit].default")
        page.wait_for_load_state()
        shot(page, "20_publicity_started")

        # Journey 5: exemplar database, hardship statistics, festival list, exports.
        page.goto(f"{BASE}/admin/exemplars/exemplar/?hardship__exact=1")
        shot(page, "21_exemplar_db")
        page.goto(f"{BASE}/admin/exemplars/exemplar/hardship-stats/")
        shot(page, "22_hardship_stats")
        page.goto(f"{BASE}/admin/exemplars/exemplar/festival-visits/?festival=中秋&year={today.year}")
        shot(page, "23_festival_list")
        with page.expect_download() as dl:
            page.goto(f"{BASE}/admin/exemplars/exemplar/")
            page.locator("#action-toggle").check()
            page.select_option("select[name=action]", "export_xlsx")
            page.click("button[name=index]")
        dl.value.save_as(str(OUT / "exemplars.xlsx"))
        page.goto(f"{BASE}/admin/exemplars/selectionround/")
        with page.expect_download() as dl:
            page.locator("tr", has_text=f"{today.year - 1}年度").locator("input.action-select").check()
            page.select_option("select[name=action]", "export_commendation_word")
            page.click("button[name=index]")
        dl.value.save_as(str(OUT / "commendation.docx"))
        # county staff may not reveal personal data: the exemplar list shows masked ID numbers.
        cctx, cpage = login(browser, "county_staff", viewport={"width": 1280, "height": 900})
        cpage.goto(f"{BASE}/admin/exemplars/exemplar/")
        shot(cpage, "24_county_exemplars_masked")
        assert re.search(r"\d{6}\*{8}\d{3}[\dX]", cpage.content())
        browser.close()
    print("walkthrough ok")


if __name__ == "__main__":
    main()
