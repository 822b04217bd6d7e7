from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return len(ctx.captured_queries)


def assert_rows_do_not_add_queries(client, url, add_rows, *, max_queries: int = 40) -> None:
    """The page costs the same number of queries with more rows (no query per row)."""
    count_queries(client, url)  # warm caches (content types, sessions)
    before = count_queries(client, url)
    add_rows()
    after = count_queries(client, url)
    assert after == before, f"{before} queries, then {after} after adding rows"
    assert after <= max_queries
