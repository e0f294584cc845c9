"""Reading a screening file: CSV in, households out, streamed (plain Python, no Django).

Two layouts are accepted (see docs/modules/depistage.md):

- one row per person (`personnes`): a `menage` column groups the rows of a household, which must
  follow one another; household columns (commune, logement_statut, loyer, droits_percus) are read
  from the household's first row and may be left empty on the others;
- one row per household (`menages`): `demandeur_*` and `conjoint_*` columns, and the children's
  ages, months of birth, schooling, disability rates and months of arrival of adopted children
  in `enfants_ages`, `enfants_naissances`, `enfants_scolarites`, `enfants_taux_incapacite`,
  `enfants_adoptions` (separated by `|`, position by position).

The reader never holds more than one chunk of households: `lire_lots` yields chunks of raw rows
(each record's text as read: one string per row, cheap to send to another process — a list of
values per row cost 0.5 s of pickling per 20 000 households); parsing them again
(`Lot.valeurs`), turning them into bilan situations and validating them is done by whoever
evaluates the chunk (`lot.py`), on all cores.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

PERSONNES = "personnes"
MENAGES = "menages"
FORMATS = (PERSONNES, MENAGES)

# Columns that describe the household (per-person layout: read from the household's first row).
COLONNES_MENAGE = (
    "commune",
    "logement_statut",
    "loyer",
    "epargne",
    "droits_percus",
    "naissance_attendue",
    "enfants_attendus",
)
# What the bilan situation holds for each person: its monthly incomes (`revenus`)…
REVENUS = (
    "salaire_net",
    "chomage_net",
    "retraite",
    "pension_invalidite",
    "pension_alimentaire_recue",
    "pension_alimentaire_versee",
)
# … and its other fields (see bilan.moteur.Situation: same names, same checks). `age` first.
CHAMPS_PERSONNE = (
    "age",
    "naissance",
    "activite",
    "taux_incapacite",
    "scolarite",
    "gir",
    "plan_aide_apa",
    "ass_conditions",
    "activites_difficulte_absolue",
    "activites_difficulte_grave",
    "boursier",
    "echelon_bourse",
    "adoption",
    "conge_parental",
    "trimestres_prepare",
)
COLONNES_PERSONNE = ("role", *CHAMPS_PERSONNE, *REVENUS)
# One row per household: the children's fields, as lists separated by `|`, position by position.
COLONNES_ENFANTS = (
    "enfants_ages",
    "enfants_naissances",
    "enfants_scolarites",
    "enfants_taux_incapacite",
    "enfants_adoptions",
)

OBLIGATOIRES = {
    # The `age` column may be left empty on a row whose `naissance` (month of birth) is given.
    PERSONNES: ("menage", "commune", "logement_statut", "role", "age"),
    MENAGES: ("menage", "commune", "logement_statut", "demandeur_age"),
}
FACULTATIVES = {
    PERSONNES: (*COLONNES_MENAGE[2:], *CHAMPS_PERSONNE, *REVENUS),
    MENAGES: (
        *COLONNES_MENAGE[2:],
        *(f"{qui}_{c}" for qui in ("demandeur", "conjoint") for c in (*CHAMPS_PERSONNE, *REVENUS)),
        *COLONNES_ENFANTS,
    ),
}

SEPARATEUR_LISTE = "|"


class ErreurFichier(Exception):
    """The file as a whole cannot be read (no header, missing columns…): French message."""


@dataclass(slots=True)
class Menage:
    """A household as read: its identifier and its rows (first line number, record text)."""

    ident: str
    lignes: list[tuple[int, str]]
    # Lines of this household rejected while reading: the household is then set aside whole.
    lignes_rejetees: list[int] = field(default_factory=list)


@dataclass(slots=True)
class Lot:
    """A chunk of households, numbered from 0 in file order, plus the rows rejected while
    grouping them (wrong column count, missing identifier, household rows not together)."""

    numero: int
    menages: list[Menage] = field(default_factory=list)
    rejets: list[tuple[int, str, str]] = field(default_factory=list)
    nb_lignes: int = 0

    # Pickled as plain lists (C-speed), not as one dataclass per household: a chunk crosses to
    # a worker process, and the coordinator shares the cores with the workers.
    def __getstate__(self):
        m = self.menages
        return (
            self.numero,
            [x.ident for x in m],
            [x.lignes for x in m],
            [x.lignes_rejetees for x in m],
            self.rejets,
            self.nb_lignes,
        )

    def __setstate__(self, etat) -> None:
        self.numero, idents, lignes, rejetees, self.rejets, self.nb_lignes = etat
        self.menages = [Menage(*x) for x in zip(idents, lignes, rejetees, strict=True)]

    def valeurs(self, delimiteur: str) -> list[list[tuple[int, list[str]]]]:
        """Each household's rows as (line number, values): the records' texts parsed again in
        one pass (a record is parsed alone exactly as it was within the file)."""
        lecteur = csv.reader(
            [texte for m in self.menages for _, texte in m.lignes], delimiter=delimiteur
        )
        return [[(ligne, next(lecteur)) for ligne, _ in m.lignes] for m in self.menages]


@dataclass(frozen=True, slots=True)
class EnTete:
    colonnes: tuple[str, ...]
    format: str
    delimiteur: str

    def index(self) -> dict[str, int]:
        return {c: i for i, c in enumerate(self.colonnes)}


def _normaliser(nom: str) -> str:
    return nom.strip().lower().replace(" ", "_").replace("-", "_")


def detecter_format(colonnes: tuple[str, ...], voulu: str = "auto") -> str:
    if voulu in FORMATS:
        return voulu
    if "role" in colonnes:
        return PERSONNES
    if "demandeur_age" in colonnes:
        return MENAGES
    raise ErreurFichier(
        "Format du fichier non reconnu : l'en-tête doit contenir la colonne « role » "
        "(une ligne par personne) ou « demandeur_age » (une ligne par ménage)."
    )


def ouvrir(chemin: Path) -> io.TextIOWrapper:
    # Undecodable bytes become U+FFFD: the row is then rejected by validation, the run goes on.
    return open(chemin, encoding="utf-8-sig", errors="replace", newline="")


EN_TETE_MAX = 64 * 1024  # characters: a real header is well under 2 000


def lire_en_tete(chemin: Path, voulu: str = "auto") -> EnTete:
    with ouvrir(chemin) as f:
        premiere = f.readline(EN_TETE_MAX + 1)  # bounded: never a 5 Mo line in memory
    if len(premiere) > EN_TETE_MAX:
        raise ErreurFichier(
            f"La première ligne (l'en-tête) dépasse {EN_TETE_MAX // 1024} Ko : ce n'est pas un "
            "en-tête de colonnes. Vérifiez le fichier (séparateur ; ou , et une ligne par "
            "enregistrement)."
        )
    if not premiere.strip():
        raise ErreurFichier("Le fichier est vide : la première ligne doit être l'en-tête.")
    delimiteur = max((";", ",", "\t"), key=premiere.count)
    try:
        colonnes = tuple(_normaliser(c) for c in next(csv.reader([premiere], delimiter=delimiteur)))
    except csv.Error as exc:
        raise ErreurFichier(f"En-tête illisible : {exc}.") from None
    fmt = detecter_format(colonnes, voulu)
    manquantes = [c for c in OBLIGATOIRES[fmt] if c not in colonnes]
    if manquantes:
        raise ErreurFichier(
            f"Colonnes obligatoires absentes de l'en-tête ({'une ligne par personne' if fmt == PERSONNES else 'une ligne par ménage'}) : "
            + ", ".join(manquantes)
            + "."
        )
    doubles = sorted({c for c in colonnes if c and colonnes.count(c) > 1})
    if doubles:
        raise ErreurFichier("Colonnes en double dans l'en-tête : " + ", ".join(doubles) + ".")
    return EnTete(colonnes=colonnes, format=fmt, delimiteur=delimiteur)


def colonnes_ignorees(en_tete: EnTete) -> list[str]:
    connues = set(OBLIGATOIRES[en_tete.format]) | set(FACULTATIVES[en_tete.format])
    return [c for c in en_tete.colonnes if c and c not in connues]


def compter_lignes(chemin: Path) -> int:
    """Number of data rows (physical lines after the header; quoted newlines are rare here)."""
    n = 0
    dernier = b"\n"
    with open(chemin, "rb") as f:
        while bloc := f.read(1 << 20):
            n += bloc.count(b"\n")
            dernier = bloc[-1:]
    if dernier != b"\n":
        n += 1
    return max(n - 1, 0)


def lire_lots(chemin: Path, en_tete: EnTete, taille_lot: int) -> Iterator[Lot]:
    """Yield chunks of `taille_lot` households in file order. Deterministic: the same file and
    chunk size always give the same chunks, which is what makes a run resumable."""
    if taille_lot < 1:
        raise ValueError("taille_lot doit être positif")
    nb_colonnes = len(en_tete.colonnes)
    i_menage = en_tete.index()["menage"]
    par_personne = en_tete.format == PERSONNES
    vus: set[str] = set()
    numero = 0
    lot = Lot(numero=0)
    courant: Menage | None = None

    def fermer(m: Menage) -> Iterator[Lot]:
        nonlocal lot, numero
        lot.menages.append(m)
        vus.add(m.ident)
        if len(lot.menages) >= taille_lot:
            yield lot
            numero += 1
            lot = Lot(numero=numero)

    with ouvrir(chemin) as f:
        # The physical lines of the current record (csv.reader asks for lines one at a time, as
        # it needs them: it never reads past the record it returns).
        brut: list[str] = []

        def lignes_du_fichier() -> Iterator[str]:
            for physique in f:
                brut.append(physique)
                yield physique

        lecteur = csv.reader(lignes_du_fichier(), delimiter=en_tete.delimiteur)
        next(lecteur, None)
        brut.clear()
        debut = 1
        for valeurs in lecteur:
            ligne = debut + 1  # first physical line of this record
            debut = lecteur.line_num
            texte = brut[0] if len(brut) == 1 else "".join(brut)
            brut.clear()
            ident = valeurs[i_menage].strip() if i_menage < len(valeurs) else ""
            if not ident and not any(v.strip() for v in valeurs):
                continue  # blank line (a row with an identifier is not blank: checked first)
            lot.nb_lignes += 1
            if len(valeurs) != nb_colonnes:
                if par_personne and courant is not None and courant.ident == ident:
                    courant.lignes_rejetees.append(ligne)
                lot.rejets.append(
                    (
                        ligne,
                        ident,
                        f"La ligne a {len(valeurs)} colonnes alors que l'en-tête en a {nb_colonnes}.",
                    )
                )
                continue
            if not ident:
                lot.rejets.append((ligne, "", "menage : Ce champ est obligatoire."))
                continue
            if par_personne and courant is not None and courant.ident == ident:
                courant.lignes.append((ligne, texte))
                continue
            if ident in vus or (courant is not None and courant.ident == ident):
                raison = (
                    "menage : les lignes d'un même ménage doivent se suivre ; ce ménage a déjà "
                    "été lu plus haut dans le fichier."
                    if par_personne
                    else "menage : identifiant de ménage en double ; ce ménage a déjà été lu plus "
                    "haut dans le fichier."
                )
                lot.rejets.append((ligne, ident, raison))
                continue
            if courant is not None:
                yield from fermer(courant)
            courant = Menage(ident=ident, lignes=[(ligne, texte)])
        if courant is not None:
            yield from fermer(courant)
    if lot.menages or lot.rejets or lot.nb_lignes:
        yield lot
