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
`CACHE_MIDDLEWARE_SECONDS` (60 s in production, off by default: `SOLIDARITES_CACHE_PAGES_SECONDES`).
"""

from __future__ import annotations

MISE_A_JOUR = "django.middleware.cache.UpdateCacheMiddleware"
LECTURE = "django.middleware.cache.FetchFromCacheMiddleware"


def avec_cache_des_pages(middleware: list[str]) -> list[str]:
    """`middleware` with the page cache around it (store last on the way out, look up first)."""
    reste = [m for m in middleware if m not in (MISE_A_JOUR, LECTURE)]
    return [MISE_A_JOUR, LECTURE, *reste]
