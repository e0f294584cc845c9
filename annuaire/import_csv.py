"""CSV import for agents: one structure per line, optionally with one service.

Columns (header line required, « ; » or « , » separated, UTF-8):
identifiant, nom*, typologie*, adresse, complement_adresse, code_postal, code_insee*, telephone,
courriel, site_web, horaires_accueil, zone_eligibilite, modalites_contact, description,
service_nom, service_description, thematiques, publics, conditions_acces
(* required; lists separated by spaces or « | »).

Every line is checked (our rules, then the data·inclusion schema) before anything is written;
errors name the line and the column, in French. All or nothing.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from data_inclusion.schema import v1 as di
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from annuaire import horaires
from annuaire import thematiques as th
from annuaire.data_inclusion import TYPOLOGIE_VERS_RESEAU, erreurs_di
from annuaire.enregistrement import mettre_a_jour_ou_creer
from annuaire.models import SOURCE_LOCALE, Service, Structure
from annuaire.typologies import TYPOLOGIES
from territoires.models import Commune

COLONNES = [
    "identifiant",
    "nom",
    "typologie",
    "adresse",
    "complement_adresse",
    "code_postal",
    "code_insee",
    "telephone",
    "courriel",
    "site_web",
    "horaires_accueil",
    "zone_eligibilite",
    "modalites_contact",
    "description",
    "service_nom",
    "service_description",
    "thematiques",
    "publics",
    "conditions_acces",
]
OBLIGATOIRES = ["nom", "typologie", "code_insee"]
# data·inclusion field -> our column, to name the column in errors.
_COLONNE_DE = {"id": "identifiant", "code_insee": "code_insee", "nom": "nom"}
_COLONNE_SERVICE = {"nom": "service_nom", "description": "service_description"}


@dataclass
class ErreurCsv:
    ligne: int
    colonne: str
    message: str

    def __str__(self) -> str:
        return f"Ligne {self.ligne}, colonne « {self.colonne} » : {self.message}"


class ImportInvalide(Exception):
    def __init__(self, erreurs: list[ErreurCsv]):
        self.erreurs = erreurs
        super().__init__("\n".join(str(e) for e in erreurs))


def _liste(valeur: str) -> list[str]:
    return [v for v in re.split(r"[\s|;,]+", valeur or "") if v]


def lire(texte: str) -> list[dict[str, str]]:
    texte = texte.lstrip("\ufeff")
    premiere = texte.splitlines()[0] if texte.strip() else ""
    separateur = ";" if premiere.count(";") > premiere.count(",") else ","
    lecteur = csv.DictReader(io.StringIO(texte), delimiter=separateur)
    inconnues = [c for c in (lecteur.fieldnames or []) if c and c.strip() not in COLONNES]
    manquantes = [c for c in OBLIGATOIRES if c not in [x.strip() for x in lecteur.fieldnames or []]]
    erreurs = [ErreurCsv(1, c, "Colonne inconnue.") for c in inconnues]
    erreurs += [ErreurCsv(1, c, "Colonne obligatoire absente.") for c in manquantes]
    if erreurs:
        raise ImportInvalide(erreurs)
    return [{(k or "").strip(): (v or "").strip() for k, v in row.items() if k} for row in lecteur]


def importer(texte: str, departement: str | None = None) -> dict[str, int]:
    lignes = lire(texte)
    erreurs: list[ErreurCsv] = []
    codes = {r.get("code_insee", "") for r in lignes}
    communes = {c.pk: c for c in Commune.objects.filter(pk__in=codes)}
    aujourd_hui = timezone.localdate()
    a_ecrire = []
    vus: set[str] = set()
    for n, r in enumerate(lignes, start=2):
        avant = len(erreurs)
        for c in OBLIGATOIRES:
            if not r.get(c):
                erreurs.append(ErreurCsv(n, c, "Ce champ est obligatoire."))
        if r.get("typologie") and r["typologie"] not in TYPOLOGIES:
            erreurs.append(
                ErreurCsv(
                    n, "typologie", f"Type inconnu. Valeurs possibles : {', '.join(TYPOLOGIES)}."
                )
            )
        commune = communes.get(r.get("code_insee", ""))
        if r.get("code_insee") and commune is None:
            erreurs.append(
                ErreurCsv(
                    n, "code_insee", "Commune inconnue (code INSEE attendu, par exemple 77288)."
                )
            )
        if commune and departement and commune.departement_id != departement:
            erreurs.append(
                ErreurCsv(
                    n, "code_insee", f"Cette commune n'est pas dans le département {departement}."
                )
            )
        message = horaires.erreur_horaires(r.get("horaires_accueil", ""))
        if message:
            erreurs.append(ErreurCsv(n, "horaires_accueil", message))
        for t in _liste(r.get("thematiques", "")):
            if not th.est_connue(t):
                erreurs.append(ErreurCsv(n, "thematiques", f"Thématique inconnue : « {t} »."))
        if r.get("thematiques") and not r.get("service_nom"):
            erreurs.append(
                ErreurCsv(n, "service_nom", "Nommez le service qui porte ces thématiques.")
            )
        identifiant = r.get("identifiant") or (
            f"{SOURCE_LOCALE}--{slugify(r.get('nom', ''))}-{r.get('code_insee', '')}"
        )
        if identifiant in vus:
            erreurs.append(ErreurCsv(n, "identifiant", "Identifiant en double dans le fichier."))
        vus.add(identifiant)
        structure_di = {
            "source": SOURCE_LOCALE,
            "id": identifiant,
            "nom": r.get("nom", ""),
            "date_maj": aujourd_hui,
            "code_insee": r.get("code_insee") or None,
            "code_postal": r.get("code_postal") or None,
            "adresse": r.get("adresse") or None,
            "telephone": r.get("telephone") or None,
            "courriel": r.get("courriel") or None,
            "site_web": r.get("site_web") or None,
            "description": r.get("description") or None,
        }
        for e in erreurs_di(di.Structure, structure_di):
            colonne = _COLONNE_DE.get(e["champ"], e["champ"])
            if not any(x.ligne == n and x.colonne == colonne for x in erreurs):
                erreurs.append(ErreurCsv(n, colonne, e["message"]))
        service_di = None
        if r.get("service_nom"):
            service_di = {
                "source": SOURCE_LOCALE,
                "structure_id": identifiant,
                "id": f"{identifiant}--{slugify(r['service_nom'])}",
                "nom": r["service_nom"],
                "description": r.get("service_description") or r["service_nom"],
                "date_maj": aujourd_hui,
                "thematiques": [t for t in _liste(r.get("thematiques", "")) if th.est_connue(t)]
                or None,
                "publics": _liste(r.get("publics", "")) or None,
                "conditions_acces": r.get("conditions_acces") or None,
                "zone_eligibilite": _liste(r.get("zone_eligibilite", "")) or None,
            }
            for e in erreurs_di(di.Service, service_di):
                champ = e["champ"].split(".")[0]
                colonne = _COLONNE_SERVICE.get(champ, champ)
                if not any(x.ligne == n and x.colonne == colonne for x in erreurs):
                    erreurs.append(ErreurCsv(n, colonne, e["message"]))
        if len(erreurs) == avant:
            a_ecrire.append((r, identifiant, commune, service_di))
    if erreurs:
        raise ImportInvalide(erreurs)
    with transaction.atomic():
        for r, identifiant, commune, service_di in a_ecrire:
            reseau = TYPOLOGIE_VERS_RESEAU.get(r["typologie"])
            s, _ = mettre_a_jour_ou_creer(
                Structure,
                identifiant=identifiant,
                defaults=dict(
                    source=SOURCE_LOCALE,
                    nom=r["nom"],
                    typologie=r["typologie"],
                    departement_id=commune.departement_id,
                    commune=commune,
                    adresse=r.get("adresse", ""),
                    complement_adresse=r.get("complement_adresse", ""),
                    code_postal=r.get("code_postal") or (commune.liste_codes_postaux or [""])[0],
                    telephone=r.get("telephone", ""),
                    courriel=r.get("courriel", ""),
                    site_web=r.get("site_web", ""),
                    horaires_accueil=r.get("horaires_accueil", ""),
                    zone_eligibilite=_liste(r.get("zone_eligibilite", "")),
                    modalites_contact=r.get("modalites_contact", ""),
                    description=r.get("description", ""),
                    reseaux_porteurs=[reseau] if reseau else [],
                    date_maj=aujourd_hui,
                ),
            )
            if service_di:
                mettre_a_jour_ou_creer(
                    Service,
                    identifiant=service_di["id"],
                    defaults=dict(
                        structure=s,
                        source=SOURCE_LOCALE,
                        nom=service_di["nom"],
                        description=service_di["description"],
                        thematiques=service_di["thematiques"] or [],
                        publics=service_di["publics"] or [],
                        conditions_acces=service_di["conditions_acces"] or "",
                        zone_eligibilite=service_di["zone_eligibilite"] or [],
                        date_maj=aujourd_hui,
                    ),
                )
    return {"structures": len(a_ecrire), "services": sum(1 for x in a_ecrire if x[3])}
