from . import applications, catalog, holdings, materials  # noqa: F401
