"""Le registre des chiffres clés (Python simple, sans Django) : chaque application déclare ses
indicateurs ici, la page des chiffres, les exports et les engagements les lisent.

Un indicateur = un code stable (`accueil.personnes_recues`), un titre, une définition en
français, une unité, et une fonction `calcul(departement, periode) -> list[Valeur]` (une ou
plusieurs lignes : par canal, par commune…). Les applications `rsa` et `aides_financieres`
ajoutent les leurs avec `enregistrer(...)` dans leur `AppConfig.ready()`, sans toucher à
`chiffres`.

Secret statistique : tout effectif de personnes strictement positif et inférieur à
`SEUIL_SECRET` est masqué (affiché « < 5 », exporté `null` avec `masque: true`), ainsi que les
taux calculés sur moins de `SEUIL_SECRET` personnes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

SEUIL_SECRET = 5


@dataclass(frozen=True)
class Periode:
    debut: dt.date
    fin: dt.date

    @classmethod
    def douze_mois(cls, fin: dt.date) -> Periode:
        return cls(fin - dt.timedelta(days=365), fin)

    @property
    def libelle(self) -> str:
        return f"du {self.debut:%d/%m/%Y} au {self.fin:%d/%m/%Y}"


@dataclass(frozen=True)
class Valeur:
    """Une ligne d'un indicateur. `valeur` est un effectif (personnes, si `personnes`) ou un
    montant ; `sur` le dénominateur d'un « n sur N » ; `ventilation` le libellé de la ligne."""

    valeur: float | None
    ventilation: str = ""
    sur: float | None = None
    personnes: bool = True
    note: str = ""

    @property
    def masque(self) -> bool:
        return masquer(self.valeur, self.personnes) or (
            self.sur is not None and self.personnes and masquer(self.sur, True)
        )

    @property
    def affichee(self) -> str:
        if self.valeur is None:
            return "non disponible"
        if self.masque:
            return f"< {SEUIL_SECRET}" if masquer(self.valeur, self.personnes) else "secret"
        texte = _nombre(self.valeur)
        if self.sur is not None:
            texte += f" sur {_nombre(self.sur)}"
            if self.sur:
                texte += f" ({round(100 * self.valeur / self.sur)} %)"
        return texte

    def publique(self) -> dict:
        """La ligne telle qu'elle sort de la plateforme (pages, CSV, JSON, API)."""
        m = self.masque
        return {
            "ventilation": self.ventilation,
            "valeur": None if m else self.valeur,
            "sur": None if m else self.sur,
            "masque": m,
            "note": self.note,
        }


def masquer(n: float | None, personnes: bool = True) -> bool:
    return personnes and n is not None and 0 < n < SEUIL_SECRET


def _nombre(x: float) -> str:
    if float(x).is_integer():
        return f"{int(x):,}".replace(",", "\u202f")
    return f"{x:,.2f}".replace(",", "\u202f").replace(".", ",")


@dataclass(frozen=True)
class Indicateur:
    code: str
    titre: str
    definition: str
    unite: str
    theme: str
    calcul: Callable[[str, Periode], list[Valeur]] = field(compare=False, repr=False)
    source: str = "Données de la plateforme Solidarités"
    ordre: int = 100


_REGISTRE: dict[str, Indicateur] = {}


def enregistrer(indicateur: Indicateur) -> Indicateur:
    _REGISTRE[indicateur.code] = indicateur
    return indicateur


def indicateur(code: str) -> Indicateur | None:
    return _REGISTRE.get(code)


def indicateurs() -> list[Indicateur]:
    return sorted(_REGISTRE.values(), key=lambda i: (i.ordre, i.code))


def choix() -> list[tuple[str, str]]:
    return [(i.code, i.titre) for i in indicateurs()]


@dataclass(frozen=True)
class Mesure:
    indicateur: Indicateur
    departement: str
    periode: Periode
    calcule_le: dt.datetime
    valeurs: list[Valeur]

    def publique(self) -> dict:
        i = self.indicateur
        return {
            "code": i.code,
            "titre": i.titre,
            "definition": i.definition,
            "unite": i.unite,
            "theme": i.theme,
            "source": i.source,
            "departement": self.departement,
            "periode": {
                "debut": self.periode.debut.isoformat(),
                "fin": self.periode.fin.isoformat(),
            },
            "calcule_le": self.calcule_le.isoformat(timespec="seconds"),
            "valeurs": [v.publique() for v in self.valeurs],
        }


def mesurer(code: str, departement: str, periode: Periode, maintenant: dt.datetime) -> Mesure:
    i = _REGISTRE[code]
    return Mesure(i, departement, periode, maintenant, list(i.calcul(departement, periode)))
