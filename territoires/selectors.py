"""Commune search, shared by the API and the commune fields of the pages."""

from __future__ import annotations

from django.conf import settings

from territoires.models import Commune
from territoires.recherche import CODE_INSEE, est_code_postal, normaliser, rang


def rechercher_communes(q: str, limite: int = 20, departements=None) -> list[Commune]:
    """Communes matching a name (accents, hyphens, St/Saint ignored) or a postal code.

    Exact names first, then names starting with the query, then names containing it as a word,
    then the rest; within each group the communes of the platform's départements first, then
    the bigger ones.
    """
    q = (q or "").strip()
    if not q:
        return []
    qs = Commune.objects.select_related("departement")
    if departements:
        qs = qs.filter(departement_id__in=departements)
    if est_code_postal(q) or CODE_INSEE.match(q.upper()):
        # Five digits: a postal code, or else an INSEE code (they often differ: Melun is
        # 77000 / 77288).
        found = [c for c in qs.filter(codes_postaux__contains=q) if q in c.liste_codes_postaux]
        if not found:
            found = list(qs.filter(code_insee=q.upper()))
    else:
        n = normaliser(q)
        if not n:
            return []
        found = list(qs.filter(nom_normalise__contains=n)[:500])
        locaux = set(settings.DEPARTEMENTS)
        found.sort(
            key=lambda c: (
                rang(c.nom_normalise, n),
                c.departement_id not in locaux,
                -(c.population or 0),
                c.nom,
            )
        )
        return found[:limite]
    found.sort(key=lambda c: (-(c.population or 0), c.nom))
    return found[:limite]


def commune_par_code(code_insee: str) -> Commune | None:
    return Commune.objects.select_related("departement", "epci").filter(pk=code_insee).first()
