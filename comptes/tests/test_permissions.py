"""Who is asking (`Acteur`), resolved once per request, and the shared predicates."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from comptes.permissions import (
    ANONYME,
    Acteur,
    acteur_de,
    est_agent,
    est_membre,
    pilote_le_departement,
)
from comptes.roles import Role
from comptes.tests.factories import StructureFactory, UserFactory, agent


def test_acteur_anonyme_et_roles():
    assert ANONYME == Acteur() and not ANONYME.est_connecte and not est_membre(ANONYME)
    a = Acteur(1, 2, Role.INSERTION, "77", "departement")
    assert a.est_membre and not est_agent(a) and a.a_le_role(Role.INSERTION, Role.PILOTAGE)
    assert est_agent(Acteur(1, 2, Role.PARTENAIRE)) and est_agent.refus


def test_pilotage_de_son_seul_departement():
    """One rule for the steering direction, shared by engagements, conventions, participation."""
    from conventions.perms import est_pilotage
    from engagements.perms import peut_piloter
    from participation.perms import gere_evenement

    p77 = Acteur(1, 2, Role.PILOTAGE, "77", "departement")
    assert pilote_le_departement(p77) and pilote_le_departement(p77, "77")
    assert not pilote_le_departement(p77, "94")
    for autre in (
        ANONYME,
        Acteur(1, 2, Role.ENCADRANT, "77"),
        Acteur(1, None, Role.PILOTAGE, "77"),
    ):
        assert not pilote_le_departement(autre)
        assert not (est_pilotage(autre) or peut_piloter(autre) or gere_evenement(autre, "77"))
    assert est_pilotage(p77) and peut_piloter(p77, "77") and not peut_piloter(p77, "94")
    assert gere_evenement(p77, "77") and not gere_evenement(p77, "94")


@pytest.mark.django_db
def test_acteur_de_un_compte_en_une_requete():
    structure = StructureFactory(typologie="ccas")
    user = agent(structure, Role.PARTENAIRE)
    user = type(user).objects.get(pk=user.pk)
    with CaptureQueriesContext(connection) as requetes:
        a = acteur_de(user)
        assert acteur_de(user) is a  # kept on the user object: once per request
    assert len(requetes) == 1
    assert a == Acteur(
        user.pk,
        structure.pk,
        Role.PARTENAIRE,
        structure.departement_id,
        "ccas",
        False,
        structure.nom,
    )


@pytest.mark.django_db
def test_compte_sans_structure_ou_desactive():
    seul = UserFactory()
    assert acteur_de(seul) == Acteur(utilisateur_id=seul.pk)
    membre = agent(StructureFactory(), Role.ACCUEIL)
    membre.membre.actif = False
    membre.membre.save()
    membre = type(membre).objects.get(pk=membre.pk)
    assert not acteur_de(membre).est_membre


@pytest.mark.django_db
def test_request_acteur_pose_par_le_middleware(client):
    user = agent(StructureFactory(), Role.ADMINISTRATEUR)
    client.force_login(user)
    with CaptureQueriesContext(connection) as requetes:
        assert client.get("/comptes/audit/").status_code == 200
    membres = [q for q in requetes.captured_queries if "comptes_membre" in q["sql"]]
    # request.acteur: one query; the page itself reads no membership again.
    assert len(membres) == 1, [q["sql"] for q in membres]
