"""Job tasks for the fault-tolerance tests; a worker subprocess loads them with
`celery worker -I tests.core.job_tasks`."""

import time

from core.jobs import job_task

BETWEEN_STEPS = []  # in-process tests: callables run after each step's progress call
DONE_STEPS = []


def _steps(job, progress):
    n = int(job.params.get("steps", 3))
    for i in range(n):
        progress(int(100 * i / n), f"第{i + 1}步")
        for hook in BETWEEN_STEPS:
            hook(job, i)
        DONE_STEPS.append((job.pk, i))
        time.sleep(float(job.params.get("sleep", 0)))
    return {"steps": n, "attempt": job.attempt}


@job_task(idempotent=True)
def idempotent_steps(job, progress):
    return _steps(job, progress)


@job_task()
def one_shot_steps(job, progress):
    return _steps(job, progress)
