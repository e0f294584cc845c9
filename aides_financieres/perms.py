"""Who may see and do what in the single fund (plain Python, no Django): each predicate takes
the gate's `Acteur` (comptes.acces) and, for one application, what the rule needs of it.

- social workers (and reception agents) of an MDS / EDS / CCAS file applications and see those of
  their structure;
- the département's aid service instructs, decides under the delegation threshold, records the
  commission's decisions and pays: all applications of its département;
- commission members see all applications of their département and record decisions in session;
- finance sees payments, envelopes and the accounting export, never the social notes;
- steering (pilotage) sees the budget dashboard's figures only.
"""

from __future__ import annotations

DEPOSANTS = frozenset({"travailleur_social", "accueil"})
TYPES_DEPOSANTS = frozenset({"mds", "eds", "ccas"})
SERVICE = "aides_financieres"
COMMISSION = "commission"
FINANCES = "finances"
PILOTAGE = "pilotage"


def _role(acteur) -> str | None:
    role = getattr(acteur, "role", None)
    return str(role) if role is not None else None


def est_deposant(acteur) -> bool:
    return (
        getattr(acteur, "structure_id", None) is not None
        and _role(acteur) in DEPOSANTS
        and getattr(acteur, "type_structure", None) in TYPES_DEPOSANTS
    )


def est_service(acteur) -> bool:
    return _role(acteur) == SERVICE and bool(getattr(acteur, "departement", None))


def est_commission(acteur) -> bool:
    return _role(acteur) == COMMISSION and bool(getattr(acteur, "departement", None))


def est_finances(acteur) -> bool:
    return _role(acteur) == FINANCES and bool(getattr(acteur, "departement", None))


def peut_deposer(acteur) -> bool:
    """Open an application from a person's file."""
    return est_deposant(acteur)


def peut_lister_demandes(acteur) -> bool:
    return est_deposant(acteur) or est_service(acteur) or est_commission(acteur)


def peut_voir_demande(acteur, structure_id: int, departement: str) -> bool:
    """One application (with its social notes and documents)."""
    if est_deposant(acteur):
        return acteur.structure_id == structure_id
    if est_service(acteur) or est_commission(acteur):
        return acteur.departement == departement
    return False


def peut_modifier_demande(acteur, structure_id: int, departement: str, statut: str) -> bool:
    """The filing structure edits its draft (and what is asked of it before completeness); the
    aid service edits until the decision."""
    if est_deposant(acteur):
        return acteur.structure_id == structure_id and statut in ("brouillon", "deposee")
    if est_service(acteur):
        return acteur.departement == departement and statut in (
            "deposee",
            "complete",
            "en_instruction",
            "ajournee",
        )
    return False


def peut_instruire(acteur, departement: str) -> bool:
    return est_service(acteur) and acteur.departement == departement


def peut_decider(acteur, departement: str, mode: str, present: bool = False) -> bool:
    """Delegated decisions: the aid service; in session: the commission's members recorded
    present at that session, or the aid service acting as its secretary."""
    if getattr(acteur, "departement", None) != departement:
        return False
    if mode == "delegation":
        return est_service(acteur)
    return est_service(acteur) or (est_commission(acteur) and present)


def peut_gerer_commissions(acteur) -> bool:
    return est_service(acteur)


def peut_voir_commissions(acteur) -> bool:
    return est_service(acteur) or est_commission(acteur)


def peut_noter_presences(acteur, departement: str) -> bool:
    """The aid service (secretary of the commission) records who sat in a session."""
    return est_service(acteur) and acteur.departement == departement


def peut_voir_paiements(acteur) -> bool:
    return est_service(acteur) or est_finances(acteur)


def peut_payer(acteur, departement: str) -> bool:
    return (est_service(acteur) or est_finances(acteur)) and acteur.departement == departement


def peut_voir_budget(acteur) -> bool:
    return (
        est_service(acteur)
        or est_finances(acteur)
        or est_commission(acteur)
        or (_role(acteur) == PILOTAGE and bool(getattr(acteur, "departement", None)))
    )


def peut_gerer_enveloppes(acteur) -> bool:
    return est_service(acteur) or est_finances(acteur)


def voit_notes_sociales(acteur) -> bool:
    return not est_finances(acteur) and _role(acteur) != PILOTAGE


# The French message of each refusal (read by the gate, comptes.acces.message_refus).
peut_deposer.refus = (
    "Seuls les travailleurs sociaux et agents d'accueil d'une MDS, d'un EDS ou d'un CCAS ouvrent "
    "une demande d'aide financière."
)
peut_lister_demandes.refus = (
    "Les demandes d'aide financière sont réservées aux structures qui les déposent, au service "
    "des aides financières et à la commission."
)
peut_gerer_commissions.refus = "Seul le service des aides financières organise les commissions."
peut_voir_commissions.refus = (
    "Les commissions sont réservées au service des aides financières et à leurs membres."
)
peut_voir_paiements.refus = (
    "Les paiements sont réservés au service des aides financières et au service des finances."
)
peut_voir_budget.refus = (
    "Le suivi budgétaire est réservé au service des aides financières, aux finances, à la "
    "commission et à la direction du pilotage du département."
)
peut_gerer_enveloppes.refus = (
    "Les enveloppes sont fixées par le service des aides financières ou les finances."
)


def est_service_du_departement(acteur) -> bool:
    return est_service(acteur)


est_service_du_departement.refus = "Réservé au service des aides financières du département."
