import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from notices.scan import preview_lines, reminders_run


class Command(BaseCommand):
    help = "扫描到期事项并发送提醒（每人每天一份汇总）；--dry-run 只显示将要发送的内容"

    def add_arguments(self, parser):
        parser.add_argument("--date", help="提醒日期 YYYY-MM-DD，默认今天")
        parser.add_argument("--dry-run", action="store_true", help="只显示，不发送、不记录")

    def handle(self, *args, date=None, dry_run=False, **options):
        try:
            on = dt.date.fromisoformat(date) if date else None
        except ValueError:
            raise CommandError(f"日期格式应为 YYYY-MM-DD：{date}") from None
        result = reminders_run(on=on, dry_run=dry_run)
        if dry_run:
            self.stdout.write(
                f"【试运行】{result.date}：扫描事项 {result.items} 项，将向 {len(result.preview)} 人发送提醒："
            )
            for line in preview_lines(result):
                self.stdout.write(line)
            if not result.preview:
                self.stdout.write("没有需要发送的提醒。")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.date}：扫描事项 {result.items} 项，发出汇总 {result.digests_sent} 份"
                f"（提醒 {result.reminders_sent} 条，邮件 {result.mails_sent} 封）"
            )
        )
