"""The guard of the public forms (no account): the same two protections, the same answers.

- A hidden field that people do not see and robots fill in (`ChampPiege`, shown by the include
  `solidarites/_champ_piege.html`): a robot is answered as if all went well, nothing is stored.
- A limit of requests per address and hour (`solidarites.limites`): `garder` answers the
  read-only pre-check before the form is even validated; the service that stores the request
  takes the unit in its transaction (`prendre_une_demande`), exact under parallel requests.
  Either way the person reads the same 429 page (`trop_de_demandes`).

`traiter` runs the whole POST of a public form (guard, validation, write, field errors): a view
reads

    reponse = traiter(request, form, usage="participation", limite=…, robot=…,
                      ecrire=lambda donnees, ip: services.…(…, ip), succes=lambda objet: redirect(…))
    if reponse:
        return reponse
    # else: show the form again, with its errors
"""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from solidarites import limites
from solidarites.erreurs import ErreurChamps, appliquer_erreurs


class TropDeDemandes(Exception):
    """The address has sent as many requests as its limit allows this hour."""


class ChampPiege(forms.Form):
    """Adds the hidden field robots fill in (render it with `solidarites/_champ_piege.html`)."""

    site_web = forms.CharField(required=False, label="Ne pas remplir ce champ")


def adresse(request: HttpRequest) -> str | None:
    """The client's address (REMOTE_ADDR, set from trusted proxies by the middleware)."""
    return request.META.get("REMOTE_ADDR") or None


def est_un_robot(request: HttpRequest) -> bool:
    return bool(request.POST.get("site_web"))


def trop_de_demandes(request: HttpRequest, *, retour: str = "", retour_libelle: str = ""):
    """The one answer to an address over its limit: 429 and what to do instead."""
    return render(
        request,
        "solidarites/trop_de_demandes.html",
        {"title": "Trop de demandes", "retour": retour, "retour_libelle": retour_libelle},
        status=429,
    )


def garder(
    request: HttpRequest,
    usage: str,
    limite: int,
    *,
    robot: Callable[[HttpRequest], HttpResponse],
    retour: str = "",
    retour_libelle: str = "",
) -> HttpResponse | None:
    """None when the POST may go on; else the answer to give: `robot(request)` for a robot (it must
    look like a success and store nothing), the 429 page when the limit is already reached."""
    if est_un_robot(request):
        return robot(request)
    if limites.atteinte(usage, adresse(request), limite):
        return trop_de_demandes(request, retour=retour, retour_libelle=retour_libelle)
    return None


def prendre_une_demande(usage: str, ip: str | None, limite: int) -> None:
    """Takes one unit of the address's limit; call it inside the transaction that stores the
    request (the unit is given back if it rolls back). Raises TropDeDemandes when none is left."""
    if not limites.consommer(usage, ip, limite):
        raise TropDeDemandes


def traiter(
    request: HttpRequest,
    form: forms.Form,
    *,
    usage: str,
    limite: int,
    robot: Callable[[HttpRequest], HttpResponse],
    ecrire: Callable[[dict, str | None], object],
    succes: Callable[[object], HttpResponse],
    retour: str = "",
    retour_libelle: str = "",
) -> HttpResponse | None:
    """The POST of a public form: the guard (`garder`), then the form's validation, then
    `ecrire(cleaned_data, address)` (which takes the limit's unit in its transaction,
    `prendre_une_demande`), then `succes(what it wrote)`. None when the form must be shown
    again: invalid, or the service's field errors (ErreurChamps) put on it."""
    refus = garder(
        request, usage, limite, robot=robot, retour=retour, retour_libelle=retour_libelle
    )
    if refus:
        return refus
    if not form.is_valid():
        return None
    try:
        ecrit = ecrire(form.cleaned_data, adresse(request))
    except TropDeDemandes:
        return trop_de_demandes(request, retour=retour, retour_libelle=retour_libelle)
    except ErreurChamps as exc:
        appliquer_erreurs(form, exc)
        return None
    return succes(ecrit)
