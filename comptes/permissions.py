"""Who may see and do what: THE one place where access to people's files is decided.

Two layers:

- plain-Python rules (`Acteur`, `parties_visibles`, `peut_*`), no Django import at module level,
  tested in milliseconds;
- the Django-facing helpers (`acteur_de`, `personnes_visibles`, `verifier_personne`, …) that every
  page and API endpoint calls: a queryset filter for lists and a check for one file.

The rule (issue 5): a person's file is visible to the structure that holds it and, for what was
shared, to the structures it was oriented to with the person's consent; nobody else. Encadrants see
statistics only (no personal data); administrateurs run their structure's accounts and consult the
audit trail, not the files themselves (separation of duties).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from comptes.roles import Role

# Parts of a person's file that the person may agree to share with a structure it is oriented to.
PARTIES = {
    "identite": "Identité (nom, prénom, date de naissance)",
    "coordonnees": "Coordonnées (téléphone, courriel, commune)",
    "besoins": "Besoins exprimés",
    "droits": "Droits identifiés",
    "historique": "Conseils donnés et suites prévues",
}
TOUTES_PARTIES = frozenset(PARTIES)

# Roles that work with people's files (and answer orientations) in their structure.
ROLES_AGENTS = frozenset({Role.ACCUEIL, Role.TRAVAILLEUR_SOCIAL, Role.PARTENAIRE})
ROLES_STATISTIQUES = frozenset({Role.ENCADRANT, Role.ADMINISTRATEUR, *ROLES_AGENTS})

# Orientation statuses during which the receiving structure sees what was shared.
STATUTS_PARTAGE_ACTIF = frozenset({"envoyee", "acceptee", "realisee"})


@dataclass(frozen=True)
class Acteur:
    """Who is asking, resolved once per request (`request.acteur`, see `comptes.middleware`):
    the account, its structure, its role, the structure's département code ("77") and kind
    ("mds", "ccas", "departement", "france-travail"…), and whether the account belongs to the
    team that keeps the site's content (`equipe`: Django's `is_staff`, the admin site).
    Anonymous: all None; logged in without an active membership: only `utilisateur_id`."""

    utilisateur_id: int | None = None
    structure_id: int | None = None
    role: Role | None = None
    departement: str | None = None
    type_structure: str | None = None
    equipe: bool = False

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


@dataclass(frozen=True)
class OrientationVue:
    """What the rules need to know of one orientation of the file."""

    structure_destination_id: int
    statut: str
    parties: frozenset[str]


ANONYME = Acteur()


def parties_visibles(
    acteur: Acteur, structure_detentrice_id: int, orientations: Iterable[OrientationVue] = ()
) -> frozenset[str]:
    """The parts of one file this actor may read: all of them, some (shared), or none."""
    if not acteur.est_agent:
        return frozenset()
    if acteur.structure_id == structure_detentrice_id:
        return TOUTES_PARTIES
    partagees: set[str] = set()
    for o in orientations:
        if o.structure_destination_id == acteur.structure_id and o.statut in STATUTS_PARTAGE_ACTIF:
            partagees |= set(o.parties) & TOUTES_PARTIES
    return frozenset(partagees)


def peut_modifier_dossier(acteur: Acteur, structure_detentrice_id: int) -> bool:
    """Only the holding structure writes the file (contacts, consent, orientations, export)."""
    return acteur.est_agent and acteur.structure_id == structure_detentrice_id


def peut_repondre_orientation(acteur: Acteur, structure_destination_id: int) -> bool:
    return acteur.est_agent and acteur.structure_id == structure_destination_id


def peut_traiter_demande(acteur: Acteur, structure_demande_id: int | None) -> bool:
    return acteur.est_agent and structure_demande_id == acteur.structure_id


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


# --- Django-facing helpers (imports kept local so the rules above stay plain Python) ---------


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
        .values_list("structure_id", "role", "structure__departement_id", "structure__typologie")
        .first()
    )
    equipe = bool(getattr(user, "is_staff", False))
    if ligne is None:
        acteur = Acteur(utilisateur_id=user.pk, equipe=equipe)
    else:
        structure_id, role, departement, typologie = ligne
        acteur = Acteur(user.pk, structure_id, Role(role), departement, typologie, equipe)
    user._acteur = acteur
    return acteur


def personnes_visibles(user):
    """Queryset of the files this user may open (held by, or shared with, their structure)."""
    from django.db.models import Q

    from accueil.models import Personne

    acteur = acteur_de(user)
    if not acteur.est_agent:
        return Personne.objects.none()
    partagees = Q(
        orientations__structure_destination_id=acteur.structure_id,
        orientations__statut__in=STATUTS_PARTAGE_ACTIF,
    )
    ids = (
        Personne.objects.filter(Q(structure_id=acteur.structure_id) | partagees)
        .values("pk")
        .distinct()
    )
    return Personne.objects.filter(pk__in=ids, anonymise_le__isnull=True)


def parties_pour(user, personne) -> frozenset[str]:
    orientations = [
        OrientationVue(o.structure_destination_id, o.statut, frozenset(o.elements_partages))
        for o in personne.orientations.all()
    ]
    return parties_visibles(acteur_de(user), personne.structure_id, orientations)


def verifier_personne(user, personne, *, ecriture: bool = False) -> frozenset[str]:
    """Raise PermissionDenied unless the user may read (or write) this file; return the parts."""
    from django.core.exceptions import PermissionDenied

    if personne.anonymise_le is not None:
        raise PermissionDenied("Ce dossier a été anonymisé.")
    if ecriture:
        if not peut_modifier_dossier(acteur_de(user), personne.structure_id):
            raise PermissionDenied("Seule la structure qui détient ce dossier peut le modifier.")
        return TOUTES_PARTIES
    parties = parties_pour(user, personne)
    if not parties:
        raise PermissionDenied("Vous n'avez pas accès à ce dossier.")
    return parties


def orientations_visibles(user):
    """Orientations sent by, or addressed to, the user's structure."""
    from django.db.models import Q

    from accueil.models import Orientation

    acteur = acteur_de(user)
    if not acteur.est_agent:
        return Orientation.objects.none()
    return Orientation.objects.filter(
        Q(structure_origine_id=acteur.structure_id)
        | Q(
            structure_destination_id=acteur.structure_id,
            statut__in=STATUTS_PARTAGE_ACTIF | {"refusee", "expiree"},
        )
    ).filter(personne__anonymise_le__isnull=True)


def verifier_orientation(user, orientation) -> None:
    """Raise PermissionDenied unless the orientation concerns the user's structure."""
    from django.core.exceptions import PermissionDenied

    if not orientations_visibles(user).filter(pk=orientation.pk).exists():
        raise PermissionDenied("Cette orientation ne concerne pas votre structure.")


def demandes_visibles(user):
    from accueil.models import Demande

    acteur = acteur_de(user)
    if not acteur.est_agent:
        return Demande.objects.none()
    return Demande.objects.filter(structure_id=acteur.structure_id, anonymise_le__isnull=True)
