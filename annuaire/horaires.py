"""Opening hours and permanences: next openings, "ouvert maintenant" (plain Python, no Django).

Hours are written in the OpenStreetMap `opening_hours` syntax and parsed by `opening-hours-py`
(public holidays of France with `PH`). On top of the expression we apply what OSM cannot say
well: dates of validity, exceptional closures, and "one week out of two from a start date".

All datetimes here are naive and in local time (Europe/Paris): the caller converts.

"Semaines impaires" — the meaning chosen
----------------------------------------
An odd week is a week whose ISO 8601 number is odd, as printed in French diaries and calendars,
written `week 01-53/2` in OSM syntax (and `week 02-52/2` for even weeks). Years with 53 ISO
weeks (2026 is one: it ends on Thursday 31 December, week 53) then have TWO odd weeks in a row:
week 53 of 2026 (28 Dec 2026 – 3 Jan 2027) and week 1 of 2027 (4 – 10 Jan 2027). A permanence
that really runs every other week whatever the week number uses `quinzaine_depuis` instead
(its first week): then weeks are counted from that date, regardless of ISO numbering.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache

import opening_hours

from solidarites.francais import JOURS, MOIS

SEMAINES_IMPAIRES = "week 01-53/2"
SEMAINES_PAIRES = "week 02-52/2"
HORIZON_JOURS = 400


@dataclass(frozen=True, slots=True)
class Creneau:
    debut: datetime
    fin: datetime

    @property
    def libelle(self) -> str:
        """'mercredi 30 décembre 2026, de 14 h à 17 h 30'."""
        d = self.debut
        jour = (
            f"{JOURS[d.weekday()]} {d.day}{'er' if d.day == 1 else ''} {MOIS[d.month - 1]} {d.year}"
        )
        if self.fin.date() != d.date() and self.fin.time() != time(0):
            return f"du {jour} à {_heure(d)} au {self.fin:%d/%m/%Y} à {_heure(self.fin, True)}"
        return f"{jour}, de {_heure(d)} à {_heure(self.fin, True)}"


def _heure(dt: datetime, fin: bool = False) -> str:
    if dt.time() == time(0):
        return "24 h" if fin else "0 h"
    return f"{dt.hour} h" if dt.minute == 0 else f"{dt.hour} h {dt.minute:02d}"


@dataclass(frozen=True, slots=True)
class Periode:
    """Dates included at both ends (an exceptional closure, a validity)."""

    du: date
    au: date


def erreur_horaires(expression: str) -> str | None:
    """A French message if the expression is not valid OSM opening hours, else None."""
    if not (expression or "").strip():
        return None
    try:
        _analyser(expression.strip())
    except (SyntaxError, opening_hours.ParserError, ValueError):
        return (
            "Les horaires ne sont pas au format OpenStreetMap "
            "(exemple : « Mo-Fr 09:00-12:00,14:00-17:00; PH off »)."
        )
    return None


@lru_cache(maxsize=4096)
def _analyser(expression: str) -> opening_hours.OpeningHours:
    return opening_hours.OpeningHours(expression, country="FR")


def _soustraire(debut: datetime, fin: datetime, fermetures: list[Periode]) -> list[tuple]:
    morceaux = [(debut, fin)]
    for f in fermetures:
        f_debut = datetime.combine(f.du, time(0))
        f_fin = datetime.combine(f.au + timedelta(days=1), time(0))
        suite = []
        for d, e in morceaux:
            if e <= f_debut or d >= f_fin:
                suite.append((d, e))
                continue
            if d < f_debut:
                suite.append((d, f_debut))
            if e > f_fin:
                suite.append((f_fin, e))
        morceaux = suite
    return morceaux


def semaine_de_quinzaine(jour: date, depuis: date) -> bool:
    """True if `jour` falls in a week counted 0, 2, 4… from the week of `depuis`."""
    lundi_ref = depuis - timedelta(days=depuis.weekday())
    lundi = jour - timedelta(days=jour.weekday())
    return ((lundi - lundi_ref).days // 7) % 2 == 0


def creneaux(
    expression: str,
    depuis: datetime,
    jusqu_a: datetime,
    *,
    fermetures: Iterable[Periode] = (),
    validite: Periode | None = None,
    quinzaine_depuis: date | None = None,
) -> Iterator[Creneau]:
    """Open intervals between two datetimes, with closures, validity and fortnights applied."""
    if not (expression or "").strip():
        return
    if validite is not None:
        depuis = max(depuis, datetime.combine(validite.du, time(0)))
        jusqu_a = min(jusqu_a, datetime.combine(validite.au + timedelta(days=1), time(0)))
    if quinzaine_depuis is not None:
        depuis = max(depuis, datetime.combine(quinzaine_depuis, time(0)))
    if depuis >= jusqu_a:
        return
    fermetures = sorted(fermetures, key=lambda f: f.du)
    oh = _analyser(expression.strip())
    for debut, fin, etat, _commentaire in oh.intervals(depuis, jusqu_a):
        if etat != opening_hours.State.OPEN or fin is None:
            continue
        for d, e in _soustraire(debut, fin, fermetures):
            if quinzaine_depuis is not None and not semaine_de_quinzaine(
                d.date(), quinzaine_depuis
            ):
                continue
            yield Creneau(d, e)


def prochaines_ouvertures(
    expression: str,
    maintenant: datetime,
    n: int = 3,
    *,
    fermetures: Iterable[Periode] = (),
    validite: Periode | None = None,
    quinzaine_depuis: date | None = None,
    horizon_jours: int = HORIZON_JOURS,
) -> list[Creneau]:
    """The next `n` openings that have not ended yet (the current one first if open now)."""
    out: list[Creneau] = []
    debut_du_jour = datetime.combine(maintenant.date(), time(0))
    for c in creneaux(
        expression,
        debut_du_jour,
        maintenant + timedelta(days=horizon_jours),
        fermetures=fermetures,
        validite=validite,
        quinzaine_depuis=quinzaine_depuis,
    ):
        if c.fin > maintenant:
            out.append(c)
        if len(out) >= n:
            break
    return out


def est_ouvert(
    expression: str,
    maintenant: datetime,
    *,
    fermetures: Iterable[Periode] = (),
    validite: Periode | None = None,
    quinzaine_depuis: date | None = None,
) -> bool:
    prochain = prochaines_ouvertures(
        expression,
        maintenant,
        1,
        fermetures=fermetures,
        validite=validite,
        quinzaine_depuis=quinzaine_depuis,
        horizon_jours=2,
    )
    return bool(prochain) and prochain[0].debut <= maintenant < prochain[0].fin


@dataclass(frozen=True, slots=True)
class JourType:
    jour: str  # "lundi"
    plages: tuple[str, ...]  # ("9 h – 12 h", "14 h – 17 h"), empty when closed


def semaine_type(expression: str, reference: date, semaines: int = 6) -> list[JourType]:
    """The usual opening hours, Monday to Sunday, read from the expression: of the next
    `semaines` weeks from `reference`, the one open the longest (a week with a public holiday
    or an "off" fortnight shows less). Empty if the expression is empty or invalid."""
    if not (expression or "").strip() or erreur_horaires(expression):
        return []
    lundi = reference - timedelta(days=reference.weekday()) + timedelta(days=7)
    meilleure, duree_max = [], timedelta(-1)
    for k in range(semaines):
        debut = datetime.combine(lundi + timedelta(days=7 * k), time(0))
        plages = list(creneaux(expression, debut, debut + timedelta(days=7)))
        duree = sum((c.fin - c.debut for c in plages), timedelta(0))
        if duree > duree_max:
            meilleure, duree_max = plages, duree
    if not meilleure:
        return []
    par_jour: dict[int, list[str]] = {i: [] for i in range(7)}
    for c in meilleure:
        par_jour[c.debut.weekday()].append(f"{_heure(c.debut)} – {_heure(c.fin, True)}")
    return [JourType(JOURS[i], tuple(par_jour[i])) for i in range(7)]
