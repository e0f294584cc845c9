"""What pages and the API show of a structure: open now, next openings, next permanences."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from urllib.parse import quote_plus

from django.utils import timezone

from annuaire import horaires
from annuaire.models import Permanence, Structure

N_OUVERTURES = 3


def lien_carte(lieu) -> str:
    """A link to the place on OpenStreetMap (its coordinates, else its address)."""
    if lieu.latitude is not None and lieu.longitude is not None:
        lat, lon = f"{lieu.latitude:.5f}", f"{lieu.longitude:.5f}"
        return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=18/{lat}/{lon}"
    commune = lieu.commune.nom if getattr(lieu, "commune_id", None) else ""
    adresse = " ".join(x for x in (lieu.adresse, lieu.code_postal, commune) if x)
    return f"https://www.openstreetmap.org/search?query={quote_plus(adresse)}" if adresse else ""


def maintenant_local() -> datetime:
    return timezone.localtime().replace(tzinfo=None, microsecond=0)


@dataclass
class Horaires:
    texte: str
    ouvert: bool | None  # None: hours unknown
    prochaines: list[horaires.Creneau] = field(default_factory=list)


def _periodes(fermetures) -> list[horaires.Periode]:
    return [horaires.Periode(f.du, f.au) for f in fermetures]


def horaires_structure(s: Structure, maintenant: datetime | None = None) -> Horaires:
    maintenant = maintenant or maintenant_local()
    texte = s.horaires_accueil
    if not texte or horaires.erreur_horaires(texte):
        return Horaires(texte, None)
    fermetures = _periodes(s.fermetures.all())
    prochaines = horaires.prochaines_ouvertures(
        texte, maintenant, N_OUVERTURES, fermetures=fermetures
    )
    ouvert = bool(prochaines) and prochaines[0].debut <= maintenant < prochaines[0].fin
    return Horaires(texte, ouvert, prochaines)


def _validite(p: Permanence) -> horaires.Periode | None:
    if p.valide_du or p.valide_au:
        return horaires.Periode(p.valide_du or date.min, p.valide_au or date.max)
    return None


def horaires_permanence(p: Permanence, maintenant: datetime | None = None) -> Horaires:
    maintenant = maintenant or maintenant_local()
    if horaires.erreur_horaires(p.horaires):
        return Horaires(p.horaires, None)
    fermetures = _periodes(p.fermetures.all()) + _periodes(p.structure.fermetures.all())
    prochaines = horaires.prochaines_ouvertures(
        p.horaires,
        maintenant,
        N_OUVERTURES,
        fermetures=fermetures,
        validite=_validite(p),
        quinzaine_depuis=p.quinzaine_depuis,
    )
    ouvert = bool(prochaines) and prochaines[0].debut <= maintenant < prochaines[0].fin
    return Horaires(p.horaires, ouvert, prochaines)


def preparer(structures: list[Structure], commune_code: str | None = None, maintenant=None):
    """Attach `.horaires` and `.permanences_triees` (each with `.horaires`) for display.

    Permanences held in the searched commune come first, then by next date.
    """
    maintenant = maintenant or maintenant_local()
    for s in structures:
        s.horaires = horaires_structure(s, maintenant)
        perms = list(s.permanences.all())
        for p in perms:
            p.structure = s
            p.horaires = horaires_permanence(p, maintenant)
        perms.sort(
            key=lambda p: (
                p.commune_id != commune_code,
                p.horaires.prochaines[0].debut if p.horaires.prochaines else datetime.max,
            )
        )
        s.permanences_triees = perms
    return structures
