"""The rules of people's files, in plain Python (no database)."""

import pytest

from accueil.perms import (
    TOUTES_PARTIES,
    OrientationVue,
    parties_visibles,
    peut_modifier_dossier,
    peut_repondre_orientation,
    qui_repond,
)
from comptes.permissions import ANONYME, Acteur, peut_consulter_audit, peut_voir_statistiques
from comptes.roles import Role

A, B, CCAS = 1, 2, 3
PARTAGE = [OrientationVue(CCAS, "envoyee", frozenset({"identite", "besoins"}))]


@pytest.mark.parametrize("role", [Role.ACCUEIL, Role.TRAVAILLEUR_SOCIAL, Role.PARTENAIRE])
def test_agents(role):
    assert parties_visibles(Acteur(structure_id=A, role=role), A, PARTAGE) == TOUTES_PARTIES
    assert parties_visibles(Acteur(structure_id=CCAS, role=role), A, PARTAGE) == {
        "identite",
        "besoins",
    }
    assert parties_visibles(Acteur(structure_id=B, role=role), A, PARTAGE) == frozenset()
    assert peut_modifier_dossier(Acteur(structure_id=A, role=role), A)
    assert not peut_modifier_dossier(Acteur(structure_id=CCAS, role=role), A)


@pytest.mark.parametrize("role", [Role.ENCADRANT, Role.ADMINISTRATEUR])
def test_encadrant_et_administrateur_ne_lisent_pas_les_dossiers(role):
    assert parties_visibles(Acteur(structure_id=A, role=role), A, PARTAGE) == frozenset()
    assert not peut_modifier_dossier(Acteur(structure_id=A, role=role), A)
    assert peut_voir_statistiques(Acteur(structure_id=A, role=role))


def test_administrateur_seul_consulte_l_audit():
    assert peut_consulter_audit(Acteur(structure_id=A, role=Role.ADMINISTRATEUR))
    for role in Role:
        if role != Role.ADMINISTRATEUR:
            assert not peut_consulter_audit(Acteur(structure_id=A, role=role))
    assert not peut_consulter_audit(ANONYME)


@pytest.mark.parametrize(
    "statut,voit",
    [
        ("proposee", False),
        ("envoyee", True),
        ("acceptee", True),
        ("realisee", True),
        ("refusee", False),
        ("expiree", False),
    ],
)
def test_partage_selon_statut(statut, voit):
    o = [OrientationVue(CCAS, statut, frozenset({"identite"}))]
    assert bool(parties_visibles(Acteur(structure_id=CCAS, role=Role.PARTENAIRE), A, o)) is voit


def test_parties_inconnues_ignorees_et_cumul():
    o = [
        OrientationVue(CCAS, "envoyee", frozenset({"identite", "nir"})),
        OrientationVue(CCAS, "acceptee", frozenset({"droits"})),
    ]
    assert parties_visibles(Acteur(structure_id=CCAS, role=Role.PARTENAIRE), A, o) == {
        "identite",
        "droits",
    }


def test_anonyme_et_sans_structure():
    assert parties_visibles(ANONYME, A, PARTAGE) == frozenset()
    assert parties_visibles(Acteur(structure_id=None, role=Role.ACCUEIL), A, PARTAGE) == frozenset()
    assert not peut_repondre_orientation(ANONYME, CCAS)
    assert peut_repondre_orientation(Acteur(structure_id=CCAS, role=Role.PARTENAIRE), CCAS)


def test_qui_repond():
    o = (A, CCAS)  # sent by A to the CCAS
    assert qui_repond(Acteur(structure_id=CCAS, role=Role.PARTENAIRE), *o) == "destination"
    assert qui_repond(Acteur(structure_id=A, role=Role.ACCUEIL), *o) == "origine"
    assert qui_repond(Acteur(structure_id=B, role=Role.ACCUEIL), *o) is None
    assert qui_repond(Acteur(structure_id=A, role=Role.ENCADRANT), *o) is None
