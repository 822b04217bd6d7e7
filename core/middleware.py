from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers


class ChineseFirstLocaleMiddleware:
    """Simplified Chinese for everyone unless the person chose another language
    (the language cookie set by /i18n/setlang/). The browser's Accept-Language is
    deliberately ignored: offices use machines set up in any language."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        try:
            response = self.get_response(request)
        finally:
            translation.deactivate()  # the thread serves the next request (or test) afresh
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",))
        return response


class ClientAddressMiddleware:
    """Behind TRUSTED_PROXY_COUNT reverse proxies, REMOTE_ADDR is the nearest proxy; the
    client is the address that many places from the right of X-Forwarded-For (each
    trusted proxy appends the address it saw). Login throttling, flood limits and the
    personal-data log all read REMOTE_ADDR, so it is corrected here, once. With no
    trusted proxy the header is ignored: a client could write anything into it."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.count = settings.TRUSTED_PROXY_COUNT

    def __call__(self, request):
        if self.count:
            hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
            if len(hops) >= self.count:
                request.META["REMOTE_ADDR"] = hops[-self.count]
        return self.get_response(request)


class PrivatePagesMiddleware:
    """Every page served to a signed-in user is `Cache-Control: private, no-store`: no
    proxy or browser cache keeps a roster, a dashboard or a download after the session.
    Static files never reach this (WhiteNoise answers them first)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response
