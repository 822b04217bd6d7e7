from . import database, nominations, rounds  # noqa: F401
