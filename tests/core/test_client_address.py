"""The client address behind reverse proxies: trusted only as far as the deployment says."""

from django.http import HttpResponse
from django.test import RequestFactory

from core.middleware import ClientAddressMiddleware


def seen_address(settings, count, forwarded):
    settings.TRUSTED_PROXY_COUNT = count
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
    ClientAddressMiddleware(lambda r: HttpResponse())(request)
    return request.META["REMOTE_ADDR"]


def test_without_trusted_proxy_the_header_is_ignored(settings):
    assert seen_address(settings, 0, "1.2.3.4") == "10.0.0.2"


def test_behind_one_proxy_the_address_it_appended_is_the_client(settings):
    # the client forged "6.6.6.6"; nginx appended the address it really saw
    assert seen_address(settings, 1, "6.6.6.6, 203.0.113.7") == "203.0.113.7"


def test_behind_two_proxies(settings):
    assert seen_address(settings, 2, "203.0.113.7, 10.0.0.9") == "203.0.113.7"


def test_short_header_leaves_the_socket_address(settings):
    assert seen_address(settings, 2, "203.0.113.7") == "10.0.0.2"
