"""Lignes de la matrice d'accès des conventions : une convention du 77 dont le CCAS de Melun
(test) est partie et renseigne l'indicateur. Tout compte de ce CCAS et la direction du pilotage
du 77 la voient ; les autres structures ont 404 ; la synthèse des montants : pilotage seul."""

from comptes.roles import Role
from comptes.tests.matrice import Compte, Ligne, selon


def voit(c: Compte) -> bool:
    return c.structure == "ccas" or (c.role == Role.PILOTAGE and c.structure == "dep77")


def attendu_objet(c: Compte) -> int:
    return 200 if voit(c) else 404


TOUS = selon(set(Role))

LIGNES = [
    Ligne("mes conventions", "get", "/conventions/", TOUS, montre=voit),
    Ligne("une convention", "get", "/conventions/{convention}/", attendu_objet),
    Ligne("renseigner", "get", "/conventions/indicateurs/{indicateur}/releve/", attendu_objet),
    Ligne("montants", "get", "/conventions/montants/", selon({Role.PILOTAGE})),
    Ligne("api mes conventions", "get", "/api/v1/conventions", TOUS, montre=voit),
    Ligne("api une convention", "get", "/api/v1/conventions/{convention}", attendu_objet),
    Ligne("api montants", "get", "/api/v1/conventions/montants", selon({Role.PILOTAGE})),
]


def objets(monde) -> dict:
    import datetime as dt

    from conventions.models import Convention, IndicateurConvention, MontantAnnuel, Partie

    c = Convention.objects.create(
        cle="77-test-matrice",
        departement_id="77",
        titre="Convention Zéphyr (test)",
        objet="Test.",
        politique="handicap",
        debut=dt.date(2025, 1, 1),
        fin=dt.date(2027, 12, 31),
    )
    p = Partie.objects.create(convention=c, structure=monde["structures"]["ccas"], qualite="CCAS")
    MontantAnnuel.objects.create(convention=c, partie=p, annee=2026, montant=1000)
    i = IndicateurConvention.objects.create(convention=c, partie=p, libelle="Indicateur (test)")
    return {"convention": c.pk, "indicateur": i.pk, "_traces": ["Convention Zéphyr"]}
