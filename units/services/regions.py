"""Loading the GB/T 2260 region tree from the CSVs in fixtures/regions/."""

import csv
from pathlib import Path

from django.conf import settings
from django.db import transaction

from units.models import Region

REGION_DIR = Path(settings.BASE_DIR) / "fixtures" / "regions"
FILES = (
    ("provinces.csv", Region.Level.PROVINCE, None),
    ("cities.csv", Region.Level.CITY, "provinceCode"),
    ("areas.csv", Region.Level.COUNTY, "cityCode"),
    ("streets.csv", Region.Level.TOWNSHIP, "areaCode"),
)
PLACEHOLDER_NAMES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}


def _wanted(code: str, only: str | None) -> bool:
    return only is None or code.startswith(only) or only.startswith(code)


@transaction.atomic
def regions_load(*, only: str | None = None, directory: Path = REGION_DIR) -> int:
    """Create or update regions, level by level; `only` keeps one code prefix (plus its
    ancestors) — handy for tests and small demos. Returns the number of rows written."""
    written = 0
    for filename, level, parent_col in FILES:
        with open(directory / filename, encoding="utf-8") as fh:
            rows = [r for r in csv.DictReader(fh) if _wanted(r["code"], only)]
        parents = {}
        if parent_col:
            parent_codes = {r[parent_col] for r in rows}
            parents = {r.code: r for r in Region.objects.filter(code__in=parent_codes)}
        objs = []
        for r in rows:
            parent = parents.get(r[parent_col]) if parent_col else None
            name = r["name"].strip()
            prefix = parent.full_name if parent else ""
            full = prefix + ("" if name in PLACEHOLDER_NAMES else name)
            objs.append(Region(code=r["code"], name=name, level=level, parent=parent, full_name=full or name))
        Region.objects.bulk_create(
            objs,
            batch_size=2000,
            update_conflicts=True,
            unique_fields=["code"],
            update_fields=["name", "level", "parent", "full_name"],
        )
        written += len(objs)
    return written
