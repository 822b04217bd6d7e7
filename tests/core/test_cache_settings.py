"""With REDIS_URL set, the cache is django-redis failing open with short timeouts (read
from the real settings module in a fresh interpreter)."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_redis_cache_fails_open_with_short_timeouts(tmp_path):
    env = {**os.environ, "REDIS_URL": "redis://127.0.0.1:6390/4", "VAR_DIR": str(tmp_path), "DJANGO_ENV": "development"}
    env.pop("DATABASE_URL", None)
    code = "import json, civcreate.settings as s; print(json.dumps(s.CACHES['default']))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    cache = json.loads(out.stdout.strip().splitlines()[-1])
    assert cache["BACKEND"] == "django_redis.cache.RedisCache"
    assert cache["OPTIONS"]["IGNORE_EXCEPTIONS"] is True
    assert cache["OPTIONS"]["SOCKET_CONNECT_TIMEOUT"] <= 0.5 and cache["OPTIONS"]["SOCKET_TIMEOUT"] <= 1
