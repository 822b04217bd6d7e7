import importlib
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from core.demo import DEMO_APPS, DEMO_PASSWORD, SCALES, DemoContext
from units.models import Region, Unit
from units.services.regions import regions_load


class Command(BaseCommand):
    help = "生成演示数据：--scale demo（演示城市）、city（约2000个单位）、province（约5万个单位）"

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="demo")
        parser.add_argument("--if-empty", action="store_true", help="已有单位数据时跳过")
        parser.add_argument("--year", type=int, default=None)
        parser.add_argument("--apps", help="只生成这些模块的数据（逗号分隔，units 总是包含），用于基准测试")

    def handle(self, *args, scale, if_empty, year, apps=None, **options):
        if Unit.objects.exists():
            if if_empty:
                self.stdout.write("已有数据，跳过演示数据生成。")
                return
            raise CommandError("数据库中已有单位数据；请在空数据库上生成演示数据（make reset 可重建）。")
        if not Region.objects.exists():
            regions_load()
        ctx = DemoContext(scale=scale, year=year or timezone.localdate().year, stdout=self.stdout)
        started = time.monotonic()
        wanted = {"units", *apps.split(",")} if apps else set(DEMO_APPS)
        for app in DEMO_APPS:
            if app not in wanted:
                continue
            try:
                module = importlib.import_module(f"{app}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{app}.demo":
                    raise
                continue
            t0 = time.monotonic()
            with transaction.atomic():
                module.seed(ctx)
            self.stdout.write(f"  {app}: {time.monotonic() - t0:.1f} 秒")
        if connection.vendor == "postgresql":
            # Bulk COPY leaves the planner with empty-table statistics; fresh ones keep
            # the first dashboards and summaries from choosing row-by-row plans.
            t0 = time.monotonic()
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            self.stdout.write(f"  统计信息更新（ANALYZE）: {time.monotonic() - t0:.1f} 秒")
        self.stdout.write(self.style.SUCCESS(f"演示数据已生成（{scale}），用时 {time.monotonic() - started:.0f} 秒。"))
        self.stdout.write(f"演示账户（密码均为 {DEMO_PASSWORD}）：")
        for role, username, note in ctx.logins:
            self.stdout.write(f"  {role:<10} {username:<16} {note}")
