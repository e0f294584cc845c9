"""Publish to and import from the data·inclusion schema v1 (JSON), validated by its package.

The exported file is {"schema": "data-inclusion v1", "structures": […], "services": […]}, each
item exactly a data·inclusion `Structure` / `Service` (null for empty fields), sorted by id,
lists sorted, so that export → import into an empty directory → export gives the same bytes.
What data·inclusion does not know (typologie, sectors, permanences, demo flags) is not exported;
on import the typologie is inferred from `reseaux_porteurs`.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pydantic
from data_inclusion.schema import v1 as di
from django.db import transaction

from annuaire.enregistrement import mettre_a_jour_ou_creer
from annuaire.models import Service, Structure
from solidarites.erreurs import ErreurChamps, messages_champs
from territoires.models import Commune

SCHEMA = "data-inclusion v1"

# (field of data·inclusion, attribute of our model) — same name unless stated.
CHAMPS_STRUCTURE = [
    "source",
    ("id", "identifiant"),
    "nom",
    "date_maj",
    "description",
    "lien_source",
    "siret",
    ("commune", None),
    "code_postal",
    ("code_insee", "commune_id"),
    "adresse",
    "complement_adresse",
    "longitude",
    "latitude",
    "telephone",
    "courriel",
    "site_web",
    "horaires_accueil",
    "accessibilite_lieu",
    "reseaux_porteurs",
]
CHAMPS_SERVICE = [
    "source",
    ("structure_id", None),
    ("id", "identifiant"),
    "nom",
    "description",
    "lien_source",
    "date_maj",
    "type",
    "thematiques",
    "frais",
    "frais_precisions",
    "publics",
    "publics_precisions",
    "conditions_acces",
    ("commune", None),
    "code_postal",
    ("code_insee", "commune_id"),
    "adresse",
    "complement_adresse",
    "longitude",
    "latitude",
    "telephone",
    "courriel",
    "modes_accueil",
    "zone_eligibilite",
    "contact_nom_prenom",
    "lien_mobilisation",
    "modes_mobilisation",
    "mobilisable_par",
    "mobilisation_precisions",
    "volume_horaire_hebdomadaire",
    "nombre_semaines",
    "horaires_accueil",
]
# Sets in data·inclusion, sorted lists here; zone_eligibilite keeps its order.
ENSEMBLES = {"reseaux_porteurs", "thematiques", "publics", "modes_accueil", "modes_mobilisation"}
ENSEMBLES |= {"mobilisable_par"}

RESEAU_VERS_TYPOLOGIE = {
    "maisons-des-solidarites": "mds",
    "ccas-cias": "ccas",
    "mdph": "mdph",
    "caf": "caf",
    "france-travail": "france-travail",
    "mission-locale": "mission-locale",
    "cpam": "cpam",
    "cnam": "cpam",
    "mutualite-sociale-agricole": "msa",
    "maison-departementale-de-lautonomie": "pole-autonomie",
    "departements": "departement",
    "france-service": "france-services",
    "communes": "mairie",
    "fcsf": "centre-social",
}
TYPOLOGIE_VERS_RESEAU = {
    "mds": "maisons-des-solidarites",
    "eds": "maisons-des-solidarites",
    "ccas": "ccas-cias",
    "mdph": "mdph",
    "caf": "caf",
    "france-travail": "france-travail",
    "mission-locale": "mission-locale",
    "cpam": "cpam",
    "msa": "mutualite-sociale-agricole",
    "pole-autonomie": "maison-departementale-de-lautonomie",
    "departement": "departements",
    "france-services": "france-service",
    "mairie": "communes",
}


def _paires(champs):
    for c in champs:
        yield (c, c) if isinstance(c, str) else c


def _valeur_vers_di(nom: str, valeur: Any) -> Any:
    if valeur in ("", None):
        return None
    if isinstance(valeur, date):
        return valeur.isoformat()
    if nom in ENSEMBLES:
        return sorted(valeur) or None
    if nom == "zone_eligibilite":
        return list(valeur) or None
    return valeur


def structure_vers_di(s: Structure) -> dict[str, Any]:
    out = {}
    for di_nom, attr in _paires(CHAMPS_STRUCTURE):
        if di_nom == "commune":
            out[di_nom] = s.commune.nom if s.commune_id else None
        else:
            out[di_nom] = _valeur_vers_di(di_nom, getattr(s, attr))
    return out


def service_vers_di(sv: Service) -> dict[str, Any]:
    out = {}
    for di_nom, attr in _paires(CHAMPS_SERVICE):
        if di_nom == "structure_id":
            out[di_nom] = sv.structure.identifiant
        elif di_nom == "commune":
            out[di_nom] = sv.commune.nom if sv.commune_id else None
        else:
            out[di_nom] = _valeur_vers_di(di_nom, getattr(sv, attr))
    return out


def erreurs_di(modele: type[pydantic.BaseModel], donnees: dict, prefixe: str = "") -> list[dict]:
    """French field errors of a data·inclusion item ([] when valid)."""
    try:
        modele.model_validate(donnees)
    except pydantic.ValidationError as e:
        erreurs = messages_champs(e.errors())
        for err, brute in zip(erreurs, e.errors(), strict=True):
            if "email" in str(brute.get("msg", "")):
                err["message"] = "Adresse de courriel invalide."
            elif brute.get("type", "").startswith("url_"):
                err["message"] = "Adresse web invalide (elle doit commencer par https://)."
        if prefixe:
            for err in erreurs:
                err["champ"] = f"{prefixe}.{err['champ']}"
        return erreurs
    return []


def exporter(structures=None) -> dict[str, Any]:
    structures = structures if structures is not None else Structure.objects.all()
    structures = structures.select_related("commune").order_by("identifiant")
    services = (
        Service.objects.filter(structure__in=structures)
        .select_related("structure", "commune")
        .order_by("identifiant")
    )
    return {
        "schema": SCHEMA,
        "structures": [structure_vers_di(s) for s in structures],
        "services": [service_vers_di(s) for s in services],
    }


def exporter_json(structures=None) -> str:
    return json.dumps(exporter(structures), ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def _vers_modele(champs, item: dict) -> dict[str, Any]:
    out = {}
    for di_nom, attr in _paires(champs):
        if attr is None or attr == "commune_id":
            continue
        valeur = item.get(di_nom)
        if di_nom in ENSEMBLES or di_nom == "zone_eligibilite":
            out[attr] = list(valeur or [])
        elif valeur is None:
            out[attr] = None if di_nom in ("longitude", "latitude") else ""
            if di_nom in ("volume_horaire_hebdomadaire", "nombre_semaines"):
                out[attr] = None
        elif di_nom == "date_maj":
            out[attr] = date.fromisoformat(str(valeur))
        else:
            out[attr] = valeur
    return out


@transaction.atomic
def importer(donnees: dict[str, Any]) -> dict[str, int]:
    """Create or update structures and services from a data·inclusion export.

    All or nothing: every item is validated first; any error raises ErreurChamps listing them
    all (« structures.3.courriel : … »), and nothing is written.
    """
    if not isinstance(donnees, dict):
        raise ErreurChamps(
            {"__all__": "Un objet JSON avec « structures » et « services » est attendu."}
        )
    structures = donnees.get("structures") or []
    services = donnees.get("services") or []
    erreurs: list[dict] = []
    codes = {i.get("code_insee") for i in [*structures, *services] if isinstance(i, dict)}
    communes = set(
        Commune.objects.filter(pk__in=[c for c in codes if c]).values_list("pk", flat=True)
    )
    ids_structures = set()
    for n, item in enumerate(structures):
        erreurs += erreurs_di(di.Structure, item, f"structures.{n}")
        if isinstance(item, dict):
            if item.get("code_insee") and item["code_insee"] not in communes:
                erreurs.append(
                    {"champ": f"structures.{n}.code_insee", "message": "Commune inconnue."}
                )
            ids_structures.add(item.get("id"))
    connus = ids_structures | set(
        Structure.objects.filter(
            identifiant__in=[i.get("structure_id") for i in services if isinstance(i, dict)]
        ).values_list("identifiant", flat=True)
    )
    for n, item in enumerate(services):
        erreurs += erreurs_di(di.Service, item, f"services.{n}")
        if isinstance(item, dict):
            if item.get("code_insee") and item["code_insee"] not in communes:
                erreurs.append(
                    {"champ": f"services.{n}.code_insee", "message": "Commune inconnue."}
                )
            if item.get("structure_id") not in connus:
                erreurs.append(
                    {"champ": f"services.{n}.structure_id", "message": "Structure inconnue."}
                )
    if erreurs:
        raise ErreurChamps(erreurs)

    par_id: dict[str, Structure] = {}
    for item in structures:
        valeurs = _vers_modele(CHAMPS_STRUCTURE, item)
        valeurs["commune_id"] = item.get("code_insee")
        identifiant = valeurs.pop("identifiant")
        existante = Structure.objects.filter(identifiant=identifiant).first()
        if existante is None:
            reseaux = valeurs.get("reseaux_porteurs") or []
            valeurs["typologie"] = next(
                (RESEAU_VERS_TYPOLOGIE[r] for r in reseaux if r in RESEAU_VERS_TYPOLOGIE), "autre"
            )
            if valeurs["commune_id"]:
                valeurs["departement_id"] = Commune.objects.get(
                    pk=valeurs["commune_id"]
                ).departement_id
        s, _ = mettre_a_jour_ou_creer(Structure, identifiant=identifiant, defaults=valeurs)
        par_id[identifiant] = s
    for item in services:
        valeurs = _vers_modele(CHAMPS_SERVICE, item)
        valeurs["commune_id"] = item.get("code_insee")
        structure = par_id.get(item["structure_id"]) or Structure.objects.get(
            identifiant=item["structure_id"]
        )
        valeurs["structure"] = structure
        identifiant = valeurs.pop("identifiant")
        mettre_a_jour_ou_creer(Service, identifiant=identifiant, defaults=valeurs)
    return {"structures": len(structures), "services": len(services)}
