from . import activities, campaigns, evidence, framework, inspections, tasks  # noqa: F401
