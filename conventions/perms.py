"""Qui voit et fait quoi dans les conventions (Python simple, prend un Acteur).

- la direction du pilotage voit et gère toutes les conventions de son département ;
- un compte d'une structure partie à une convention voit cette convention (et elle seule) et
  saisit les indicateurs dont sa structure a la charge."""

from comptes.permissions import pilote_le_departement


def est_pilotage(acteur) -> bool:
    return pilote_le_departement(acteur)


def peut_voir_conventions(acteur) -> bool:
    """Tout compte d'une structure ouvre « mes conventions » (vide si sa structure n'est partie
    à aucune) ; ce qu'il y voit est filtré par `Convention.objects.visibles_par`."""
    return acteur.structure_id is not None and acteur.role is not None


def peut_gerer(acteur, departement: str) -> bool:
    return est_pilotage(acteur) and acteur.departement == departement


def peut_saisir(acteur, structure_chargee_id: int | None, departement: str) -> bool:
    """Saisir la valeur d'un indicateur : la structure qui en a la charge, ou le pilotage."""
    if peut_gerer(acteur, departement):
        return True
    return acteur.structure_id is not None and acteur.structure_id == structure_chargee_id
