"""Plain-Python rules: no database."""

from datetime import date, datetime, timedelta

import pytest

from accueil import regles
from accueil.communes import CommuneIntrouvable, trouver_commune
from accueil.regles import Candidat, TransitionInterdite, verifier_transition


@pytest.mark.parametrize(
    "depuis,vers,qui",
    [
        ("proposee", "envoyee", "origine"),
        ("envoyee", "acceptee", "destination"),
        ("acceptee", "realisee", "destination"),
        ("envoyee", "expiree", "systeme"),
    ],
)
def test_transitions_permises(depuis, vers, qui):
    verifier_transition(depuis, vers, qui)


def test_refus_exige_un_motif():
    with pytest.raises(TransitionInterdite, match="motif du refus"):
        verifier_transition("envoyee", "refusee", "destination", "  ")
    verifier_transition("envoyee", "refusee", "destination", "Hors de notre secteur")


@pytest.mark.parametrize(
    "depuis,vers,qui,message",
    [
        ("envoyee", "acceptee", "origine", "Seule la structure destinataire"),
        ("proposee", "envoyee", "destination", "Seule la structure qui oriente"),
        ("realisee", "acceptee", "destination", "ne peut pas passer"),
        ("refusee", "acceptee", "destination", "ne peut pas passer"),
        ("expiree", "envoyee", "origine", "ne peut pas passer"),
        ("proposee", "realisee", "destination", "ne peut pas passer"),
        ("envoyee", "expiree", "destination", "automatiquement"),
        ("envoyee", "inconnu", "destination", "inconnu"),
    ],
)
def test_transitions_interdites(depuis, vers, qui, message):
    with pytest.raises(TransitionInterdite, match=message):
        verifier_transition(depuis, vers, qui, "motif")


def test_tous_les_statuts_finaux_sont_sans_issue():
    for final in regles.STATUTS_FINAUX:
        for qui in ("origine", "destination", "systeme"):
            assert regles.transitions_possibles(final, qui) == []


def test_relance_puis_expiration_idempotentes():
    envoi = datetime(2026, 1, 1, 9)
    assert regles.action_relance("envoyee", envoi, False, envoi + timedelta(days=7), 8, 30) is None
    assert (
        regles.action_relance("envoyee", envoi, False, envoi + timedelta(days=8), 8, 30)
        == "relancer"
    )
    assert regles.action_relance("envoyee", envoi, True, envoi + timedelta(days=9), 8, 30) is None
    assert (
        regles.action_relance("envoyee", envoi, True, envoi + timedelta(days=30), 8, 30)
        == "expirer"
    )
    assert (
        regles.action_relance("acceptee", envoi, False, envoi + timedelta(days=60), 8, 30) is None
    )


def test_normaliser():
    assert regles.normaliser("  Éloïse-Marie d'Arc ") == "ELOISE MARIE D ARC"


def test_doublons():
    n = date(1980, 5, 17)
    candidats = [
        Candidat(1, "Dupont", "Marie", n),
        Candidat(2, "DUPOND", "Marie", n),
        Candidat(3, "Marie", "Dupont", None),  # swapped, no birth date
        Candidat(4, "Dupont", "Marie", date(1990, 1, 1)),  # another person
        Candidat(5, "Martin", "Paul", n),
    ]
    trouves = regles.doublons_probables("dupont", "MARIE", n, candidats)
    assert [(d.id, d.certitude) for d in trouves] == [
        (1, "identique"),
        (3, "proche"),
        (2, "proche"),
    ]


def test_reference_sans_caracteres_ambigus():
    refs = {regles.nouvelle_reference() for _ in range(200)}
    assert len(refs) == 200
    for r in refs:
        assert r.startswith("D-") and len(r) == 11
        assert not set(r[2:].replace("-", "")) & set("01ILO")


def test_retention():
    assert regles.est_inactif(date(2024, 1, 1), date(2026, 1, 2), 730)
    assert not regles.est_inactif(date(2024, 1, 3), date(2026, 1, 2), 730)


def test_delai_moyen():
    t = datetime(2026, 1, 1)
    assert (
        regles.delai_moyen_heures(
            [(t, t + timedelta(hours=2)), (t, t + timedelta(hours=4)), (t, None)]
        )
        == 3.0
    )
    assert regles.delai_moyen_heures([(t, None)]) is None


@pytest.mark.parametrize(
    "saisie,code",
    [
        ("Melun", "77288"),
        ("melun 77000", "77288"),
        ("77288", "77288"),
        ("Chalon-sur-Saône", "71076"),
    ],
)
def test_trouver_commune(saisie, code):
    assert trouver_commune(saisie, ("77", "94", "71")) == code


@pytest.mark.parametrize("saisie", ["", "Nullepartville", "77000", "00000"])
def test_commune_introuvable(saisie):
    with pytest.raises(CommuneIntrouvable):
        trouver_commune(saisie, ("77",))
