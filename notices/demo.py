"""Demo: today's reminder scan, so that the portal and admin show notices."""

from .scan import reminders_run


def seed(ctx):
    if ctx.scale != "demo":
        return
    result = reminders_run()
    ctx.log(f"  提醒：扫描 {result.items} 项，发出汇总 {result.digests_sent} 份（提醒 {result.reminders_sent} 条）")
