"""Who may see and do what in the RSA pathway (plain Python, no Django import).

`acteur` is the request's `Acteur` (comptes.acces): `utilisateur_id`, `structure_id`, `role`,
`departement` (code of the account's structure), `type_structure`.

- the département's insertion service (`insertion`) sees every beneficiary of its département,
  imports the monthly files, decides orientations and designates référents;
- a structure (MDS / EDS, CCAS, delegated association) sees the beneficiaries it is référente of;
  a référent sees their caseload;
- a France Travail adviser (`conseiller_emploi`) sees only the people in an accompagnement
  global with them (and those whose référent they are, for a professional orientation): the
  shared plan, not the diagnostic (secret professionnel partagé: only what is needed);
- the dashboard: insertion and pilotage for the département, an encadrant for their territory;
  names of people waiting only for who may see them (insertion).
"""

from __future__ import annotations

from dataclasses import dataclass

INSERTION = "insertion"
CONSEILLER = "conseiller_emploi"
ROLES_STRUCTURE = frozenset({"travailleur_social", "accueil", "partenaire"})
ROLES_SUIVI = frozenset({"travailleur_social", "partenaire"})
ROLES_RSA = ROLES_STRUCTURE | {INSERTION, CONSEILLER}
ROLES_TABLEAU = frozenset({INSERTION, "pilotage", "encadrant"})


@dataclass(frozen=True)
class Portee:
    """What part of the beneficiaries an actor sees (any of these; all None: nobody)."""

    departement: str | None = None
    structure_id: int | None = None
    referent_id: int | None = None
    conseiller_id: int | None = None


@dataclass(frozen=True)
class BeneficiaireVue:
    """What the rules need to know of one beneficiary."""

    departement: str
    structure_referente_id: int | None
    referent_id: int | None
    conseillers_ids: frozenset[int] = frozenset()


def _role(acteur) -> str | None:
    role = getattr(acteur, "role", None)
    return str(role) if role is not None else None


def _connecte(acteur) -> bool:
    return getattr(acteur, "structure_id", None) is not None and _role(acteur) is not None


def portee(acteur) -> Portee:
    if not _connecte(acteur):
        return Portee()
    role = _role(acteur)
    if role == INSERTION:
        return Portee(departement=acteur.departement) if acteur.departement else Portee()
    if role in ROLES_STRUCTURE:
        return Portee(structure_id=acteur.structure_id, referent_id=acteur.utilisateur_id)
    if role == CONSEILLER:
        return Portee(referent_id=acteur.utilisateur_id, conseiller_id=acteur.utilisateur_id)
    return Portee()


def peut_acceder(acteur) -> bool:
    """The RSA pages that list people (each list then shows only what `portee` allows)."""
    return _connecte(acteur) and _role(acteur) in ROLES_RSA


def peut_importer(acteur) -> bool:
    return _connecte(acteur) and _role(acteur) == INSERTION and bool(acteur.departement)


def peut_voir_tableau(acteur) -> bool:
    return _connecte(acteur) and _role(acteur) in ROLES_TABLEAU


def tableau_de_sa_structure_seule(acteur) -> bool:
    """An encadrant sees the dashboard of their own territory (structure) only; the insertion
    service and the pilotage direction choose any territory of their département."""
    return _connecte(acteur) and _role(acteur) == "encadrant"


def peut_voir_noms_tableau(acteur) -> bool:
    """People waiting beyond the legal delay, listed by name."""
    return _connecte(acteur) and _role(acteur) == INSERTION


def peut_voir(acteur, b: BeneficiaireVue) -> bool:
    p = portee(acteur)
    if p.departement is not None:
        return b.departement == p.departement
    return (
        (p.structure_id is not None and b.structure_referente_id == p.structure_id)
        or (p.referent_id is not None and b.referent_id == p.referent_id)
        or (p.conseiller_id is not None and p.conseiller_id in b.conseillers_ids)
    )


def _insertion_du_departement(acteur, b: BeneficiaireVue) -> bool:
    return _role(acteur) == INSERTION and acteur.departement == b.departement


def peut_orienter(acteur, b: BeneficiaireVue) -> bool:
    """The orientation is decided by the département (its insertion service)."""
    return _connecte(acteur) and _insertion_du_departement(acteur, b)


def peut_designer_referent(acteur, b: BeneficiaireVue) -> bool:
    """The insertion service, or a social worker of the structure the person is oriented to."""
    if not _connecte(acteur):
        return False
    if _insertion_du_departement(acteur, b):
        return True
    return (
        _role(acteur) == "travailleur_social"
        and b.structure_referente_id is not None
        and b.structure_referente_id == acteur.structure_id
    )


def peut_suivre(acteur, b: BeneficiaireVue) -> bool:
    """Diagnostic, invitations, attendance, contract, parcours, accompagnement global: the
    insertion service, the référent, the agents of the structure référente."""
    if not _connecte(acteur):
        return False
    if _insertion_du_departement(acteur, b):
        return True
    if b.referent_id is not None and b.referent_id == acteur.utilisateur_id:
        return True
    return (
        _role(acteur) in ROLES_STRUCTURE
        and b.structure_referente_id is not None
        and b.structure_referente_id == acteur.structure_id
    )


def peut_voir_diagnostic(acteur, b: BeneficiaireVue) -> bool:
    """The diagnostic (health, housing…) is not part of the shared plan: a France Travail
    adviser in an accompagnement global does not read it (unless référent)."""
    return peut_suivre(acteur, b)


# French messages of the gate's 403 (comptes.acces reads a predicate's `refus`).
peut_acceder.refus = (
    "Le parcours RSA est réservé au service insertion, aux structures référentes et aux "
    "conseillers France Travail en accompagnement global."
)
peut_importer.refus = (
    "Seul le service insertion du Département importe les fichiers de la CAF / MSA."
)
peut_voir_tableau.refus = (
    "Le tableau de bord du RSA est réservé au service insertion, à la direction et aux encadrants."
)
peut_orienter.refus = "Seul le service insertion du Département décide de l'orientation."
peut_designer_referent.refus = (
    "Le référent est désigné par le service insertion ou un travailleur social de la structure "
    "d'orientation."
)
peut_suivre.refus = (
    "Seuls le référent, la structure référente et le service insertion suivent ce parcours."
)
