from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files import File

from core.imports import ImportRejected, discard_import_file
from core.jobs import JobError, job_task

from .services.imports import IMPORTERS


@job_task()
def import_workbook(job, progress):
    """params: kind, path (a stored upload), name, dry_run."""
    from django.contrib.auth import get_user_model

    params = job.params
    user = get_user_model().objects.get(pk=job.requested_by_id)
    path = Path(params["path"])
    if not path.exists():
        raise JobError("上传的文件已失效，请重新上传")
    with path.open("rb") as raw:
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
