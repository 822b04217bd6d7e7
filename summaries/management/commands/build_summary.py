from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from core.jobs import JobError
from summaries.models import AnnualSummary
from summaries.services import summary_build_inline, summary_request
from units.models import Region


class Command(BaseCommand):
    help = "生成某区划某年度的年度工作总结（新版本）：默认交给 Celery 后台执行；--inline 在本进程中执行"

    def add_arguments(self, parser):
        parser.add_argument("--region", required=True, help="区划代码，如 4114")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--user", help="记为发起人的用户名（可选）")
        parser.add_argument("--inline", action="store_true", help="不经后台任务，直接在本进程生成")

    def handle(self, *args, region, year, user=None, inline=False, **options):
        try:
            region_obj = Region.objects.get(code=region)
        except Region.DoesNotExist:
            raise CommandError(f"区划代码不存在：{region}") from None
        by = None
        if user:
            by = get_user_model().objects.filter(username=user).first()
            if by is None:
                raise CommandError(f"用户不存在：{user}")
        try:
            summary = summary_request(region=region_obj, year=year, by=by)
        except JobError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"已创建：{summary}（编号 {summary.pk}，后台任务 {summary.job_id}）")
        if inline:
            result = summary_build_inline(
                summary=summary, progress=lambda pct, msg: self.stdout.write(f"  {pct:3d}% {msg}")
            )
            summary = AnnualSummary.objects.get(pk=summary.pk)
            self.stdout.write(
                self.style.SUCCESS(
                    f"完成：{result['figures']}项数据；Word {summary.docx.name}；Excel {summary.xlsx.name}"
                )
            )
        else:
            self.stdout.write("已交给后台任务执行，可在管理后台“年度工作总结”中查看进度。")
