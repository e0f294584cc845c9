"""The contract of a right's YAML file (content/droits/<slug>.yaml), in plain Python.

One file per right holds its knowledge-base page and, when the project evaluates it itself (a
département's own aid), its rule (`regle`): the page and the rule share one title, one list of
sources and one "vérifié le" date. `fiches()` is the one reader of the folder for the knowledge
base (`droits`), the bilan's engine (`bilan/moteur/aides_departementales.py`) and the directory.

`valider_dossier` reads a folder, validates every file and the links between files, and returns
the validated records or a list of French messages naming the file and the field, for example:
"content/droits/rsa.yaml : champ « resume » : 231 caractères, 200 au plus".

No Django import here: the loader, the exporter and the tests share it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

import yaml
from data_inclusion.schema.v1 import Public, Thematique
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from solidarites.erreurs import messages_champs

RESUME_MAX = 200
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DEPARTEMENTS_PAR_DEFAUT = ("77", "94", "71")
NATIONAL = "national"
# /droits/<slug>/ shares its path with these pages.
SLUGS_RESERVES = frozenset({"recherche", "theme", "a-reverifier"})

PERIODICITES = {
    "mensuelle": "chaque mois",
    "annuelle": "chaque année",
    "ponctuelle": "une fois",
    "en_nature": "en nature",
    "service": "un service",
}

# Types of structure where a resident can claim a right (labels shown to people).
LIEUX = {
    "caf": "la CAF (caisse d'allocations familiales)",
    "msa": "la MSA (mutualité sociale agricole)",
    "cpam": "la CPAM (Assurance maladie)",
    "carsat": "la Carsat (retraite et santé au travail)",
    "mds": "la maison départementale des solidarités (MDS)",
    "eds": "l'espace départemental des solidarités (EDS)",
    "ccas": "le CCAS de votre commune",
    "mairie": "votre mairie",
    "mdph": "la MDPH (maison départementale des personnes handicapées)",
    "pole-autonomie": "le pôle autonomie territorial",
    "france-travail": "France Travail",
    "departement": "le conseil départemental",
    "maison-des-adolescents": "la maison des adolescents",
    "pmi": "un centre de PMI (protection maternelle et infantile)",
    "mission-locale": "la mission locale",
    "crous": "le Crous",
    "etablissement-scolaire": "l'établissement scolaire",
    "tribunal": "le tribunal judiciaire",
    "point-justice": "un point-justice",
    "banque-de-france": "la Banque de France",
    "centre-social": "un centre social",
    "association": "une association",
    "impots": "le centre des finances publiques (impôts)",
    "prefecture": "la préfecture",
    "bailleur": "votre bailleur",
    "caisse-retraite": "votre caisse de retraite",
    "fournisseur-energie": "votre fournisseur d'énergie",
}

PUBLICS = {p.value: p.label for p in Public}
THEMATIQUES = {t.value: t.label for t in Thematique}

_Texte = Field(min_length=1)


def _texte(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Lien(_Strict):
    nom: str = Field(min_length=1)
    url: str = Field(min_length=1)

    @field_validator("url")
    @classmethod
    def _url(cls, value: str) -> str:
        if not re.match(r"^https?://[^\s/$.?#][^\s]*$", value):
            raise ValueError(f"« {value} » n'est pas une adresse web (https://…)")
        return value


class Apport(_Strict):
    texte: str = Field(min_length=1)
    montant: str | None = None
    periodicite: Literal["mensuelle", "annuelle", "ponctuelle", "en_nature", "service"]


class Demarche(_Strict):
    organisme: str = Field(min_length=1)
    service_en_ligne: Lien | None = None
    etapes: list[str] = Field(min_length=1)


# The rule's vocabulary (see content/droits/README.md, « La règle ») — the engine gives each
# type its test and its plain-French text; a test checks both cover exactly these names.
COMPARAISONS = ("age", "taux_incapacite", "nombre_enfants", "gir")
LISTES = ("departements", "communes", "statut_occupation_logement")
TRANCHES = ("quotient_familial", "ressources_mensuelles")
OUI_NON = (
    "beneficiaire_rsa",
    "beneficiaire_aah",
    "personne_seule",
    "difficultes_activites",
    "enfant_prepare",
    "conge_parental",
    "trimestres_prepare",
)
# A rule's amount computed for each household (instead of a fixed `montant`): the engine reads
# it from OpenFisca-France's dated parameters (`conge_parental`: the PreParE's rate for the
# parent's reduction of activity, times the BMAF).
MONTANTS_SELON = ("conge_parental",)
TYPES_CONDITION = (*COMPARAISONS, *LISTES, *TRANCHES, *OUI_NON)
TYPES_PROFIL = (
    "tous",
    "salarie",
    "independant",
    "sans_emploi",
    "chomeur",
    "etudiant",
    "retraite",
    "inactif",
    "beneficiaire_rsa",
    "beneficiaire_aah",
    "parent",
    "famille_monoparentale",
    "personne_handicapee",
    "senior",
    "jeune",
)
OPERATEURS = ("<", "<=", ">", ">=", "=", "==")


class Condition(_Strict):
    """One condition of a rule: a comparison (`operator`, `value`), a list (`values`), a band
    (`floor` ≤ x < `ceiling`) or a yes/no (`value`, true by default)."""

    type: Literal[TYPES_CONDITION]  # type: ignore[valid-type]
    operator: Literal[OPERATEURS] | None = None  # type: ignore[valid-type]
    value: float | bool | None = None
    values: list[str] | None = None
    floor: float | None = None
    ceiling: float | None = None

    @field_validator("values", mode="before")
    @classmethod
    def _valeurs(cls, values: Any) -> Any:
        if isinstance(values, list):
            return [f"{v:02d}" if isinstance(v, int) else v for v in values]
        return values

    @model_validator(mode="after")
    def _forme(self) -> Condition:
        t = self.type
        if t in COMPARAISONS and (self.value is None or isinstance(self.value, bool)):
            raise ValueError(f"la condition « {t} » demande un nombre dans « value »")
        if t in LISTES and not self.values:
            raise ValueError(f"la condition « {t} » demande une liste « values »")
        if t in TRANCHES and self.floor is None and self.ceiling is None:
            raise ValueError(f"la condition « {t} » demande « floor » ou « ceiling »")
        if t in OUI_NON and self.value is not None and not isinstance(self.value, bool):
            raise ValueError(f"la condition « {t} » prend « value: true » ou « value: false »")
        if self.operator is not None and t not in COMPARAISONS:
            raise ValueError(f"la condition « {t} » ne prend pas d'« operator »")
        return self


class Profil(_Strict):
    type: Literal[TYPES_PROFIL]  # type: ignore[valid-type]
    conditions: list[Condition] = Field(default_factory=list)


class Regle(_Strict):
    """When the project tells a household it probably has the right (evaluated by the bilan's
    engine): ALL `conditions_generales` and ANY `profils` (with ALL its own `conditions`). What
    a questionnaire cannot check is written in `a_verifier`. The page's territory is implied
    (an aid of the "77" applies to households of the 77)."""

    conditions_generales: list[Condition] = Field(default_factory=list)
    profils: list[Profil] = Field(min_length=1)
    explication: str = Field(min_length=1)
    a_verifier: list[str] = Field(default_factory=list)
    montant: float | None = Field(None, ge=0)
    montant_selon: Literal[MONTANTS_SELON] | None = None  # type: ignore[valid-type]
    versement: str | None = None

    @field_validator("a_verifier")
    @classmethod
    def _listes(cls, values: list[str]) -> list[str]:
        return _liste_textes(values)


MONTANT_RE = re.compile(
    r"(?<![\d,.])(\d{1,3}(?:[ \u00a0\u202f]\d{3})*(?:,\d{1,2})?)[ \u00a0\u202f]?€"
)


def montants_du_texte(texte: str) -> list[str]:
    """The amounts in euros a text quotes, as written (« 1 041,59 € » → "1 041,59")."""
    return [re.sub(r"[\u00a0\u202f]", " ", m) for m in MONTANT_RE.findall(texte)]


class MontantCite(_Strict):
    """An amount in euros the page quotes (`texte`, as written: "651,69" or "1 099"), with where
    it comes from: `openfisca`, the OpenFisca-France parameter (or an arithmetic expression of
    parameters, such as `…bmaf.bmaf * …af_cm.taux.enf2`), read by a test at the page's
    `verifie_le` date so that a revaluation turns the suite red; or `hors_openfisca`, the source
    of an amount OpenFisca does not hold (an Action Logement ceiling…)."""

    texte: str = Field(pattern=r"^\d{1,3}( \d{3})*(,\d{1,2})?$")
    openfisca: str | None = None
    hors_openfisca: str | None = None

    @model_validator(mode="after")
    def _origine(self) -> MontantCite:
        if (self.openfisca is None) == (self.hors_openfisca is None):
            raise ValueError("indiquez soit « openfisca » (paramètre), soit « hors_openfisca »")
        return self


def _liste_textes(values: list[str]) -> list[str]:
    for value in values:
        if not value.strip():
            raise ValueError("un élément de la liste est vide")
    return values


class FicheDroit(_Strict):
    """One right as written in its YAML file."""

    slug: str
    titre: str = Field(min_length=1)
    sigle: str | None = None
    resume: str = Field(min_length=1)
    pour_qui: list[str] = Field(min_length=1)
    publics: list[str] = Field(default_factory=list)
    ce_que_ca_apporte: Apport
    conditions: list[str] = Field(min_length=1)
    pieces: list[str] = Field(default_factory=list)
    demarche: Demarche
    ou_s_adresser: list[str] = Field(default_factory=list)
    thematiques: list[str] = Field(min_length=1)
    territoire: str
    variante_de: str | None = None
    sources: list[Lien] = Field(min_length=1)
    verifie_le: dt.date
    voir_aussi: list[str] = Field(default_factory=list)
    mots_cles: list[str] = Field(default_factory=list)
    populaire: bool = False
    montants: list[MontantCite] = Field(default_factory=list)
    regle: Regle | None = None

    @field_validator("slug", "variante_de")
    @classmethod
    def _slug(cls, value: str | None) -> str | None:
        if value is not None and not SLUG_RE.match(value):
            raise ValueError(
                f"« {value} » n'est pas un identifiant valide (minuscules, chiffres et tirets)"
            )
        if value in SLUGS_RESERVES:
            raise ValueError(f"« {value} » est réservé à une page du site")
        return value

    @field_validator("resume")
    @classmethod
    def _resume(cls, value: str) -> str:
        if len(value) > RESUME_MAX:
            raise ValueError(f"{len(value)} caractères, {RESUME_MAX} au plus")
        return value

    @field_validator("pour_qui", "conditions", "pieces", "mots_cles")
    @classmethod
    def _listes(cls, values: list[str]) -> list[str]:
        return _liste_textes(values)

    @field_validator("publics")
    @classmethod
    def _publics(cls, values: list[str]) -> list[str]:
        return _codes(values, PUBLICS, "public data·inclusion")

    @field_validator("thematiques")
    @classmethod
    def _thematiques(cls, values: list[str]) -> list[str]:
        return _codes(values, THEMATIQUES, "thématique data·inclusion")

    @field_validator("ou_s_adresser")
    @classmethod
    def _lieux(cls, values: list[str]) -> list[str]:
        return _codes(values, LIEUX, "lieu")

    @field_validator("voir_aussi")
    @classmethod
    def _voir_aussi(cls, values: list[str]) -> list[str]:
        for value in values:
            cls._slug(value)
        return values

    @field_validator("territoire", mode="before")
    @classmethod
    def _territoire(cls, value: Any, info) -> Any:
        if isinstance(value, int):  # `territoire: 77` without quotes
            value = f"{value:02d}"
        if not isinstance(value, str):
            return value
        departements = (info.context or {}).get("departements", DEPARTEMENTS_PAR_DEFAUT)
        if value != NATIONAL and value not in departements:
            possibles = ", ".join([NATIONAL, *departements])
            raise ValueError(f"« {value} » n'est pas reconnu ; valeurs possibles : {possibles}")
        return value

    def en_dict(self) -> dict[str, Any]:
        """The file's content in the canonical order, without empty optional fields."""
        data = self.model_dump(mode="python", exclude_none=True)
        if not data.get("populaire"):
            data.pop("populaire", None)
        if not data.get("mots_cles"):
            data.pop("mots_cles", None)
        if not data.get("montants"):
            data.pop("montants", None)
        else:
            data["montants"] = [m.model_dump(exclude_none=True) for m in self.montants]
        if self.regle is not None:
            data["regle"] = self.regle.model_dump(mode="python", exclude_defaults=True)
        return data


def _codes(values: list[str], connus: dict[str, str], nom: str) -> list[str]:
    inconnus = [v for v in values if v not in connus]
    if inconnus:
        raise ValueError(
            ", ".join(f"« {v} »" for v in inconnus)
            + f" : code de {nom} inconnu"
            + ("s" if len(inconnus) > 1 else "")
        )
    if len(set(values)) != len(values):
        raise ValueError("un code est répété")
    return values


class ErreursContenu(Exception):
    """The folder holds invalid files; `erreurs` are French messages naming file and field."""

    def __init__(self, erreurs: list[str]):
        self.erreurs = erreurs
        super().__init__("\n".join(erreurs))


@dataclass
class Resultat:
    fiches: list[FicheDroit]
    erreurs: list[str]


def _nom(path: Path, base: Path | None) -> str:
    if base is not None:
        try:
            return str(path.relative_to(base))
        except ValueError:
            pass
    return str(path)


def valider_fichier(
    path: Path, departements: Iterable[str] = DEPARTEMENTS_PAR_DEFAUT, base: Path | None = None
) -> tuple[FicheDroit | None, list[str]]:
    """Validate one file alone; returns (record or None, French messages)."""
    nom = _nom(path, base)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        ligne = ""
        mark = getattr(exc, "problem_mark", None)
        if mark is not None:
            ligne = f" (ligne {mark.line + 1})"
        return None, [f"{nom} : le fichier n'est pas un YAML valide{ligne}"]
    except UnicodeDecodeError:
        return None, [f"{nom} : le fichier n'est pas encodé en UTF-8"]
    if not isinstance(data, dict):
        return None, [f"{nom} : le fichier doit décrire un objet (champ: valeur)"]
    try:
        fiche = FicheDroit.model_validate(data, context={"departements": tuple(departements)})
    except ValidationError as exc:
        return None, [
            f"{nom} : champ « {e['champ']} » : {e['message']}{_indice(err)}"
            for e, err in zip(messages_champs(exc.errors()), exc.errors(), strict=True)
        ]
    erreurs = []
    if fiche.slug != path.stem:
        erreurs.append(
            f"{nom} : champ « slug » : « {fiche.slug} » doit être égal au nom du fichier "
            f"(« {path.stem} »)"
        )
    return fiche, erreurs


def _indice(err) -> str:
    """A hint for YAML's classic trap: "texte : suite" without quotes becomes an object."""
    if err.get("type") == "string_type" and isinstance(err.get("input"), dict):
        return " (le texte contient « : » ? mettez-le entre guillemets)"
    return ""


def valider_fiches(fiches: dict[str, FicheDroit]) -> list[str]:
    """Cross-file checks; `fiches` maps file name -> record."""
    erreurs: list[str] = []
    par_slug: dict[str, str] = {}
    for nom, fiche in fiches.items():
        if fiche.slug in par_slug:
            erreurs.append(
                f"{nom} : champ « slug » : « {fiche.slug} » est déjà utilisé par {par_slug[fiche.slug]}"
            )
        else:
            par_slug[fiche.slug] = nom
    slugs = {f.slug: f for f in fiches.values()}
    for nom, fiche in fiches.items():
        for i, cible in enumerate(fiche.voir_aussi):
            if cible not in slugs:
                erreurs.append(f"{nom} : champ « voir_aussi.{i} » : aucun droit « {cible} »")
            elif cible == fiche.slug:
                erreurs.append(
                    f"{nom} : champ « voir_aussi.{i} » : un droit ne renvoie pas à lui-même"
                )
        if fiche.variante_de is not None:
            national = slugs.get(fiche.variante_de)
            if fiche.territoire == NATIONAL:
                erreurs.append(
                    f"{nom} : champ « variante_de » : seule une page départementale peut être "
                    "la variante d'une page nationale"
                )
            elif national is None:
                erreurs.append(
                    f"{nom} : champ « variante_de » : aucun droit « {fiche.variante_de} »"
                )
            elif national.territoire != NATIONAL:
                erreurs.append(
                    f"{nom} : champ « variante_de » : « {fiche.variante_de} » n'est pas une page "
                    "nationale"
                )
    # One local version per département and national page.
    vus: dict[tuple[str, str], str] = {}
    for nom, fiche in fiches.items():
        if fiche.variante_de and fiche.territoire != NATIONAL:
            cle = (fiche.variante_de, fiche.territoire)
            if cle in vus:
                erreurs.append(
                    f"{nom} : champ « variante_de » : {vus[cle]} est déjà la version "
                    f"{fiche.territoire} de « {fiche.variante_de} »"
                )
            vus[cle] = nom
    return erreurs


def valider_dossier(
    dossier: Path, departements: Iterable[str] = DEPARTEMENTS_PAR_DEFAUT, base: Path | None = None
) -> Resultat:
    """Validate every *.yaml file of a folder and the links between them."""
    dossier = Path(dossier)
    if not dossier.is_dir():
        return Resultat([], [f"{dossier} : dossier introuvable"])
    departements = tuple(departements)
    fiches: dict[str, FicheDroit] = {}
    erreurs: list[str] = []
    for path in sorted(dossier.glob("*.y*ml")):
        fiche, errs = valider_fichier(path, departements, base)
        erreurs.extend(errs)
        if fiche is not None:
            fiches[_nom(path, base)] = fiche
    erreurs.extend(valider_fiches(fiches))
    return Resultat(list(fiches.values()), erreurs)


def charger_dossier(
    dossier: Path, departements: Iterable[str] = DEPARTEMENTS_PAR_DEFAUT, base: Path | None = None
) -> list[FicheDroit]:
    """The validated records, or ErreursContenu with every message."""
    resultat = valider_dossier(dossier, departements, base)
    if resultat.erreurs:
        raise ErreursContenu(resultat.erreurs)
    return resultat.fiches


DOSSIER = Path(__file__).resolve().parents[1] / "content" / "droits"


@cache
def fiches(dossier: Path = DOSSIER) -> dict[str, FicheDroit]:
    """The validated records of a folder by slug, read once per process (the content does not
    change while a process runs), or ErreursContenu. The one reader of the folder outside the
    database: the bilan's engine reads the rules here, the titles and places too."""
    return {f.slug: f for f in charger_dossier(Path(dossier))}


def dump_yaml(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
