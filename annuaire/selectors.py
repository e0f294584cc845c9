"""Read queries of the directory, shared by pages, API and other apps (accueil, droits, bilan)."""

from __future__ import annotations

from annuaire.models import Secteur, Structure
from annuaire.typologies import BUREAUX_LOCAUX


def bureau_local_pour_commune(code_insee: str) -> Structure | None:
    """The MDS / EDS whose sector contains the commune, or None if no sector covers it."""
    secteur = (
        Secteur.objects.filter(commune_id=code_insee, typologie__in=BUREAUX_LOCAUX)
        .select_related("structure", "structure__commune")
        .order_by("typologie")
        .first()
    )
    return secteur.structure if secteur else None


def bureau_pour_commune(code_insee: str, typologie: str) -> Structure | None:
    """The office of this kind (mds, eds, pole-autonomie) serving the commune."""
    secteur = (
        Secteur.objects.filter(commune_id=code_insee, typologie=typologie)
        .select_related("structure")
        .first()
    )
    return secteur.structure if secteur else None
