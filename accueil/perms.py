"""Who may read or write a person's file (plain Python: takes an `Acteur`, no Django import).

A person's file is visible to the structure that holds it and, for what was shared, to the
structures it was oriented to with the person's consent; nobody else. Encadrants see statistics
only (no personal data); administrateurs run their structure's accounts and consult the audit
trail, not the files themselves (separation of duties). Applied through the one gate
(`comptes.acces`); lists through `Personne.objects.visibles_par(acteur)` and its siblings.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from accueil.regles import STATUTS_PARTAGE_ACTIF
from comptes.permissions import Acteur

# Parts of a person's file that the person may agree to share with a structure it is oriented to.
PARTIES = {
    "identite": "Identité (nom, prénom, date de naissance)",
    "coordonnees": "Coordonnées (téléphone, courriel, commune)",
    "besoins": "Besoins exprimés",
    "droits": "Droits identifiés",
    "historique": "Conseils donnés et suites prévues",
}
TOUTES_PARTIES = frozenset(PARTIES)
# A structure that received any of these parts also sees the file's contacts.
PARTIES_CONTACTS = frozenset({"besoins", "droits", "historique"})


@dataclass(frozen=True)
class OrientationVue:
    """What the rules need to know of one orientation of the file."""

    structure_destination_id: int
    statut: str
    parties: frozenset[str]


def parties_visibles(
    acteur: Acteur, structure_detentrice_id: int, orientations: Iterable[OrientationVue] = ()
) -> frozenset[str]:
    """The parts of one file this actor may read: all of them, some (shared), or none."""
    if not acteur.est_agent:
        return frozenset()
    if acteur.structure_id == structure_detentrice_id:
        return TOUTES_PARTIES
    partagees: set[str] = set()
    for o in orientations:
        if o.structure_destination_id == acteur.structure_id and o.statut in STATUTS_PARTAGE_ACTIF:
            partagees |= set(o.parties) & TOUTES_PARTIES
    return frozenset(partagees)


def voit_contacts(detenteur: bool, parties: frozenset[str]) -> bool:
    return detenteur or bool(parties & PARTIES_CONTACTS)


def peut_modifier_dossier(acteur: Acteur, structure_detentrice_id: int) -> bool:
    """Only the holding structure writes the file (contacts, consent, orientations, export)."""
    return acteur.est_agent and acteur.structure_id == structure_detentrice_id


def peut_repondre_orientation(acteur: Acteur, structure_destination_id: int) -> bool:
    return acteur.est_agent and acteur.structure_id == structure_destination_id


def peut_traiter_demande(acteur: Acteur, structure_demande_id: int | None) -> bool:
    return acteur.est_agent and structure_demande_id == acteur.structure_id


def qui_repond(acteur: Acteur, structure_origine_id: int, structure_destination_id: int):
    """Who the actor is for a status change of an orientation: "destination" (answers it),
    "origine" (sends a proposed one), or None (may not change it). The state machine
    (`accueil.regles.verifier_transition`) then says which change is allowed."""
    if peut_repondre_orientation(acteur, structure_destination_id):
        return "destination"
    if acteur.est_agent and acteur.structure_id == structure_origine_id:
        return "origine"
    return None


REFUS_CHANGEMENT = "Vous ne pouvez pas changer cette orientation."
