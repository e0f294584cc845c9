"""The cache of public pages (issue 18: ≥ 500 requests/s on the public pages).

Django's per-site cache, with the lookup placed first: a page found in the cache is answered
before any other middleware runs (no session, CSRF, CSP or authentication work on a hit; the
stored answer already carries every header those middlewares wrote). It is safe because only
public answers are stored — Django's UpdateCacheMiddleware stores:
- no `Cache-Control: private` answer (every page that may hold personal data, and the API, are
  marked `no-store, private` by `NePasConserverMiddleware`);
- no answer that sets a cookie to a request that had none (a CSRF token for a form, a session);
- only 200 answers to GET / HEAD;
and its key holds the full URL (scheme, host, path, query string) and the request headers the
stored answer varies on (`Vary: Cookie`, `Accept-Language`): a logged-in agent, whose request
carries a session cookie, never gets the anonymous copy. Staleness is bounded by
`CACHE_MIDDLEWARE_SECONDS` (60 s in production, off by default: `SOLIDARITES_CACHE_PAGES_SECONDES`),
and a change of the content is never hidden by it: the key prefix holds the content version
(`solidarites.contenu`), changed by every write of the content and by the load command, so a
page stored before the change is not looked up again.

The version is read once per request, when the cache is looked up, and kept on the request: the
answer is stored under the version it was looked up with (Django's middlewares read
`self.key_prefix`, shared by the threads: here a property reading a context variable set for
the duration of the call).
"""

from __future__ import annotations

from contextvars import ContextVar

from django.conf import settings
from django.middleware.cache import FetchFromCacheMiddleware, UpdateCacheMiddleware

from solidarites import contenu

MISE_A_JOUR = "solidarites.cache_pages.MiseAJourDuCache"
LECTURE = "solidarites.cache_pages.LectureDuCache"
_DJANGO = (
    "django.middleware.cache.UpdateCacheMiddleware",
    "django.middleware.cache.FetchFromCacheMiddleware",
)

_prefixe: ContextVar[str] = ContextVar("prefixe_cache_pages", default="")


def prefixe(request) -> str:
    """The key prefix of this request's page: `pages.<content version>` (read once)."""
    if not hasattr(request, "_prefixe_cache_pages"):
        request._prefixe_cache_pages = f"{settings.CACHE_MIDDLEWARE_KEY_PREFIX}.{contenu.version()}"
    return request._prefixe_cache_pages


class _PrefixeVersionne:
    # Django's __init__ assigns the static prefix: ignored, the property answers per call.
    key_prefix = property(lambda self: _prefixe.get(), lambda self, valeur: None)


class LectureDuCache(_PrefixeVersionne, FetchFromCacheMiddleware):
    def process_request(self, request):
        jeton = _prefixe.set(prefixe(request))
        try:
            return super().process_request(request)
        finally:
            _prefixe.reset(jeton)


class MiseAJourDuCache(_PrefixeVersionne, UpdateCacheMiddleware):
    def process_response(self, request, response):
        if not self._should_update_cache(request, response):
            return response
        jeton = _prefixe.set(prefixe(request))
        try:
            return super().process_response(request, response)
        finally:
            _prefixe.reset(jeton)


def avec_cache_des_pages(middleware: list[str]) -> list[str]:
    """`middleware` with the page cache around it (store last on the way out, look up first)."""
    reste = [m for m in middleware if m not in (MISE_A_JOUR, LECTURE, *_DJANGO)]
    return [MISE_A_JOUR, LECTURE, *reste]
