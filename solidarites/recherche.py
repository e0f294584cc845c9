"""Agents' searches by name never travel in the URL (issue 18: they ended in the access logs of
the server and of the reverse proxy, and in the browser's history).

A search form that may hold a person's name posts its criteria (`method="post"`, with its CSRF
token); `criteres` keeps them in the agent's session (one entry per page) and answers a
redirect to the page itself: POST-redirect-GET, so reloading and the « back » button work and
the URL holds no name. The page then reads its criteria from the session, unless its URL has
filters of its own (a status from a dashboard's link: they replace the kept ones); the page
number stays in the URL. An old link or bookmark with a name
in it (`?q=Martin`) is moved into the session and the URL cleaned at once.

    criteres = recherche.criteres(request, "rsa")
    if isinstance(criteres, HttpResponse):
        return criteres
    form = FormulaireFiltres(criteres or None)

The form's « Effacer » button (`name="effacer"`) forgets the page's criteria.

The API does the same with its own means: a name search is a `POST …/recherche` operation with
the text in the JSON body (`POST /api/v1/accueil/personnes/recherche`, `…/rsa/beneficiaires/
recherche`, `…/aides-financieres/demandes/recherche`); the GET lists take no name, and an old
client that still sends `?q=` gets a 400 saying where to send it (`refuser_nom_dans_l_url`),
rather than the whole unfiltered list.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.http import HttpResponse, HttpResponseRedirect, QueryDict

from solidarites.erreurs import ErreurChamps

SESSION = "recherches"
EFFACER = "effacer"
IGNORES = {"csrfmiddlewaretoken", EFFACER}
TAILLE_MAX = 200  # characters per value kept (a search, not a document)


def _url(request, reste: QueryDict | None = None) -> str:
    return request.path + (f"?{reste.urlencode()}" if reste else "")


def criteres(request, cle: str, *, nominatifs: Iterable[str] = ("q",)) -> QueryDict | HttpResponse:
    """The page's search criteria (a QueryDict, empty when none), or the redirect to answer."""
    gardes = dict(request.session.get(SESSION) or {})
    if request.method == "POST":
        if EFFACER in request.POST:
            gardes.pop(cle, None)
        else:
            gardes[cle] = {
                k: [v[:TAILLE_MAX] for v in request.POST.getlist(k)]
                for k in request.POST
                if k not in IGNORES
            }
        request.session[SESSION] = gardes
        return HttpResponseRedirect(_url(request))
    nominatifs = [n for n in nominatifs if n in request.GET]
    if nominatifs:
        garde = dict(gardes.get(cle) or {})
        reste = request.GET.copy()
        for n in nominatifs:
            garde[n] = [v[:TAILLE_MAX] for v in request.GET.getlist(n)]
            reste.pop(n)
        gardes[cle] = garde
        request.session[SESSION] = gardes
        return HttpResponseRedirect(_url(request, reste))
    donnees = request.GET.copy()
    donnees.pop("page", None)
    if donnees:  # a link with its own filters (a status from a dashboard): they replace the kept
        return donnees
    for k, valeurs in (gardes.get(cle) or {}).items():
        donnees.setlist(k, valeurs)
    return donnees


def refuser_nom_dans_l_url(request, recherche: str, *, nominatifs: Iterable[str] = ("q",)) -> None:
    """API lists: a name search in the query string is refused (400 naming the field and the
    operation that takes it in its body); nothing is searched or listed."""
    for n in nominatifs:
        if n in request.GET:
            raise ErreurChamps(
                {
                    n: "La recherche par nom ne passe pas dans l'adresse (elle finirait dans les "
                    f"journaux d'accès) : envoyez-la dans le corps JSON de POST {recherche}."
                }
            )
