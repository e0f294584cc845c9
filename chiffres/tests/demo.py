"""Chargement des données de démonstration du pilotage pour les tests (territoires, annuaire,
engagements, conventions, participation, activité) et comptes de test par rôle."""

from __future__ import annotations

from contextlib import contextmanager

from django.core.management import call_command
from django.db import transaction

from comptes.tests.factories import MembreFactory, UserFactory


def charger(departements=("94", "77", "71"), *, activite=True) -> None:
    args = []
    for d in departements:
        args += ["--departement", d]
    call_command("charger_territoires", *args, verbosity=0)
    call_command("charger_annuaire", *args, verbosity=0)
    for etape in ("charger_engagements", "charger_conventions", "charger_participation"):
        try:
            call_command(etape, verbosity=0)
        except Exception as exc:  # noqa: BLE001 - étape absente de cette version
            if "Unknown command" not in str(exc):
                raise
    if activite:
        from chiffres import demo

        demo.charger()


@contextmanager
def module_charge(django_db_blocker, departements=("94", "77", "71"), **kw):
    """Données chargées une fois pour un module de tests, dans une transaction annulée à la
    fin ; chaque test tourne dans son propre point de sauvegarde."""
    with django_db_blocker.unblock():
        bloc = transaction.atomic()
        bloc.__enter__()
        try:
            charger(departements, **kw)
            yield
        finally:
            transaction.set_rollback(True)
            bloc.__exit__(None, None, None)


def compte(structure, role: str, username: str):
    """Un compte actif de `structure` avec le rôle `role` (texte) ; renvoie l'utilisateur."""
    user = UserFactory(username=username)
    MembreFactory(utilisateur=user, structure=structure, role=role)
    return user
