"""Reading the pages' forms into the services' inputs (the API builds the same inputs from its
JSON schemas): one input per write, shared by page and API."""

from __future__ import annotations

from aides_financieres.bareme import CHARGES
from aides_financieres.services import (
    DonneesBesoin,
    DonneesDecision,
    DonneesDemande,
    DonneesLigneDecision,
)
from territoires.formulaires import resoudre_commune
from territoires.selectors import rechercher_communes

DEPARTEMENTS_DU_FONDS = ("77", "94", "71")

# Benefits asked on the form (the bilan's slugs), € per month.
PRESTATIONS: dict[str, str] = {
    "rsa": "RSA",
    "prime-activite": "Prime d'activité",
    "aide-logement": "Aide au logement (APL, ALF, ALS)",
    "allocations-familiales": "Allocations familiales",
    "asf": "Allocation de soutien familial",
    "complement-familial": "Complément familial",
    "aah": "AAH",
    "aspa": "ASPA (minimum vieillesse)",
}
REVENUS = ("salaire_net", "chomage_net", "retraite", "pension_invalidite")
LIGNES_PERSONNES = 6
LIGNES_BESOINS = 3


def _nombre(texte: str):
    texte = (texte or "").strip().replace(",", ".").replace(" ", "").replace("\u202f", "")
    if not texte:
        return None
    try:
        return float(texte) if "." in texte else int(texte)
    except ValueError:
        return texte  # the service names the field


def code_commune(texte: str) -> str:
    """The INSEE code of the commune the agent typed by name, postal code or code. When several
    communes match and exactly one of them is in a département of the fund (77, 94, 71), that
    one; otherwise the text is kept and the validation names the field."""
    texte = (texte or "").strip()
    if not texte:
        return ""
    r = resoudre_commune(texte)
    if r.commune is not None:
        return r.commune.code_insee
    dans_le_fonds = rechercher_communes(texte, 12, departements=DEPARTEMENTS_DU_FONDS)
    return dans_le_fonds[0].code_insee if len(dans_le_fonds) == 1 else texte


def situation_depuis_post(post) -> dict:
    personnes = []
    for i in range(LIGNES_PERSONNES):
        role = post.get(f"p{i}-role", "").strip()
        if not role:
            continue
        personne = {"role": role, "age": _nombre(post.get(f"p{i}-age", ""))}
        if personne["age"] is None:
            personne["age"] = ""
        activite = post.get(f"p{i}-activite", "").strip()
        if activite:
            personne["activite"] = activite
        revenus = {k: _nombre(post.get(f"p{i}-{k}", "")) for k in REVENUS}
        revenus = {k: v for k, v in revenus.items() if v not in (None, 0)}
        if revenus:
            personne["revenus"] = revenus
        taux = _nombre(post.get(f"p{i}-taux_incapacite", ""))
        if taux:
            personne["taux_incapacite"] = taux
        personnes.append(personne)
    logement = {"statut": post.get("logement_statut", "").strip()}
    loyer = _nombre(post.get("loyer", ""))
    if loyer is not None:
        logement["loyer"] = loyer
    return {
        "mois": post.get("mois", "").strip(),
        "commune": code_commune(post.get("commune", "")),
        "logement": logement,
        "personnes": personnes,
    }


def demande_depuis_post(post) -> DonneesDemande:
    besoins = []
    for i in range(LIGNES_BESOINS):
        besoin = post.get(f"b{i}-besoin", "").strip()
        montant = post.get(f"b{i}-montant", "").strip()
        if not besoin and not montant:
            continue
        besoins.append(
            DonneesBesoin(
                besoin=besoin,
                montant=montant,
                creancier=post.get(f"b{i}-creancier", "personne").strip(),
                creancier_nom=post.get(f"b{i}-creancier_nom", ""),
                precision=post.get(f"b{i}-precision", ""),
            )
        )
    return DonneesDemande(
        situation=situation_depuis_post(post),
        besoins=besoins,
        prestations={k: post.get(f"prestation-{k}", "") for k in PRESTATIONS}
        | {k: v for k, v in _prestations_autres(post).items()},
        charges={k: post.get(f"charge-{k}", "") for k in CHARGES},
        evaluation_sociale=post.get("evaluation_sociale", ""),
        code_bilan=post.get("code_bilan", ""),
    )


def _prestations_autres(post) -> dict:
    """Benefits of a kept bilan that the form does not list (kept as hidden fields)."""
    return {
        k.removeprefix("prestation-"): v
        for k, v in post.items()
        if k.startswith("prestation-") and k.removeprefix("prestation-") not in PRESTATIONS
    }


def decision_depuis_post(post) -> DonneesDecision:
    lignes = []
    for i in range(8):
        fonds = post.get(f"l{i}-fonds", "").strip()
        montant = post.get(f"l{i}-montant", "").strip()
        if not fonds or not montant:
            continue
        lignes.append(
            DonneesLigneDecision(
                fonds=fonds,
                montant=montant,
                besoin=post.get(f"l{i}-besoin", "").strip(),
                beneficiaire=post.get(f"l{i}-beneficiaire", "").strip(),
                beneficiaire_nom=post.get(f"l{i}-beneficiaire_nom", ""),
            )
        )
    nature = post.get("nature", "").strip()
    return DonneesDecision(
        nature=nature,
        lignes=lignes if nature in ("accordee", "partiellement_accordee") else [],
        motif_refus=post.get("motif_refus", "").strip(),
        motivation=post.get("motivation", ""),
    )


def version(post) -> int:
    try:
        return int(post.get("version", "0"))
    except ValueError:
        return 0
