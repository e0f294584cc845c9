"""The access matrix: every role, in the structures where it has accounts, against every row
(page or API endpoint) that the apps declare in `<app>/tests/acces.py`.

An app's `tests/acces.py` holds:

- `LIGNES`: a list of `Ligne(nom, methode, url, attendu, montre=None)`; `url` is a template
  filled with the objects of `objets()`; `attendu(compte)` is the expected status (200, 403 when
  the role is refused, 404 when the object is not visible to this account's structure);
  `montre(compte)`, for a list, says whether the list shows the app's object to this account (it
  is looked for by the texts of `objets()["_traces"]`);
- `objets(monde) -> dict`: creates the app's objects in the shared world (structures and
  accounts below) and returns what the urls need (`{"personne": 12, …}`) plus `_traces`.

Adding a role: one line in `COMPTES_PAR_ROLE` (where its accounts are in the world), then the
rows of the pages it may open. See docs/modules/comptes.md.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
from collections.abc import Callable
from dataclasses import dataclass

from comptes.roles import Role

# The world: structures (key -> name, kind, département).
STRUCTURES = {
    "A": ("MDS de Melun (test)", "mds", "77"),
    "B": ("MDS de Fontainebleau (test)", "mds", "77"),
    "ccas": ("CCAS de Melun (test)", "ccas", "77"),
    "dep77": ("Services du Département de Seine-et-Marne (test)", "departement", "77"),
    "dep94": ("Services du Département du Val-de-Marne (test)", "departement", "94"),
    "ft": ("France Travail Melun (test)", "france-travail", "77"),
}

# Where each role has accounts in the world (one line per role).
COMPTES_PAR_ROLE: dict[Role, tuple[str, ...]] = {
    Role.ACCUEIL: ("A", "B"),
    Role.TRAVAILLEUR_SOCIAL: ("A", "B"),
    Role.PARTENAIRE: ("A", "B", "ccas"),
    Role.ENCADRANT: ("A", "B"),
    Role.ADMINISTRATEUR: ("A", "B"),
    Role.INSERTION: ("dep77", "dep94"),
    Role.CONSEILLER_EMPLOI: ("ft",),
    Role.AIDES_FINANCIERES: ("dep77", "dep94"),
    Role.COMMISSION: ("dep77",),
    Role.FINANCES: ("dep77",),
    Role.PILOTAGE: ("dep77", "dep94"),
}

AGENTS = frozenset({Role.ACCUEIL, Role.TRAVAILLEUR_SOCIAL, Role.PARTENAIRE})


@dataclass(frozen=True)
class Compte:
    structure: str
    role: Role

    @property
    def cle(self) -> str:
        return f"{self.structure}.{self.role.value}"

    @property
    def identifiant(self) -> str:
        return f"{self.structure.lower()}-{self.role.value}".replace("_", "-")


COMPTES = [Compte(s, r) for r, structures in COMPTES_PAR_ROLE.items() for s in structures]


@dataclass(frozen=True)
class Ligne:
    nom: str
    methode: str
    url: str
    attendu: Callable[[Compte], int]
    montre: Callable[[Compte], bool] | None = None
    # A JSON body (an API search: the name travels in the body, never in the URL); its text
    # values are templates filled like `url`.
    corps: dict | None = None


def appeler(client, ligne: Ligne, objets: dict):
    """Call the row's page or endpoint as `client` (with its JSON body, if any)."""
    adresse = ligne.url.format(**objets)
    if ligne.corps is None:
        return getattr(client, ligne.methode)(adresse)
    corps = {k: v.format(**objets) if isinstance(v, str) else v for k, v in ligne.corps.items()}
    return getattr(client, ligne.methode)(
        adresse, data=json.dumps(corps), content_type="application/json"
    )


def selon(roles, structures=None) -> Callable[[Compte], int]:
    """403 when the role is not in `roles`; else 404 when `structures` is given and the account's
    structure is not in it (the object is not visible); else 200."""
    roles = frozenset(roles)

    def attendu(c: Compte) -> int:
        if c.role not in roles:
            return 403
        if structures is not None and c.structure not in structures:
            return 404
        return 200

    return attendu


def dans(*structures) -> Callable[[Compte], bool]:
    return lambda c: c.structure in structures


def modules_acces():
    """The `<app>.tests.acces` modules of the installed apps of the project."""
    from django.apps import apps

    for config in apps.get_app_configs():
        nom = f"{config.name}.tests.acces"
        try:
            trouve = importlib.util.find_spec(nom) is not None
        except ModuleNotFoundError:
            trouve = False
        if trouve:
            yield importlib.import_module(nom)


def construire_monde() -> dict:
    """The structures and one account per (role, structure) of COMPTES_PAR_ROLE."""
    from annuaire.tests.factories import SecteurFactory, StructureFactory
    from comptes.tests.factories import agent, melun
    from territoires.tests.factories import DepartementFactory

    structures = {
        cle: StructureFactory(
            nom=nom, typologie=typologie, departement=DepartementFactory(code=dep)
        )
        for cle, (nom, typologie, dep) in STRUCTURES.items()
    }
    SecteurFactory(structure=structures["A"], commune=melun())
    comptes = {c.cle: agent(structures[c.structure], c.role, c.identifiant) for c in COMPTES}
    return {"structures": structures, "comptes": comptes}
