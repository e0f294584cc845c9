"""Reading the monthly CAF / MSA file of RSA beneficiaries (plain Python, no Django).

CSV (`;` or `,`, UTF-8 or Windows-1252) or XLSX (openpyxl). The columns are found through the
mapping the département maintains (`content/rsa/colonnes.yaml`); each row becomes a `LigneFlux`
or a `Rejet` (its line number and a French reason naming the field); a problem with a contact
field (telephone, e-mail, children) keeps the row and is reported as a warning.

Writing to the database is `rsa/importation.py`.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

import yaml

from rsa import regles

LIBELLES = {
    "numero_allocataire": "numéro d'allocataire",
    "organisme": "organisme (CAF / MSA)",
    "departement": "département",
    "mois": "mois du flux",
    "mouvement": "type de mouvement",
    "nom": "nom",
    "prenom": "prénom",
    "date_naissance": "date de naissance",
    "commune": "commune (code INSEE)",
    "telephone": "téléphone",
    "courriel": "adresse électronique",
    "date_ouverture": "date d'ouverture du droit",
    "date_fin": "date de fin de droit",
    "motif_sortie": "motif de sortie",
    "nombre_enfants": "nombre d'enfants à charge",
}
CHAMPS = tuple(LIBELLES)
TAILLE_MAX = 20 * 1024 * 1024  # 20 Mio: a département's monthly file is far smaller.

RE_NUMERO = re.compile(r"^[0-9A-Z]{1,20}$")
RE_COURRIEL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class FichierInvalide(ValueError):
    """The file cannot be read at all (nothing is imported); message in French."""


def normaliser_entete(texte: str) -> str:
    import unicodedata

    t = unicodedata.normalize("NFKD", str(texte or ""))
    t = "".join(c for c in t if not unicodedata.combining(c))
    return re.sub(r"[^A-Z0-9]+", "", t.upper())


@dataclass(frozen=True)
class Correspondance:
    colonnes: dict[str, tuple[str, ...]]
    obligatoires: frozenset[str]
    valeurs: dict[str, dict[str, str]]


def lire_correspondance(donnees: dict, fichier: str = "colonnes.yaml") -> Correspondance:
    if not isinstance(donnees, dict) or not isinstance(donnees.get("colonnes"), dict):
        raise FichierInvalide(f"{fichier} : la clé « colonnes » est obligatoire.")
    colonnes = {}
    for champ, noms in donnees["colonnes"].items():
        if champ not in LIBELLES:
            raise FichierInvalide(f"{fichier}:colonnes.{champ} : champ inconnu.")
        if isinstance(noms, str):
            noms = [noms]
        colonnes[champ] = tuple(normaliser_entete(n) for n in noms or [])
    obligatoires = frozenset(donnees.get("obligatoires") or [])
    inconnus = sorted(obligatoires - set(colonnes))
    if inconnus:
        raise FichierInvalide(
            f"{fichier}:obligatoires : champ sans colonne décrite : {', '.join(inconnus)}."
        )
    permises = {
        "mouvement": regles.MOUVEMENTS,
        "organisme": regles.ORGANISMES,
        "motif_sortie": regles.MOTIFS_SORTIE,
    }
    valeurs = {}
    for champ, table in (donnees.get("valeurs") or {}).items():
        if champ not in permises:
            raise FichierInvalide(f"{fichier}:valeurs.{champ} : champ sans liste de valeurs.")
        for code, valeur in (table or {}).items():
            if valeur not in permises[champ]:
                raise FichierInvalide(
                    f"{fichier}:valeurs.{champ}.{code} : valeur inconnue « {valeur} »."
                )
        table = {normaliser_entete(k): v for k, v in (table or {}).items()}
        table.update({normaliser_entete(v): v for v in permises[champ]})
        valeurs[champ] = table
    for champ, p in permises.items():
        valeurs.setdefault(champ, {normaliser_entete(v): v for v in p})
    return Correspondance(colonnes, obligatoires, valeurs)


def correspondance_fichier(chemin: str | Path) -> Correspondance:
    chemin = Path(chemin)
    with chemin.open(encoding="utf-8") as f:
        return lire_correspondance(yaml.safe_load(f), chemin.name)


# --- reading the table --------------------------------------------------------------------------


def _cellule(v) -> str:
    if v is None:
        return ""
    if isinstance(v, datetime):
        return v.date().isoformat()
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def _lire_xlsx(contenu: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        classeur = load_workbook(io.BytesIO(contenu), read_only=True, data_only=True)
    except Exception as e:  # openpyxl raises many kinds of errors for a damaged file
        raise FichierInvalide(
            "Le classeur XLSX ne peut pas être lu (fichier abîmé ou d'un autre format)."
        ) from e
    feuille = classeur.worksheets[0]
    lignes = [[_cellule(v) for v in row] for row in feuille.iter_rows(values_only=True)]
    classeur.close()
    return lignes


def _lire_csv(contenu: bytes) -> list[list[str]]:
    if b"\x00" in contenu[:4096]:
        raise FichierInvalide("Le fichier n'est ni un CSV ni un classeur XLSX lisible.")
    try:
        texte = contenu.decode("utf-8-sig")
    except UnicodeDecodeError:
        texte = contenu.decode("cp1252", errors="replace")
    premiere = texte.split("\n", 1)[0]
    separateur = ";" if premiere.count(";") >= premiere.count(",") else ","
    try:
        return [
            [c.strip() for c in row] for row in csv.reader(io.StringIO(texte), delimiter=separateur)
        ]
    except csv.Error as e:
        raise FichierInvalide(f"Le fichier CSV est mal formé : {e}.") from e


def lire_tableau(contenu: bytes, nom_fichier: str) -> list[list[str]]:
    if not contenu or not contenu.strip():
        raise FichierInvalide("Le fichier est vide.")
    if len(contenu) > TAILLE_MAX:
        raise FichierInvalide("Le fichier dépasse 20 Mio : découpez-le par mois.")
    if contenu[:4] == b"PK\x03\x04" or nom_fichier.lower().endswith(".xlsx"):
        return _lire_xlsx(contenu)
    return _lire_csv(contenu)


def reperer_colonnes(entetes: list[str], corr: Correspondance) -> dict[str, int]:
    normalises = [normaliser_entete(e) for e in entetes]
    positions = {}
    for champ, noms in corr.colonnes.items():
        for i, n in enumerate(normalises):
            if n and n in noms:
                positions[champ] = i
                break
    manquants = [c for c in corr.colonnes if c in corr.obligatoires and c not in positions]
    if manquants:
        details = " ; ".join(
            f"« {LIBELLES[c]} » (noms acceptés : {', '.join(corr.colonnes[c])})" for c in manquants
        )
        raise FichierInvalide(
            f"Ligne 1 : colonne obligatoire absente : {details}. Ajustez le fichier ou la "
            "correspondance des colonnes (content/rsa/colonnes.yaml)."
        )
    return positions


# --- one row ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LigneFlux:
    ligne: int
    organisme: str
    numero: str
    departement: str
    mois: date
    mouvement: str
    nom: str
    prenom: str
    date_naissance: date
    commune: str
    telephone: str = ""
    courriel: str = ""
    date_ouverture: date | None = None
    date_fin: date | None = None
    motif_sortie: str = ""
    nombre_enfants: int | None = None

    @property
    def cle(self) -> str:
        return f"{self.organisme}:{self.numero}"


@dataclass(frozen=True, slots=True)
class Rejet:
    ligne: int
    message: str

    def __str__(self) -> str:
        return f"Ligne {self.ligne} : {self.message}"


class _Refus(Exception):
    pass


_FORMATS_DATE = ("%d/%m/%Y", "%Y-%m-%d", "%Y%m%d", "%d-%m-%Y", "%d.%m.%Y")


RE_DATE_FR = re.compile(r"^(\d{2})/(\d{2})/(\d{4})$")
RE_DATE_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def lire_date(texte: str) -> date:
    t = (texte or "").strip()
    m = RE_DATE_FR.match(t)  # the usual formats without strptime (10 times faster)
    if m:
        return date(int(m[3]), int(m[2]), int(m[1]))
    m = RE_DATE_ISO.match(t)
    if m:
        return date(int(m[1]), int(m[2]), int(m[3]))
    if " " in t:  # "2026-10-01 00:00:00" from a spreadsheet
        t = t.split(" ")[0]
    for fmt in _FORMATS_DATE:
        try:
            return datetime.strptime(t, fmt).date()
        except ValueError:
            continue
    raise ValueError


def departement_de_commune(code: str) -> str:
    return code[:3] if code.startswith("97") else code[:2]


@dataclass
class Lecture:
    lignes: list[LigneFlux] = field(default_factory=list)
    rejets: list[Rejet] = field(default_factory=list)
    avertissements: list[Rejet] = field(default_factory=list)
    total: int = 0


def _valeur(row: list[str], positions: dict[str, int], champ: str) -> str:
    i = positions.get(champ)
    return row[i].strip() if i is not None and i < len(row) else ""


def valider_ligne(
    numero_ligne: int,
    brut: dict[str, str],
    corr: Correspondance,
    *,
    departement: str,
    mois_defaut: date,
    aujourdhui: date,
    commune_existe: Callable[[str], bool],
    avertir: Callable[[str], None],
) -> LigneFlux:
    def refuser(champ: str, message: str):
        valeur = brut.get(champ, "")
        cite = f" « {valeur} »" if valeur else ""
        raise _Refus(f"{LIBELLES[champ]}{cite} : {message}")

    def obligatoire(champ: str) -> str:
        v = brut.get(champ, "")
        if not v:
            raise _Refus(f"{LIBELLES[champ]} : valeur manquante.")
        return v

    def code(champ: str, defaut: str | None = None) -> str:
        v = brut.get(champ, "")
        if not v and defaut is not None:
            return defaut
        if not v:
            raise _Refus(f"{LIBELLES[champ]} : valeur manquante.")
        trouve = corr.valeurs[champ].get(normaliser_entete(v))
        if trouve is None:
            refuser(champ, "valeur non reconnue (voir content/rsa/colonnes.yaml).")
        return trouve

    def une_date(champ: str, requise: bool) -> date | None:
        v = brut.get(champ, "")
        if not v:
            if requise:
                raise _Refus(f"{LIBELLES[champ]} : valeur manquante.")
            return None
        try:
            return lire_date(v)
        except ValueError:
            refuser(champ, "date non reconnue (attendu JJ/MM/AAAA).")

    numero = obligatoire("numero_allocataire").upper().replace(" ", "")
    if not RE_NUMERO.match(numero):
        refuser("numero_allocataire", "lettres et chiffres seulement, 20 au plus.")
    organisme = code("organisme", "caf")
    mouvement = code("mouvement")
    nom = obligatoire("nom")
    prenom = obligatoire("prenom")
    for champ, v in (("nom", nom), ("prenom", prenom)):
        if len(v) > 100:
            refuser(champ, "100 caractères au plus.")
    naissance = une_date("date_naissance", True)
    if naissance > aujourdhui:
        refuser("date_naissance", "la date est dans le futur.")
    if naissance.year < 1900:
        refuser("date_naissance", "la date est trop ancienne.")
    commune = obligatoire("commune").zfill(5)
    if not commune_existe(commune):
        refuser("commune", "commune inconnue (code INSEE attendu, pas le code postal).")
    dept_commune = departement_de_commune(commune)
    if dept_commune != departement:
        refuser("commune", f"commune du département {dept_commune}, pas du {departement}.")
    dept = brut.get("departement", "")
    if dept and dept.zfill(2) != departement:
        refuser("departement", f"ce fichier est importé pour le département {departement}.")
    mois = mois_defaut
    if brut.get("mois"):
        try:
            mois = regles.lire_mois(brut["mois"])
        except ValueError:
            refuser("mois", "mois non reconnu (attendu AAAA-MM).")
    ouverture = une_date("date_ouverture", "date_ouverture" in corr.obligatoires)
    if ouverture is not None and ouverture > aujourdhui + timedelta(days=62):
        refuser("date_ouverture", "la date est trop loin dans le futur.")
    if ouverture is not None and ouverture < naissance:
        refuser("date_ouverture", "le droit ne peut pas s'ouvrir avant la naissance.")
    fin = une_date("date_fin", False)
    motif = ""
    if mouvement == "sortie":
        if fin is None:
            raise _Refus(f"{LIBELLES['date_fin']} : obligatoire pour une sortie.")
        motif = code("motif_sortie")
    if fin is not None and ouverture is not None and fin < ouverture:
        refuser("date_fin", "la fin du droit précède son ouverture.")
    telephone = brut.get("telephone", "")
    if telephone and len(re.sub(r"\D", "", telephone)) not in (9, 10, 11, 12):
        avertir(f"{LIBELLES['telephone']} « {telephone} » non reconnu : non repris.")
        telephone = ""
    elif telephone and len(re.sub(r"\D", "", telephone)) == 9:
        telephone = "0" + re.sub(r"\D", "", telephone)  # spreadsheets drop the leading zero
    courriel = brut.get("courriel", "")
    if courriel and not RE_COURRIEL.match(courriel):
        avertir(f"{LIBELLES['courriel']} « {courriel} » non reconnue : non reprise.")
        courriel = ""
    enfants = None
    if brut.get("nombre_enfants"):
        try:
            enfants = int(brut["nombre_enfants"])
            if not 0 <= enfants <= 20:
                raise ValueError
        except ValueError:
            avertir(f"{LIBELLES['nombre_enfants']} « {brut['nombre_enfants']} » : non repris.")
            enfants = None
    return LigneFlux(
        ligne=numero_ligne,
        organisme=organisme,
        numero=numero,
        departement=departement,
        mois=mois,
        mouvement=mouvement,
        nom=nom,
        prenom=prenom,
        date_naissance=naissance,
        commune=commune,
        telephone=telephone[:20],
        courriel=courriel[:254],
        date_ouverture=ouverture,
        date_fin=fin,
        motif_sortie=motif,
        nombre_enfants=enfants,
    )


def _lignes(tableau: list[list[str]]) -> Iterator[tuple[int, list[str]]]:
    for i, row in enumerate(tableau[1:], start=2):
        if any(c for c in row):
            yield i, row


def lire_flux(
    contenu: bytes,
    nom_fichier: str,
    corr: Correspondance,
    *,
    departement: str,
    aujourdhui: date,
    commune_existe: Callable[[str], bool],
    mois: date | None = None,
) -> Lecture:
    """Read and check every row; raises FichierInvalide when nothing can be read."""
    tableau = lire_tableau(contenu, nom_fichier)
    if not tableau:
        raise FichierInvalide("Le fichier est vide.")
    positions = reperer_colonnes(tableau[0], corr)
    lecture = Lecture()
    vus: dict[tuple[str, str, str], int] = {}
    mois_defaut = mois or regles.debut_mois(aujourdhui)
    for numero_ligne, row in _lignes(tableau):
        lecture.total += 1
        brut = {c: _valeur(row, positions, c) for c in positions}

        def avertir(message: str, n=numero_ligne):
            lecture.avertissements.append(Rejet(n, message))

        try:
            ligne = valider_ligne(
                numero_ligne,
                brut,
                corr,
                departement=departement,
                mois_defaut=mois_defaut,
                aujourdhui=aujourdhui,
                commune_existe=commune_existe,
                avertir=avertir,
            )
        except _Refus as e:
            lecture.rejets.append(Rejet(numero_ligne, str(e)))
            continue
        cle = (ligne.organisme, ligne.numero, ligne.mouvement)
        if cle in vus:
            lecture.rejets.append(
                Rejet(
                    numero_ligne,
                    f"ligne en double : même allocataire et même mouvement qu'à la ligne "
                    f"{vus[cle]}.",
                )
            )
            continue
        vus[cle] = numero_ligne
        lecture.lignes.append(ligne)
    if lecture.total == 0:
        raise FichierInvalide("Le fichier ne contient aucune ligne après les en-têtes.")
    return lecture
