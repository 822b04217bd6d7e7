"""The server-error page. It renders without the database or the cache (either may be
what failed) and tells a database outage (503, try again shortly) from a bug (500)."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader

DATABASE_DOWN = (OperationalError, InterfaceError)


def server_error(request, template_name="500.html"):
    if isinstance(sys.exc_info()[1], DATABASE_DOWN):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = "5"
        return response
    return HttpResponse(loader.get_template(template_name).render(), status=500)
