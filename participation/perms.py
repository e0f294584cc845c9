"""Qui gère la participation (Python simple, prend un Acteur) : la direction du pilotage de son
département, et l'encadrant de la MDS / EDS qui accueille un comité. Les membres (données
personnelles) ne sont visibles que d'eux."""

ROLES_GESTION_LOCALE = frozenset({"encadrant"})


def peut_gerer(acteur) -> bool:
    if acteur.structure_id is None:
        return False
    return acteur.role == "pilotage" or acteur.role in ROLES_GESTION_LOCALE


def gere_comite(acteur, departement: str, structure_id: int) -> bool:
    if not peut_gerer(acteur):
        return False
    if acteur.role == "pilotage":
        return acteur.departement == departement
    return acteur.structure_id == structure_id


def gere_evenement(acteur, departement: str) -> bool:
    return peut_gerer(acteur) and acteur.role == "pilotage" and acteur.departement == departement
