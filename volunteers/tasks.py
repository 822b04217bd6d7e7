from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files import File

from core.imports import ImportRejected, discard_import_file
from core.jobs import JobError, job_task
from core.models import ImportLog

from .services.imports import IMPORTERS, file_sha256


def _done_by_this_job(job, raw):
    """The import this job already committed (its worker died before it could say so):
    a re-run reports it instead of importing the file again."""
    return ImportLog.objects.filter(
        kind=job.params["kind"], sha256=file_sha256(raw), ok=True, user_id=job.requested_by_id, at__gte=job.created_at
    ).first()


@job_task(idempotent=True)  # all or nothing, and a re-run finds its own committed import
def import_workbook(job, progress):
    """params: kind, path (a stored upload), name, dry_run."""
    from django.contrib.auth import get_user_model

    params = job.params
    user = get_user_model().objects.get(pk=job.requested_by_id)
    path = Path(params["path"])
    if not path.exists():
        raise JobError("上传的文件已失效，请重新上传")
    with path.open("rb") as raw:
        done = None if params["dry_run"] else _done_by_this_job(job, raw)
        if done is not None:
            return {
                "ok": True,
                "dry_run": False,
                "rows": done.rows,
                "created": done.created,
                "file_name": done.file_name,
            }
        try:
            result = IMPORTERS[params["kind"]](
                file=File(raw, name=params["name"]), user=user, dry_run=params["dry_run"], progress=progress
            )
        except ValidationError:
            discard_import_file(path)  # refused (not a workbook, no header…): not kept
            raise
        except ImportRejected as exc:
            discard_import_file(path)
            return {
                "ok": False,
                "error_count": len(exc.errors),
                "errors": exc.errors.lines(500),
                "rows": None,
                "dry_run": params["dry_run"],
            }
    return {"ok": True, "dry_run": params["dry_run"], **result.as_dict()}
