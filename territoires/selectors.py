"""Commune search, shared by the API and the commune fields of the pages."""

from __future__ import annotations

from django.conf import settings

from territoires.models import Commune
from territoires.recherche import (
    CODE_INSEE,
    cle_classement,
    est_code_postal,
    lire_libelle,
    normaliser,
)


def rechercher_communes(
    q: str, limite: int = 20, departements=None, departement_prefere: str | None = None
) -> list[Commune]:
    """Communes matching a name (accents, hyphens, St/Saint ignored), a postal code, an INSEE
    code or an autocomplete label ("Chalon-sur-Saône (71100)").

    Names equal to or starting with the query first, then names containing it; within each,
    the user's département (`departement_prefere`) then the platform's, then the bigger
    communes (`territoires.recherche.cle_classement`).
    """
    q = (q or "").strip()
    if not q:
        return []
    qs = Commune.objects.select_related("departement")
    if departements:
        qs = qs.filter(departement_id__in=departements)
    libelle = lire_libelle(q)
    if libelle:
        nom, cp = libelle
        n = normaliser(nom)
        found = [c for c in qs.filter(codes_postaux__contains=cp) if cp in c.liste_codes_postaux]
        return [c for c in found if c.nom_normalise == n] or found[:limite]
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
        servis = tuple(settings.DEPARTEMENTS)
        found.sort(
            key=lambda c: cle_classement(
                c.nom_normalise, n, c.departement_id, c.population, servis, departement_prefere
            )
        )
        return found[:limite]
    found.sort(key=lambda c: (-(c.population or 0), c.nom))
    return found[:limite]


def commune_par_code(code_insee: str) -> Commune | None:
    return Commune.objects.select_related("departement", "epci").filter(pk=code_insee).first()
