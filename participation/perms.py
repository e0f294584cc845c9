"""Qui gère la participation (Python simple, prend un Acteur) : la direction du pilotage de son
département (tous ses comités, ses événements et leurs inscriptions), et l'encadrant de la MDS /
EDS qui accueille un comité (ce comité seulement). Les membres et les inscrits (données
personnelles) ne sont visibles que d'eux. Les querysets `visibles_par` des modèles s'en servent."""

from comptes.permissions import pilote_le_departement

ROLES_GESTION_LOCALE = frozenset({"encadrant"})


def gere_localement(acteur) -> bool:
    """L'encadrant : les comités accueillis par sa structure."""
    return acteur.structure_id is not None and acteur.role in ROLES_GESTION_LOCALE


def peut_gerer(acteur) -> bool:
    return pilote_le_departement(acteur) or gere_localement(acteur)


def gere_comite(acteur, departement: str, structure_id: int) -> bool:
    if pilote_le_departement(acteur):
        return acteur.departement == departement
    return gere_localement(acteur) and acteur.structure_id == structure_id


def gere_evenement(acteur, departement: str) -> bool:
    return pilote_le_departement(acteur) and acteur.departement == departement


peut_gerer.refus = (
    "Seuls la direction du pilotage du département et l'encadrant de l'espace qui accueille un "
    "comité gèrent la participation."
)
