"""Deterministic generation of monthly CAF / MSA files of DEMONSTRATION (plain Python).

Used by `scripts/generer_flux_rsa.py` (the files under `content/rsa/demo/`) and by
`benchmarks/rsa.py` (10 000 rows). Names are drawn from short lists of common French names: every
person is fictitious. A few rows are deliberately wrong (impossible date, unknown commune, postal
code instead of INSEE code, missing name, duplicate line, exit of an unknown allocataire) so the
import report has something to say.
"""

from __future__ import annotations

import io
import random
import re
from dataclasses import dataclass
from datetime import date, timedelta

from solidarites.tableur import ecrivain_csv
from territoires import referentiel

NOMS = (
    "Martin Bernard Thomas Petit Robert Richard Durand Dubois Moreau Laurent Simon Michel "
    "Lefebvre Leroy Roux David Bertrand Morel Fournier Girard Bonnet Dupont Lambert Fontaine "
    "Rousseau Vincent Muller Lefevre Faure Andre Mercier Blanc Guerin Boyer Garnier Chevalier "
    "Francois Legrand Gauthier Garcia Perrin Robin Clement Morin Nicolas Henry Roussel Mathieu "
    "Gautier Masson Marchand Duval Denis Dumont Marie Lemaire Noel Meyer Dufour Meunier Brun "
    "Blanchard Giraud Joly Riviere Lucas Brunet Gaillard Barbier Arnaud Martinez Gerard Roche "
    "Renard Schmitt Roy Leroux Colin Vidal Caron Picard Roger Fabre Aubert Lemoine Renaud Dumas "
    "Lacroix Olivier Philippe Bourgeois Pierre Benoit Rey Leclerc Payet Rolland Leclercq Guillaume "
    "Lecomte Lopez Jean Dupuy Guillot Hubert Berger Carpentier Sanchez Dupuis Moulin Louis Deschamps "
    "Diallo Traore Kone Benali Haddad Nguyen Pereira Da Silva Ferreira Mendes Yilmaz Kaya"
).split()
PRENOMS = (
    "Camille Léa Manon Chloé Emma Inès Sarah Jade Louise Lina Nadia Fatou Aïcha Sonia Julie "
    "Sandrine Nathalie Isabelle Valérie Sylvie Céline Aurélie Émilie Amandine Mélanie Laetitia "
    "Karima Samira Awa Mariama Thomas Lucas Hugo Nathan Enzo Louis Théo Mathis Noah Adam Yanis "
    "Mehdi Karim Mamadou Moussa Sébastien Nicolas Julien Christophe Stéphane Frédéric David "
    "Olivier Laurent Patrick Éric Franck Jérôme Cédric Grégory Kevin Anthony Dylan Steven Rémi"
).split()

# Motifs of exits and their weights (resources above the ceiling first).
MOTIFS = [
    ("RES", 50),
    ("DEM", 15),
    ("FIN", 12),
    ("RAD", 10),
    ("AAH", 8),
    ("DCD", 1),
    ("AUT", 4),
]

ENTETES_CAF = [
    "NUMALLOC",
    "ORGANISME",
    "NUMDEPT",
    "MOISFLUX",
    "TYPEMVT",
    "NOMNAI",
    "PRENOM",
    "DTNAI",
    "CODEINSEE",
    "NUMTEL",
    "DTOUVDRT",
    "DTCLODRT",
    "MOTIFCLO",
    "NBENFCHA",
]
# The 71 file (from the MSA's tool) uses other column names: the mapping accepts both.
ENTETES_MSA = [
    "MATRICULE",
    "CAF_MSA",
    "DEPT",
    "MOIS",
    "TYPE_MVT",
    "NOM",
    "PRÉNOM",
    "DATE_NAISSANCE",
    "CODE_INSEE",
    "TEL",
    "DATE_OUVERTURE",
    "DATE_FIN",
    "MOTIF_FIN",
    "NB_ENFANTS",
]


@dataclass
class Allocataire:
    numero: str
    organisme: str
    nom: str
    prenom: str
    naissance: date
    commune: str
    telephone: str
    ouverture: date
    enfants: int


def communes_ponderees(departement: str) -> tuple[list[str], list[int]]:
    codes, poids = [], []
    for c in referentiel.communes().values():
        if c.departement == departement:
            codes.append(c.code_insee)
            poids.append(max(c.population or 100, 100))
    return codes, poids


def _fr(d: date) -> str:
    return d.strftime("%d/%m/%Y")


class Generateur:
    """Months of flux for one département: entries, changes and exits of a stock of people."""

    def __init__(self, departement: str, graine: int = 2026, prefixe_numero: int = 1):
        self.departement = departement
        self.hasard = random.Random(f"{graine}-{departement}")
        self.codes, self.poids = communes_ponderees(departement)
        if not self.codes:
            raise ValueError(f"Aucune commune pour le département {departement}.")
        self.stock: list[Allocataire] = []
        self.compteur = prefixe_numero * 1_000_000

    def _nouveau(self, mois: date) -> Allocataire:
        h = self.hasard
        self.compteur += h.randint(1, 7)
        organisme = "msa" if self.departement == "71" and h.random() < 0.25 else "caf"
        age = h.choices([h.randint(18, 24), h.randint(25, 39), h.randint(40, 64)], [1, 5, 4])[0]
        naissance = date(mois.year - age, h.randint(1, 12), h.randint(1, 28))
        return Allocataire(
            numero=f"{self.compteur:07d}",
            organisme=organisme,
            nom=h.choice(NOMS).upper(),
            prenom=h.choice(PRENOMS),
            naissance=naissance,
            commune=h.choices(self.codes, self.poids)[0],
            telephone=f"06 99 {h.randint(0, 99):02d} {h.randint(0, 99):02d} {h.randint(0, 99):02d}"
            if h.random() < 0.8
            else "",
            ouverture=mois + timedelta(days=h.randint(0, 27)),
            enfants=h.choices([0, 1, 2, 3, 4], [5, 3, 2, 1, 0.5])[0],
        )

    def mois(self, mois: date, entrees: int, changements: int, sorties: int) -> list[list[str]]:
        """The rows of one month (header excluded), in the CAF's order of columns."""
        h = self.hasard
        lignes: list[list[str]] = []
        nouveaux = [self._nouveau(mois) for _ in range(entrees)]
        for a in nouveaux:
            lignes.append(self._ligne(a, mois, "E"))
        for a in h.sample(self.stock, min(changements, len(self.stock))):
            if h.random() < 0.5:
                a.commune = h.choices(self.codes, self.poids)[0]
            else:
                a.enfants = min(a.enfants + 1, 6)
            lignes.append(self._ligne(a, mois, "M"))
        sortants = h.sample(self.stock, min(sorties, len(self.stock)))
        for a in sortants:
            motif = h.choices([m for m, _ in MOTIFS], [p for _, p in MOTIFS])[0]
            fin = mois + timedelta(days=h.randint(0, 27))
            lignes.append(self._ligne(a, mois, "S", fin=fin, motif=motif))
            self.stock.remove(a)
        self.stock.extend(nouveaux)
        h.shuffle(lignes)
        return lignes

    def _ligne(self, a: Allocataire, mois: date, mvt: str, fin=None, motif="") -> list[str]:
        return [
            a.numero,
            a.organisme.upper(),
            self.departement,
            f"{mois:%Y-%m}",
            mvt,
            a.nom,
            a.prenom,
            _fr(a.naissance),
            a.commune,
            a.telephone,
            _fr(a.ouverture),
            _fr(fin) if fin else "",
            motif,
            str(a.enfants),
        ]

    def lignes_fautives(self, mois: date) -> list[list[str]]:
        """Rows the import must reject, each for a different reason."""
        a = self._nouveau(mois)
        base = self._ligne(a, mois, "E")
        fautives = []
        date_impossible = list(base)
        date_impossible[0] = f"{self.compteur + 11:07d}"
        date_impossible[7] = "31/02/1985"
        fautives.append(date_impossible)
        code_postal = list(base)
        code_postal[0] = f"{self.compteur + 12:07d}"
        code_postal[8] = {"77": "77000", "94": "94000", "71": "71100"}.get(
            self.departement, "00000"
        )
        fautives.append(code_postal)
        sans_nom = list(base)
        sans_nom[0] = f"{self.compteur + 13:07d}"
        sans_nom[5] = ""
        fautives.append(sans_nom)
        inconnu = list(base)
        inconnu[0] = f"{self.compteur + 14:07d}"
        inconnu[4], inconnu[11], inconnu[12] = "S", _fr(a.ouverture + timedelta(days=3)), "RES"
        fautives.append(inconnu)
        autre_dept = list(base)
        autre_dept[0] = f"{self.compteur + 15:07d}"
        autre_dept[8] = "75056"
        fautives.append(autre_dept)
        mouvement = list(base)
        mouvement[0] = f"{self.compteur + 16:07d}"
        mouvement[4] = "X"
        fautives.append(mouvement)
        self.compteur += 20
        return fautives


def flux_demo(departement: str, mois_liste: list[date], volumes: dict, fautes: bool = True):
    """{month: rows} for a département (rows without header, CAF column order)."""
    g = Generateur(departement, prefixe_numero={"77": 1, "94": 2, "71": 3}.get(departement, 4))
    out = {}
    for i, m in enumerate(mois_liste):
        lignes = g.mois(
            m,
            volumes["entrees"],
            volumes["changements"] if i else 0,
            volumes["sorties"] if i else 0,
        )
        if fautes:
            fautives = g.lignes_fautives(m)
            doublon = list(lignes[len(lignes) // 2])
            for j, f in enumerate([*fautives, doublon]):
                lignes.insert((j + 1) * len(lignes) // 8, f)
        out[m] = lignes
    return out


def en_csv(lignes: list[list[str]], entetes=ENTETES_CAF) -> bytes:
    tampon = io.StringIO()
    w = ecrivain_csv(tampon, delimiter=";", lineterminator="\n")
    w.writerow(entetes)
    w.writerows(lignes)
    return tampon.getvalue().encode("utf-8")


def en_xlsx(lignes: list[list[str]], entetes=ENTETES_MSA) -> bytes:
    from datetime import datetime

    from openpyxl import Workbook

    classeur = Workbook()
    feuille = classeur.active
    feuille.title = "Flux RSA"
    feuille.append(entetes)
    for row in lignes:
        feuille.append(row)
    fixe = datetime(2026, 11, 1)
    classeur.properties.created = fixe
    classeur.properties.modified = fixe
    classeur.properties.creator = "Solidarités (démonstration)"
    tampon = io.BytesIO()
    classeur.save(tampon)
    return _zip_stable(tampon.getvalue())


def _zip_stable(contenu: bytes) -> bytes:
    """The same archive with fixed dates: the same rows always give the same bytes."""
    import zipfile

    sortie = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(contenu)) as source,
        zipfile.ZipFile(sortie, "w", zipfile.ZIP_DEFLATED) as cible,
    ):
        for info in source.infolist():
            fixe = zipfile.ZipInfo(info.filename, date_time=(2026, 11, 1, 0, 0, 0))
            fixe.compress_type = zipfile.ZIP_DEFLATED
            donnees = source.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the time of saving
                donnees = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2026-11-01T00:00:00Z", donnees
                )
            cible.writestr(fixe, donnees)
    return sortie.getvalue()


MOIS_DEMO = [date(2026, m, 1) for m in range(5, 11)]
VOLUMES_DEMO = {
    "77": {"entrees": 600, "changements": 60, "sorties": 90},
    "94": {"entrees": 450, "changements": 45, "sorties": 70},
    "71": {"entrees": 200, "changements": 20, "sorties": 30},
}


def fichiers_demo() -> dict[str, bytes]:
    """File name -> content of every demo file (77 and 94 in CSV, 71 in XLSX)."""
    out = {}
    for dept, volumes in VOLUMES_DEMO.items():
        for m, lignes in flux_demo(dept, MOIS_DEMO, volumes).items():
            if dept == "71":
                out[f"flux-rsa-{dept}-{m:%Y-%m}.xlsx"] = en_xlsx(lignes)
            else:
                out[f"flux-rsa-{dept}-{m:%Y-%m}.csv"] = en_csv(lignes)
    return out
