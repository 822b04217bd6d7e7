from django.core.management.base import BaseCommand

from units.services.regions import regions_load


class Command(BaseCommand):
    help = "从 fixtures/regions/ 载入 GB/T 2260 行政区划（省、市、县、乡镇街道）"

    def add_arguments(self, parser):
        parser.add_argument("--only", help="只载入此代码前缀的区划及其上级，例如 4114")

    def handle(self, *args, only=None, **options):
        count = regions_load(only=only)
        self.stdout.write(self.style.SUCCESS(f"已载入行政区划 {count} 条"))
