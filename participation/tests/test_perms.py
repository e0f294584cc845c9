"""Les règles de gestion de la participation, en Python simple (sans base)."""

from comptes.permissions import ANONYME, Acteur
from participation import perms

PILOTAGE_94 = Acteur(utilisateur_id=1, structure_id=10, role="pilotage", departement="94")
ENCADRANT_MDS = Acteur(utilisateur_id=2, structure_id=20, role="encadrant", departement="94")
ACCUEIL = Acteur(utilisateur_id=3, structure_id=20, role="accueil", departement="94")


def test_qui_gere_quoi():
    assert perms.peut_gerer(PILOTAGE_94) and perms.peut_gerer(ENCADRANT_MDS)
    assert not perms.peut_gerer(ACCUEIL) and not perms.peut_gerer(ANONYME)
    # Le pilotage : tout son département, rien d'un autre.
    assert perms.gere_comite(PILOTAGE_94, "94", 99) and not perms.gere_comite(PILOTAGE_94, "77", 99)
    assert perms.gere_evenement(PILOTAGE_94, "94") and not perms.gere_evenement(PILOTAGE_94, "77")
    # L'encadrant : le comité de sa structure, aucun événement.
    assert perms.gere_comite(ENCADRANT_MDS, "94", 20) and not perms.gere_comite(
        ENCADRANT_MDS, "94", 21
    )
    assert not perms.gere_evenement(ENCADRANT_MDS, "94")
    assert not perms.gere_comite(ACCUEIL, "94", 20)
