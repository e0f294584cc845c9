"""The agents' menu: the pages of the professional area the logged-in account may open.

Each entry is a URL name; it is shown only when the page's gate rule (`acces_regle`, set by
`comptes.acces.page`) lets the account in, so the menu never offers a page that answers 403 (a
view that lets more accounts in than it serves, e.g. the queue that sends non-agents on, narrows
its entry with a `regle_menu` attribute).
An app adds its pages here (label, URL name), in the order agents use them.
"""

from __future__ import annotations

import functools

from django.conf import settings
from django.urls import NoReverseMatch, Resolver404, get_urlconf, resolve, reverse

from comptes.acces import acteur

ENTREES = [
    ("File d'attente", "accueil:file"),
    ("Dossiers", "accueil:personnes"),
    ("Ouvrir un bilan", "bilan:ouvrir"),
    ("RSA", "rsa:liste"),
    ("Aides financières", "aides_financieres:demandes"),
    ("Dépistage", "depistage:liste"),
    ("Conventions", "conventions:liste"),
    ("Participation", "participation:gestion"),
    ("Statistiques", "accueil:statistiques"),
    ("Fiche de ma structure", "annuaire:ma_fiche"),
    ("Membres", "comptes:membres"),
    ("Demandes d'accès", "comptes:demandes_acces"),
    ("Journal d'accès", "comptes:journal"),
]


@functools.cache
def _pages(urlconf: str) -> tuple[tuple[str, str, object], ...]:
    """(label, URL, gate rule) of each entry: the URLs and views of a URLconf do not change
    while a process runs, so they are resolved once per process, not on every agent's page."""
    out = []
    for libelle, nom in ENTREES:
        try:
            url = reverse(nom, urlconf=urlconf)
            vue = resolve(url, urlconf=urlconf).func
        except (NoReverseMatch, Resolver404):
            continue  # an app not installed (or a page not there yet)
        regle = getattr(vue, "regle_menu", None) or getattr(vue, "acces_regle", None)
        if regle is not None:
            out.append((libelle, url, regle))
    return tuple(out)


def entrees(request) -> list[dict]:
    """[{"libelle", "url", "actif"}] for this request's account (empty when not a member)."""
    a = acteur(request)
    if not a.est_connecte:
        return []
    out = [
        {"libelle": libelle, "url": url, "actif": request.path.startswith(url)}
        for libelle, url, regle in _pages(get_urlconf() or settings.ROOT_URLCONF)
        if regle(a)
    ]
    # Only the most specific entry is "current" (/accueil/ vs /accueil/personnes/).
    actifs = [e for e in out if e["actif"]]
    if len(actifs) > 1:
        garde = max(actifs, key=lambda e: len(e["url"]))
        for e in actifs:
            e["actif"] = e is garde
    return out
