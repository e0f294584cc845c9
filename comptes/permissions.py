"""Who is asking (`Acteur`) and the predicates shared by every app (plain Python, no Django
import at module level, tested in milliseconds).

Each app keeps its own predicates in `<app>/perms.py` (the rules of people's files in
`accueil/perms.py`) and its "visible to this actor" querysets on its models' managers; the one gate
`comptes/acces.py` applies them to pages and API endpoints. `comptes` imports no other app.
"""

from __future__ import annotations

from dataclasses import dataclass

from comptes.roles import Role

# Roles that work with people's files (and answer orientations) in their structure.
ROLES_AGENTS = frozenset({Role.ACCUEIL, Role.TRAVAILLEUR_SOCIAL, Role.PARTENAIRE})
ROLES_STATISTIQUES = frozenset({Role.ENCADRANT, Role.ADMINISTRATEUR, *ROLES_AGENTS})


@dataclass(frozen=True)
class Acteur:
    """Who is asking, resolved once per request (`request.acteur`, see `comptes.middleware`):
    the account, its structure, its role, the structure's département code ("77") and kind
    ("mds", "ccas", "departement", "france-travail"…), and whether the account belongs to the
    team that keeps the site's content (`equipe`: Django's `is_staff`, the admin site), and the
    structure's name (read in the same query, for the pages' headings). Anonymous: all None;
    logged in without an active membership: only `utilisateur_id`."""

    utilisateur_id: int | None = None
    structure_id: int | None = None
    role: Role | None = None
    departement: str | None = None
    type_structure: str | None = None
    equipe: bool = False
    structure_nom: str = ""

    @property
    def est_connecte(self) -> bool:
        return self.utilisateur_id is not None

    @property
    def est_membre(self) -> bool:
        """Logged in with an active membership of a structure (any role)."""
        return self.structure_id is not None and self.role is not None

    @property
    def est_agent(self) -> bool:
        return self.structure_id is not None and self.role in ROLES_AGENTS

    def a_le_role(self, *roles: Role) -> bool:
        return self.structure_id is not None and self.role in roles


ANONYME = Acteur()


def est_agent(acteur: Acteur) -> bool:
    """Works with people's files in its structure (accueil, travailleur social, partenaire)."""
    return acteur.est_agent


est_agent.refus = "Votre rôle ne donne pas accès aux dossiers des personnes."


def est_connecte(acteur: Acteur) -> bool:
    """Any logged-in account (its own account page)."""
    return acteur.est_connecte


def est_membre(acteur: Acteur) -> bool:
    return acteur.est_membre


est_membre.refus = "Ce compte n'est rattaché à aucune structure."


def peut_voir_statistiques(acteur: Acteur) -> bool:
    return acteur.structure_id is not None and acteur.role in ROLES_STATISTIQUES


peut_voir_statistiques.refus = "Votre rôle ne donne pas accès aux statistiques de l'accueil."


def peut_consulter_audit(acteur: Acteur) -> bool:
    return acteur.structure_id is not None and acteur.role == Role.ADMINISTRATEUR


peut_consulter_audit.refus = (
    "Seul l'administrateur de la structure gère ses comptes et consulte le journal d'audit."
)


def peut_traiter_demandes_acces(acteur: Acteur) -> bool:
    """Approves or refuses ProConnect access requests: the administrator of a structure (those
    of its structure) or the platform's team (`equipe`: every request, including a SIRET that
    matches no structure of the directory)."""
    return peut_consulter_audit(acteur) or (acteur.est_connecte and acteur.equipe)


peut_traiter_demandes_acces.refus = (
    "Seuls l'administrateur d'une structure et l'équipe de la plateforme traitent les demandes "
    "d'accès."
)


# --- Django-facing helpers (imports kept local so the rules above stay plain Python) ---------


def pilote_le_departement(acteur: Acteur, departement: str | None = None) -> bool:
    """The département's steering direction (role `pilotage`: Schéma, engagements, conventions,
    participation, figures); with `departement`, only for that one. The apps' perms build on it."""
    if acteur.structure_id is None or acteur.role != Role.PILOTAGE or not acteur.departement:
        return False
    return departement is None or acteur.departement == departement


def acteur_de(user) -> Acteur:
    """The Acteur of a Django user, in one query (anonymous or inactive → no rights; logged in
    without an active membership → only `utilisateur_id`). Pages and endpoints read
    `request.acteur` (set once per request by `comptes.middleware.ActeurMiddleware`)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return ANONYME
    deja = getattr(user, "_acteur", None)
    if deja is not None:  # resolved once per request: request.user is the same object
        return deja
    from comptes.models import Membre

    ligne = (
        Membre.objects.filter(utilisateur_id=user.pk, actif=True)
        .values_list(
            "structure_id",
            "role",
            "structure__departement_id",
            "structure__typologie",
            "structure__nom",
        )
        .first()
    )
    equipe = bool(getattr(user, "is_staff", False))
    if ligne is None:
        acteur = Acteur(utilisateur_id=user.pk, equipe=equipe)
    else:
        structure_id, role, departement, typologie, nom = ligne
        acteur = Acteur(user.pk, structure_id, Role(role), departement, typologie, equipe, nom)
    user._acteur = acteur
    return acteur
