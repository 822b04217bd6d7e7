import time

from django.core.management.base import BaseCommand, CommandError

from dashboards.services import snapshots_refresh
from units.models import Region


class Command(BaseCommand):
    help = "重新汇总领导看板指标快照（默认：全部区划、近五年）"

    def add_arguments(self, parser):
        parser.add_argument("--region", help="只汇总该区划代码及其下级，如 4114")
        parser.add_argument("--years", help="逗号分隔的年度，如 2025,2026")
        parser.add_argument("--only", action="store_true", help="只汇总 --region 指定的区划本身，不含下级")

    def handle(self, *args, region=None, years=None, only=False, **options):
        root = None
        if region:
            root = Region.objects.filter(code=region).first()
            if root is None:
                raise CommandError(f"区划代码不存在：{region}")
        year_list = [int(y) for y in years.split(",")] if years else None
        started = time.monotonic()
        if only and root is None:
            raise CommandError("--only 需要同时指定 --region")
        rows = snapshots_refresh(root=root, years=year_list, only_root=only)
        self.stdout.write(f"已写入 {rows} 条指标快照，用时 {time.monotonic() - started:.1f} 秒")
