"""What the resident takes away from a bilan: the result page, its printout and its e-mail.

- `resume_situation`: the situation described, in plain French (the printout recalls it);
- `lieux_ou_demander`: for each probable right, where to claim it near the commune (address,
  phone), read from the directory;
- `contexte_resultat`: everything the result template needs, for the page reached after the
  questionnaire and for a bilan reopened with its code;
- `texte_courriel`: the same as plain text, for the e-mail the resident asks for.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.formats import date_format

from annuaire.selectors import structures_pour
from bilan.moteur import ResultatBilan
from bilan.moteur.droits_nationaux import euros
from bilan.moteur.situation import ACTIVITES, STATUTS_LOGEMENT
from bilan.texte import resultat_en_texte
from solidarites.erreurs import ErreurChamps
from territoires.models import Commune

MOIS = (
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre"
).split()
LIEUX_PAR_DROIT = 2
REVENUS = {
    "salaire_net": "salaire",
    "chomage_net": "allocation chômage",
    "retraite": "retraite",
    "pension_invalidite": "pension d'invalidité",
}


def mois_en_mots(mois: str) -> str:
    """'2026-11' -> 'novembre 2026' (unchanged if not a month)."""
    try:
        annee, numero = mois.split("-")
        return f"{MOIS[int(numero) - 1]} {int(annee)}"
    except (ValueError, IndexError, AttributeError):
        return mois


def _commune(code: str) -> Commune | None:
    return Commune.objects.select_related("departement").filter(pk=code).first()


def _age(n: int) -> str:
    return f"{n} an{'s' if n > 1 else ''}"


def resume_situation(situation: dict) -> list[str]:
    """The situation as the resident described it, one plain French sentence per line."""
    lignes = []
    commune = _commune(situation.get("commune", ""))
    if commune:
        lignes.append(f"Commune : {commune.nom} ({commune.departement.nom}).")
    logement = situation.get("logement") or {}
    if logement:
        statut = STATUTS_LOGEMENT.get(logement.get("statut", ""), logement.get("statut", ""))
        texte = f"Logement : {statut[:1].lower() + statut[1:]}" if statut else "Logement"
        if logement.get("loyer"):
            texte += f", loyer de {euros(logement['loyer'])} par mois"
        lignes.append(texte + ".")
    personnes = situation.get("personnes") or []
    adultes = [p for p in personnes if p.get("role") in ("demandeur", "conjoint")]
    enfants = [p for p in personnes if p.get("role") == "enfant"]
    autres = [p for p in personnes if p.get("role") == "autre"]
    foyer = "en couple" if len(adultes) > 1 else "seul(e)"
    if enfants:
        ages = ", ".join(_age(p.get("age", 0)) for p in enfants)
        foyer += f" avec {len(enfants)} enfant{'s' if len(enfants) > 1 else ''} ({ages})"
    if autres:
        foyer += f", {len(autres)} autre{'s' if len(autres) > 1 else ''} personne(s) au foyer"
    lignes.append(f"Foyer : {foyer}.")
    if situation.get("naissance_attendue"):
        nombre = situation.get("enfants_attendus") or 1
        attendus = "un enfant" if nombre == 1 else f"{nombre} enfants"
        lignes.append(
            f"Naissance attendue : {attendus}, prévue en "
            f"{mois_en_mots(situation['naissance_attendue'])}."
        )
    for p in enfants:
        if p.get("adoption"):
            lignes.append(f"Enfant adopté arrivé au foyer en {mois_en_mots(p['adoption'])}.")
    for p in adultes:
        qui = "Vous" if p.get("role") == "demandeur" else "Votre conjoint(e)"
        texte = f"{qui} : {_age(p.get('age', 0))}"
        if p.get("activite"):
            activite = ACTIVITES.get(p["activite"], p["activite"])
            texte += f", {activite[:1].lower() + activite[1:]}"
        revenus = [
            f"{libelle} {euros(montant)}"
            for cle, libelle in REVENUS.items()
            if (montant := (p.get("revenus") or {}).get(cle))
        ]
        texte += (
            f" ; revenus par mois : {', '.join(revenus)}" if revenus else " ; pas de revenu déclaré"
        )
        if p.get("echelon_bourse"):
            echelon = "0 bis" if p["echelon_bourse"] == "0bis" else p["echelon_bourse"]
            texte += f" ; boursier·e du Crous, échelon {echelon}"
        elif p.get("boursier"):
            texte += " ; boursier·e du Crous"
        lignes.append(texte + ".")
    if situation.get("epargne"):
        lignes.append(f"Épargne du foyer : {euros(situation['epargne'])}.")
    return lignes


def lieux_ou_demander(resultat: ResultatBilan) -> list[dict]:
    """Where to claim the probable rights near the commune: for each right, the two most
    relevant places of the directory, grouped by place (`{"structure", "droits"}`), in the
    order of the rights. What the printout gives to take to an appointment."""
    par_structure: dict[int, dict] = {}
    for d in resultat.droits:
        if not d.eligible:
            continue
        try:
            structures = structures_pour(resultat.commune, droit=d.page or d.slug, limite=5)
        except ErreurChamps:
            continue
        for s in structures[:LIEUX_PAR_DROIT]:
            bloc = par_structure.setdefault(s.pk, {"structure": s, "droits": []})
            bloc["droits"].append(d.titre)
    return list(par_structure.values())


def contexte_resultat(situation: dict, resultat: ResultatBilan, *, cree_le=None) -> dict:
    eligibles = [d for d in resultat.droits if d.eligible]
    return {
        "resultat": resultat,
        "eligibles": eligibles,
        "autres": [d for d in resultat.droits if not d.eligible],
        "mois_en_mots": mois_en_mots(resultat.mois),
        "etabli_le": cree_le or timezone.now(),
        "resume_situation": resume_situation(situation),
        "lieux": lieux_ou_demander(resultat),
    }


def texte_courriel(situation: dict, resultat: ResultatBilan, *, code: str = "") -> str:
    """The e-mail the resident asks for: the situation, the result, where to go, the code."""
    date = date_format(timezone.localdate(), "j F Y")
    lignes = [
        "Bonjour,",
        "",
        f"Voici le bilan d'accès aux droits que vous avez fait le {date} sur Solidarités.",
        "C'est une estimation : seul l'organisme qui verse une aide peut confirmer votre droit.",
        "",
        "Votre situation :",
        *[f"  {ligne}" for ligne in resume_situation(situation)],
        "",
        resultat_en_texte(resultat).replace(
            f"— {resultat.mois}", f"— {mois_en_mots(resultat.mois)}"
        ),
    ]
    lieux = lieux_ou_demander(resultat)
    if lieux:
        lignes += ["", "Où faire vos demandes :"]
        for bloc in lieux:
            s = bloc["structure"]
            adresse = ", ".join(x for x in (s.adresse, f"{s.code_postal} {s.commune.nom}") if x)
            telephone = f", tél. {s.telephone}" if s.telephone else ""
            lignes.append(f"  – {s.nom}, {adresse}{telephone}")
            lignes.append(f"    pour : {', '.join(bloc['droits'])}")
    if code:
        lignes += [
            "",
            f"Votre bilan est conservé sous le code {code} : donnez-le au travailleur social qui "
            "vous reçoit, ou rouvrez-le sur la page « Faire un bilan ».",
        ]
    lignes += ["", "Ce message a été envoyé à votre demande. Il n'y a pas besoin d'y répondre."]
    return "\n".join(lignes)
