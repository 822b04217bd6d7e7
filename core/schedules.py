"""Every periodic job of the project, in one place.

`sync_schedules()` creates the django-celery-beat rows that are missing (after migrate
and on `manage.py sync_roles`); it never overwrites a row, so staff can edit the time in
the admin and keep it.
"""

SCHEDULES = [
    # name, task, crontab (minute, hour, day_of_week, day_of_month, month_of_year)
    {
        "name": "后台任务巡检（中断任务重新执行、补发待执行任务）",
        "task": "core.tasks.watch_jobs",
        "crontab": {"minute": "*"},
    },
    {
        "name": "每日到期提醒扫描",
        "task": "notices.tasks.send_daily_reminders",
        "crontab": {"minute": "0", "hour": "8"},
    },
    {
        "name": "领导看板指标汇总",
        "task": "dashboards.tasks.refresh_all_snapshots",
        "crontab": {"minute": "5"},
    },
    {
        "name": "年度工作总结（上一年度）",
        "task": "summaries.tasks.request_yearly_summaries",
        "crontab": {"minute": "0", "hour": "2", "day_of_month": "5", "month_of_year": "1"},
    },
    {
        "name": "文明称号届满处理",
        "task": "titles.tasks.expire_titles",
        "crontab": {"minute": "0", "hour": "1", "day_of_month": "1", "month_of_year": "1"},
    },
    {
        "name": "清理过期的导入文件",
        "task": "core.tasks.purge_old_import_files",
        "crontab": {"minute": "30", "hour": "3"},
    },
]


def sync_schedules() -> None:
    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    for entry in SCHEDULES:
        if PeriodicTask.objects.filter(name=entry["name"]).exists():
            continue
        cron = {"minute": "*", "hour": "*", "day_of_week": "*", "day_of_month": "*", "month_of_year": "*"}
        cron.update(entry["crontab"])
        schedule, _ = CrontabSchedule.objects.get_or_create(timezone="Asia/Shanghai", **cron)
        PeriodicTask.objects.create(name=entry["name"], task=entry["task"], crontab=schedule)


def sync_schedules_after_migrate(sender, **kwargs):
    # After the last app: only then do every app's permissions and tables exist.
    from django.apps import apps

    if sender.name == list(apps.get_app_configs())[-1].name:
        sync_schedules()
