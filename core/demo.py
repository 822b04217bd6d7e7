"""Shared pieces for `manage.py seed_demo`.

Each app may have a `demo.py` with `seed(ctx: DemoContext) -> None`; seed_demo calls
them in DEMO_APPS order. Large scales must use bulk writes (bulk_create in batches)."""

import random
from dataclasses import dataclass, field

from faker import Faker

DEMO_APPS = ("units", "campaigns", "titles", "volunteers", "exemplars", "notices", "summaries", "dashboards")
DEMO_PASSWORD = "Demo@2025civ"

SCALES = {
    # units, volunteers, service records (later issues read these)
    "demo": {"units": 80, "volunteers": 600, "service_records": 4000},
    "city": {"units": 2000, "volunteers": 200_000, "service_records": 2_000_000},
    "province": {"units": 50_000, "volunteers": 2_000_000, "service_records": 20_000_000},
}
DEMO_CITY = "4114"  # 河南省商丘市
DEMO_PROVINCE = "41"  # 河南省


@dataclass
class DemoContext:
    scale: str
    year: int
    stdout: object
    rng: random.Random = field(default_factory=lambda: random.Random(20251123))
    faker: Faker = field(default_factory=lambda: Faker("zh_CN"))
    city: object = None  # units.Region of the demo city
    counties: list = field(default_factory=list)
    users: dict = field(default_factory=dict)  # login name -> User
    logins: list = field(default_factory=list)  # (role, username, note) printed at the end
    data: dict = field(default_factory=dict)  # anything an app leaves for later apps

    @property
    def sizes(self) -> dict:
        return SCALES[self.scale]

    def log(self, message: str) -> None:
        self.stdout.write(message)
