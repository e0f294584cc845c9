"""Load the demo directory from content/annuaire/*.yaml (idempotent).

One file per département (77.yaml, 94.yaml, 71.yaml) lists its structures, their sector, their
permanences and closures; services-types.yaml gives the default services of each kind of
structure. Every structure and service is validated against the data·inclusion schema before
anything is written; the whole load is one transaction.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.db import transaction
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from annuaire import horaires
from annuaire.data_inclusion import TYPOLOGIE_VERS_RESEAU, erreurs_di
from annuaire.enregistrement import mettre_a_jour_ou_creer
from annuaire.models import Fermeture, Permanence, Secteur, Service, Structure
from annuaire.signals import reindexation_suspendue
from annuaire.typologies import TYPOLOGIES, TYPOLOGIES_SECTORISEES
from annuaire.zones import reindexer
from solidarites.erreurs import ErreurChamps, messages_champs
from territoires.models import Commune

SOURCE_DEMO = "solidarites-demo"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _horaires_valides(v: str) -> str:
    msg = horaires.erreur_horaires(v)
    if msg:
        raise ValueError(msg)
    return v


class FermetureY(_Strict):
    du: date
    au: date
    motif: str = ""


class PermanenceY(_Strict):
    nom: str
    lieu: str
    adresse: str = ""
    code_postal: str = ""
    commune: str
    horaires: str
    quinzaine_depuis: date | None = None
    valide_du: date | None = None
    valide_au: date | None = None
    public: str = ""
    modalites: str = ""
    telephone: str = ""
    a_verifier: bool = True
    fermetures: list[FermetureY] = []

    _h = field_validator("horaires")(_horaires_valides)


class SecteurY(_Strict):
    epci: list[str] = []
    communes: list[str] = []
    bureaux: list[str] = Field(default=[], description="Union des secteurs de ces bureaux.")
    reste: bool = False


class StructureY(_Strict):
    id: str
    nom: str
    typologie: str
    description: str = ""
    adresse: str = ""
    complement_adresse: str = ""
    code_postal: str = ""
    commune: str | None = None
    telephone: str = ""
    courriel: str = ""
    site_web: str = ""
    horaires_accueil: str = ""
    zone_eligibilite: list[str] = []
    modalites_contact: str = ""
    a_verifier: bool = True
    source_officielle: str = ""
    siret: str = ""
    secteur: SecteurY | None = None
    services: list[dict[str, Any]] | None = None
    permanences: list[PermanenceY] = []
    fermetures: list[FermetureY] = []

    _h = field_validator("horaires_accueil")(_horaires_valides)

    @field_validator("typologie")
    @classmethod
    def _typologie(cls, v: str) -> str:
        if v not in TYPOLOGIES:
            raise ValueError(f"Type de structure inconnu : « {v} ».")
        return v


class FichierY(_Strict):
    departement: str
    verifie_le: date
    source: str
    ccas_population_min: int | None = None
    ccas_horaires: str = "Mo-Fr 08:30-12:00,13:30-17:00; PH off"
    structures: list[StructureY]


def _lire(chemin: Path) -> Any:
    return yaml.safe_load(chemin.read_text(encoding="utf-8"))


def _fichiers(dossier: Path, departements: list[str] | None) -> list[Path]:
    deps = departements or list(settings.DEPARTEMENTS)
    return [dossier / f"{d}.yaml" for d in deps if (dossier / f"{d}.yaml").is_file()]


def _ccas_generes(f: FichierY) -> list[StructureY]:
    """A CCAS for each commune of the département above the population threshold."""
    if not f.ccas_population_min:
        return []
    deja = {s.commune for s in f.structures if s.typologie == "ccas"}
    out = []
    communes = Commune.objects.filter(
        departement_id=f.departement, population__gte=f.ccas_population_min
    ).order_by("code_insee")
    for c in communes:
        if c.code_insee in deja:
            continue
        out.append(
            StructureY(
                id=f"ccas-{c.code_insee}",
                nom=f"Centre communal d'action sociale (CCAS) de {c.nom}",
                typologie="ccas",
                commune=c.code_insee,
                code_postal=c.liste_codes_postaux[0] if c.liste_codes_postaux else "",
                adresse="Hôtel de ville",
                horaires_accueil=f.ccas_horaires,
                zone_eligibilite=[c.code_insee],
                modalites_contact=(
                    "Présentez-vous à l'accueil de la mairie ou appelez le standard de la mairie, "
                    "qui vous donnera un rendez-vous au CCAS."
                ),
                a_verifier=True,
            )
        )
    return out


def _secteurs(
    f: FichierY, structures: list[StructureY], erreurs: list[dict]
) -> dict[str, dict[str, str]]:
    """office id -> {commune code: typologie}; explicit communes beat EPCI, `reste` takes the rest."""
    communes = dict(
        Commune.objects.filter(departement_id=f.departement).values_list("code_insee", "epci_id")
    )
    par_type: dict[str, dict[str, str]] = {t: {} for t in TYPOLOGIES_SECTORISEES}  # commune->id
    bureaux = [s for s in structures if s.secteur and s.typologie in TYPOLOGIES_SECTORISEES]
    for n, s in enumerate(structures):
        if s.secteur and s.typologie not in TYPOLOGIES_SECTORISEES:
            erreurs.append(
                {"champ": f"structures.{n}.secteur", "message": "Ce type n'a pas de secteur."}
            )
    for s in bureaux:
        for code in s.secteur.communes:
            if code not in communes:
                erreurs.append(
                    {
                        "champ": f"{s.id}.secteur.communes",
                        "message": f"Commune {code} hors du département.",
                    }
                )
                continue
            deja = par_type[s.typologie].get(code)
            if deja and deja != s.id:
                erreurs.append(
                    {
                        "champ": f"{s.id}.secteur.communes",
                        "message": f"Commune {code} déjà servie par {deja}.",
                    }
                )
            par_type[s.typologie][code] = s.id
    for s in bureaux:
        epcis = set(s.secteur.epci)
        for code, epci in communes.items():
            if epci in epcis:
                par_type[s.typologie].setdefault(code, s.id)
    for s in bureaux:
        if s.secteur.bureaux:
            membres = set(s.secteur.bureaux)
            for t, servies in par_type.items():
                if t == s.typologie:
                    continue
                for code, bureau in list(servies.items()):
                    if bureau in membres:
                        par_type[s.typologie].setdefault(code, s.id)
    for s in bureaux:
        if s.secteur.reste:
            for code in communes:
                par_type[s.typologie].setdefault(code, s.id)
    out: dict[str, dict[str, str]] = {s.id: {} for s in bureaux}
    for t, servies in par_type.items():
        for code, bureau in servies.items():
            out[bureau][code] = t
    return out


def _services(
    s: StructureY, types: dict[str, list[dict]], identifiant: str, f: FichierY
) -> list[dict]:
    modeles = s.services if s.services is not None else types.get(s.typologie, [])
    out = []
    for m in modeles:
        m = dict(m)
        cle = m.pop("cle")
        item = {
            "source": SOURCE_DEMO,
            "structure_id": identifiant,
            "id": f"{identifiant}--{cle}",
            "date_maj": f.verifie_le,
            **m,
        }
        if s.commune and "code_insee" not in item:
            item.update(
                code_insee=s.commune, code_postal=s.code_postal or None, adresse=s.adresse or None
            )
        if s.telephone and "telephone" not in item:
            item["telephone"] = s.telephone
        if s.zone_eligibilite and "zone_eligibilite" not in item:
            item["zone_eligibilite"] = s.zone_eligibilite
        out.append(item)
    return out


def lire_fichiers(dossier: Path, departements: list[str] | None = None):
    """Parse and validate; returns [(FichierY, [StructureY…], sectors, services by structure)]."""
    types = _lire(dossier / "services-types.yaml") or {}
    lus = []
    erreurs: list[dict] = []
    for chemin in _fichiers(dossier, departements):
        try:
            f = FichierY.model_validate(_lire(chemin))
        except ValidationError as e:
            raise ErreurChamps(
                [
                    {"champ": f"{chemin.name}:{x['champ']}", "message": x["message"]}
                    for x in messages_champs(e.errors())
                ]
            ) from None
        structures = f.structures + _ccas_generes(f)
        secteurs = _secteurs(f, structures, erreurs)
        services = {}
        for s in structures:
            identifiant = f"{SOURCE_DEMO}--{f.departement}-{s.id}"
            di_structure = _structure_di(s, identifiant, f)
            erreurs += erreurs_di(_di_structure_modele(), di_structure, f"{chemin.name}:{s.id}")
            services[s.id] = _services(s, types, identifiant, f)
            for item in services[s.id]:
                erreurs += erreurs_di(_di_service_modele(), item, f"{chemin.name}:{item['id']}")
        lus.append((f, structures, secteurs, services))
    if erreurs:
        raise ErreurChamps(erreurs)
    return lus


def _di_structure_modele():
    from data_inclusion.schema.v1 import Structure as DiStructure

    return DiStructure


def _di_service_modele():
    from data_inclusion.schema.v1 import Service as DiService

    return DiService


def _structure_di(s: StructureY, identifiant: str, f: FichierY) -> dict:
    reseau = TYPOLOGIE_VERS_RESEAU.get(s.typologie)
    return {
        "source": SOURCE_DEMO,
        "id": identifiant,
        "nom": s.nom,
        "date_maj": f.verifie_le,
        "description": s.description or None,
        "siret": s.siret or None,
        "code_postal": s.code_postal or None,
        "code_insee": s.commune,
        "adresse": s.adresse or None,
        "complement_adresse": s.complement_adresse or None,
        "telephone": s.telephone or None,
        "courriel": s.courriel or None,
        "site_web": s.site_web or None,
        "horaires_accueil": s.horaires_accueil or None,
        "reseaux_porteurs": [reseau] if reseau else None,
    }


@transaction.atomic
def charger(dossier: Path | None = None, departements: list[str] | None = None) -> dict[str, int]:
    dossier = dossier or Path(settings.CONTENT_DIR) / "annuaire"
    lus = lire_fichiers(dossier, departements)
    with reindexation_suspendue():
        compte, touchees = _ecrire(lus)
    # the demo just written, and any structure missing from the index (after a migration)
    orphelines = Structure.objects.filter(zones__isnull=True).values_list("pk", flat=True)
    reindexer(set(touchees) | set(orphelines))
    return compte


def _ecrire(lus) -> tuple[dict[str, int], list[int]]:
    compte = {"structures": 0, "services": 0, "permanences": 0, "secteurs": 0}
    touchees: list[int] = []
    for f, structures, secteurs, services in lus:
        par_id: dict[str, Structure] = {}
        for s in structures:
            identifiant = f"{SOURCE_DEMO}--{f.departement}-{s.id}"
            reseau = TYPOLOGIE_VERS_RESEAU.get(s.typologie)
            obj, _ = mettre_a_jour_ou_creer(
                Structure,
                identifiant=identifiant,
                defaults=dict(
                    source=SOURCE_DEMO,
                    nom=s.nom,
                    typologie=s.typologie,
                    departement_id=f.departement,
                    description=s.description,
                    adresse=s.adresse,
                    complement_adresse=s.complement_adresse,
                    code_postal=s.code_postal,
                    commune_id=s.commune,
                    telephone=s.telephone,
                    courriel=s.courriel,
                    site_web=s.site_web,
                    horaires_accueil=s.horaires_accueil,
                    zone_eligibilite=s.zone_eligibilite,
                    modalites_contact=s.modalites_contact,
                    reseaux_porteurs=[reseau] if reseau else [],
                    siret=s.siret,
                    demo=True,
                    a_verifier=s.a_verifier,
                    source_officielle=s.source_officielle or f.source,
                    verifie_le=f.verifie_le,
                    date_maj=f.verifie_le,
                ),
            )
            par_id[s.id] = obj
            touchees.append(obj.pk)
            gardes = []
            for item in services[s.id]:
                valeurs = {
                    k: v for k, v in item.items() if k not in ("id", "structure_id", "code_insee")
                }
                valeurs["commune_id"] = item.get("code_insee")
                for k in ("code_postal", "adresse"):
                    valeurs[k] = valeurs.get(k) or ""
                sv, _ = mettre_a_jour_ou_creer(
                    Service, identifiant=item["id"], defaults={"structure": obj, **valeurs}
                )
                gardes.append(sv.pk)
                compte["services"] += 1
            Service.objects.filter(structure=obj).exclude(pk__in=gardes).delete()
            Fermeture.objects.filter(structure=obj).delete()
            Fermeture.objects.bulk_create(
                [Fermeture(structure=obj, du=x.du, au=x.au, motif=x.motif) for x in s.fermetures]
            )
            gardes = []
            for p in s.permanences:
                valeurs = p.model_dump(exclude={"fermetures", "commune", "nom"})
                perm, _ = mettre_a_jour_ou_creer(
                    Permanence,
                    structure=obj,
                    nom=p.nom,
                    defaults={**valeurs, "commune_id": p.commune},
                )
                Fermeture.objects.filter(permanence=perm).delete()
                Fermeture.objects.bulk_create(
                    [
                        Fermeture(permanence=perm, du=x.du, au=x.au, motif=x.motif)
                        for x in p.fermetures
                    ]
                )
                gardes.append(perm.pk)
                compte["permanences"] += 1
            Permanence.objects.filter(structure=obj).exclude(pk__in=gardes).delete()
        compte["structures"] += len(structures)
        # Sectors: apply only the differences (history records real changes, reloads are fast).
        voulus = {
            (par_id[i].pk, code): t
            for i, communes in secteurs.items()
            for code, t in communes.items()
        }
        existants = {
            (sid, code): pk
            for pk, sid, code in Secteur.objects.filter(
                structure__in=[par_id[i] for i in secteurs]
            ).values_list("pk", "structure_id", "commune_id")
        }
        a_supprimer = [pk for cle, pk in existants.items() if cle not in voulus]
        if a_supprimer:
            Secteur.objects.filter(pk__in=a_supprimer).delete()
        # a commune moving from one office to another: free it first
        nouveaux = [
            (sid, code, t) for (sid, code), t in voulus.items() if (sid, code) not in existants
        ]
        conflits = Secteur.objects.filter(
            commune_id__in=[code for _, code, _ in nouveaux],
            typologie__in=TYPOLOGIES_SECTORISEES,
        )
        cles_nouvelles = {(code, t) for _, code, t in nouveaux}
        conflits = [x.pk for x in conflits if (x.commune_id, x.typologie) in cles_nouvelles]
        if conflits:
            Secteur.objects.filter(pk__in=conflits).delete()
        lignes = [
            Secteur(structure_id=sid, commune_id=code, typologie=t, a_verifier=True)
            for sid, code, t in sorted(nouveaux)
        ]
        Secteur.objects.bulk_create(lignes, batch_size=2000)
        compte["secteurs"] += len(voulus)
    return compte, touchees
