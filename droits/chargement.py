"""Load the YAML folder into the database, and export the database back to YAML.

Choices:
- the files are the reviewed source of truth: every right of the folder is published;
- a published right whose file disappeared is **unpublished** (set to draft), not deleted, so its
  history stays and an agent can restore or delete it in the admin; drafts created in the admin
  and never exported are left alone;
- a right whose content did not change is not saved again (no empty history entry): loading
  twice gives the same state and the same history;
- everything happens in one transaction: a broken file leaves the database as it was.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction

from droits import schema
from droits.models import Droit
from droits.recherche import index
from droits.recherche.requete import ErreurSynonymes, charger_synonymes

RAISON_CHARGEMENT = "Chargement des fichiers de contenu"
RAISON_RETRAIT = "Fichier de contenu supprimé : droit dépublié"


@dataclass
class Bilan:
    crees: list[str] = field(default_factory=list)
    modifies: list[str] = field(default_factory=list)
    inchanges: list[str] = field(default_factory=list)
    retires: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        total = len(self.crees) + len(self.modifies) + len(self.inchanges)
        return (
            f"{total} droits chargés : {len(self.crees)} créés, {len(self.modifies)} modifiés, "
            f"{len(self.inchanges)} inchangés ; {len(self.retires)} retirés (passés en brouillon)."
        )


def dossier_par_defaut() -> Path:
    return Path(settings.CONTENT_DIR) / "droits"


def lire(dossier: Path) -> list[schema.FicheDroit]:
    """Validated records of the folder, or schema.ErreursContenu."""
    return schema.charger_dossier(
        Path(dossier), departements=tuple(settings.DEPARTEMENTS), base=Path(settings.BASE_DIR)
    )


def _valeurs(fiche: schema.FicheDroit) -> dict:
    data = fiche.model_dump(mode="json")
    data["verifie_le"] = fiche.verifie_le
    data["sigle"] = fiche.sigle or ""
    data.pop("variante_de")
    data.pop("slug")
    return data


def verifier_synonymes() -> None:
    """The synonym file must be valid too: its errors are reported with the rights' ones."""
    try:
        charger_synonymes(index.synonymes_path())
    except ErreurSynonymes as exc:
        raise schema.ErreursContenu([str(exc)]) from exc


@transaction.atomic
def charger(dossier: Path | None = None) -> Bilan:
    verifier_synonymes()
    fiches = lire(dossier or dossier_par_defaut())
    # National pages first: a local version points at a page that must already be saved.
    fiches.sort(key=lambda f: (f.variante_de is not None, f.slug))
    bilan = Bilan()
    existants = {
        d.slug: d
        for d in Droit.objects.select_for_update(of=("self",)).select_related("variante_de")
    }
    par_slug: dict[str, Droit] = {}
    for fiche in fiches:
        valeurs = _valeurs(fiche)
        variante = par_slug[fiche.variante_de] if fiche.variante_de else None
        droit = existants.get(fiche.slug)
        if droit is None:
            droit = Droit(
                slug=fiche.slug, statut=Droit.Statut.PUBLIE, variante_de=variante, **valeurs
            )
            bilan.crees.append(fiche.slug)
            change = True
        else:
            change = droit.statut != Droit.Statut.PUBLIE or droit.variante_de_id != (
                variante.pk if variante else None
            )
            for nom, valeur in valeurs.items():
                if getattr(droit, nom) != valeur:
                    setattr(droit, nom, valeur)
                    change = True
            droit.statut = Droit.Statut.PUBLIE
            droit.variante_de = variante
            (bilan.modifies if change else bilan.inchanges).append(fiche.slug)
        if change:
            droit._change_reason = RAISON_CHARGEMENT
            droit.save()
        par_slug[fiche.slug] = droit
    for slug, droit in existants.items():
        if slug not in par_slug and droit.statut == Droit.Statut.PUBLIE:
            droit.statut = Droit.Statut.BROUILLON
            droit._change_reason = RAISON_RETRAIT
            droit.save()
            bilan.retires.append(slug)
    index.reindexer_tout()
    return bilan


def fiches_publiees() -> list[tuple[str, dict]]:
    """(slug, file dict) of every published right, validated by the schema."""
    erreurs: list[str] = []
    out = []
    for droit in Droit.objects.publies().select_related("variante_de").order_by("slug"):
        try:
            fiche = schema.FicheDroit.model_validate(
                droit.en_fiche(), context={"departements": tuple(settings.DEPARTEMENTS)}
            )
        except schema.ValidationError as exc:
            erreurs.extend(
                f"droit « {droit.slug} » : champ « {e['champ']} » : {e['message']}"
                for e in schema.messages_champs(exc.errors())
            )
            continue
        out.append((droit.slug, fiche.en_dict()))
    if erreurs:
        raise schema.ErreursContenu(erreurs)
    return out


def exporter(dossier: Path) -> list[Path]:
    """Write one YAML file per published right; nothing is written if one is invalid."""
    fiches = fiches_publiees()
    dossier = Path(dossier)
    dossier.mkdir(parents=True, exist_ok=True)
    ecrits = []
    for slug, data in fiches:
        path = dossier / f"{slug}.yaml"
        path.write_text(schema.dump_yaml(data), encoding="utf-8")
        ecrits.append(path)
    return ecrits
