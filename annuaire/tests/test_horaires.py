"""Recurrence edge cases (plain Python, no database)."""

from datetime import date, datetime

import pytest

from annuaire.horaires import (
    SEMAINES_IMPAIRES,
    Creneau,
    Periode,
    creneaux,
    erreur_horaires,
    est_ouvert,
    prochaines_ouvertures,
    semaine_de_quinzaine,
)

IMPAIRES = f"{SEMAINES_IMPAIRES} We,Fr 14:00-18:00; PH off"


def jours(liste: list[Creneau]) -> list[date]:
    return [c.debut.date() for c in liste]


def test_2026_a_53_semaines_iso():
    assert date(2026, 12, 31).isocalendar()[:2] == (2026, 53)
    assert date(2027, 1, 4).isocalendar()[:2] == (2027, 1)


def test_semaines_impaires_fin_2026_semaine_53_puis_semaine_1():
    # Week 52 (21-27 Dec) is even: nothing. Week 53 (28 Dec - 3 Jan) is odd: Wednesday 30 Dec,
    # but Friday 1 Jan 2027 is a public holiday. Week 1 of 2027 is odd too: 6 and 8 Jan.
    # Week 2 is even; week 3 odd again: 20 and 22 Jan.
    prochaines = prochaines_ouvertures(IMPAIRES, datetime(2026, 12, 21, 8, 0), 5)
    assert jours(prochaines) == [
        date(2026, 12, 30),
        date(2027, 1, 6),
        date(2027, 1, 8),
        date(2027, 1, 20),
        date(2027, 1, 22),
    ]
    assert all(c.debut.isocalendar()[1] % 2 == 1 for c in prochaines)
    assert prochaines[0].debut == datetime(2026, 12, 30, 14, 0)
    assert prochaines[0].fin == datetime(2026, 12, 30, 18, 0)


def test_semaines_impaires_fin_2027_vers_2028():
    # 2027 has 52 weeks: week 52 (27 Dec - 2 Jan 2028) is even, week 1 of 2028 is odd.
    prochaines = prochaines_ouvertures(IMPAIRES, datetime(2027, 12, 27, 8, 0), 2)
    assert jours(prochaines) == [date(2028, 1, 5), date(2028, 1, 7)]


def test_semaines_paires_fin_2026():
    paires = "week 02-52/2 We 14:00-18:00"
    prochaines = prochaines_ouvertures(paires, datetime(2026, 12, 14, 8, 0), 3)
    # weeks 52 (23 Dec), then none in 53 nor 1, then week 2 (13 Jan) and 4 (27 Jan).
    assert jours(prochaines) == [date(2026, 12, 23), date(2027, 1, 13), date(2027, 1, 27)]


def test_quinzaine_depuis_une_date_ignore_la_semaine_53():
    # Every other week from Wednesday 16 Dec 2026: 30 Dec, 13 Jan, 27 Jan (no double week).
    prochaines = prochaines_ouvertures(
        "We 14:00-18:00", datetime(2026, 12, 17, 8, 0), 3, quinzaine_depuis=date(2026, 12, 16)
    )
    assert jours(prochaines) == [date(2026, 12, 30), date(2027, 1, 13), date(2027, 1, 27)]
    assert semaine_de_quinzaine(date(2026, 12, 31), date(2026, 12, 16))
    assert not semaine_de_quinzaine(date(2027, 1, 6), date(2026, 12, 16))


def test_quinzaine_ne_commence_pas_avant_sa_date():
    prochaines = prochaines_ouvertures(
        "We 14:00-18:00", datetime(2026, 12, 1, 8, 0), 1, quinzaine_depuis=date(2026, 12, 16)
    )
    assert jours(prochaines) == [date(2026, 12, 16)]


def test_fermeture_exceptionnelle_et_validite():
    fermetures = [Periode(date(2026, 12, 28), date(2027, 1, 1))]
    prochaines = prochaines_ouvertures(
        "Mo-Fr 09:00-12:00; PH off", datetime(2026, 12, 24, 10, 0), 3, fermetures=fermetures
    )
    # the opening under way on 24 Dec is shown from its real start; 25 Dec is a holiday
    assert prochaines[0] == Creneau(datetime(2026, 12, 24, 9), datetime(2026, 12, 24, 12))
    assert jours(prochaines)[1:] == [date(2027, 1, 4), date(2027, 1, 5)]
    validite = Periode(date(2027, 1, 1), date(2027, 1, 31))
    assert jours(
        prochaines_ouvertures("Th 10:00-11:00", datetime(2026, 12, 1), 2, validite=validite)
    ) == [date(2027, 1, 7), date(2027, 1, 14)]
    assert prochaines_ouvertures("Th 10:00-11:00", datetime(2027, 2, 1), 2, validite=validite) == []


def test_fermeture_coupe_un_creneau_de_plusieurs_jours():
    morceaux = list(
        creneaux(
            "24/7",
            datetime(2026, 12, 24),
            datetime(2026, 12, 27),
            fermetures=[Periode(date(2026, 12, 25), date(2026, 12, 25))],
        )
    )
    assert morceaux == [
        Creneau(datetime(2026, 12, 24), datetime(2026, 12, 25)),
        Creneau(datetime(2026, 12, 26), datetime(2026, 12, 27)),
    ]


def test_ouvert_maintenant():
    assert est_ouvert(IMPAIRES, datetime(2026, 12, 30, 15, 0))
    assert not est_ouvert(IMPAIRES, datetime(2026, 12, 30, 18, 0))
    assert not est_ouvert(IMPAIRES, datetime(2027, 1, 1, 15, 0))  # jour férié
    assert not est_ouvert(IMPAIRES, datetime(2027, 1, 13, 15, 0))  # semaine 2, paire


@pytest.mark.parametrize("texte", ["Mo-Zz 10:00", "lundi 9h-12h", "Mo 25:00-26:00x"])
def test_horaires_invalides(texte):
    assert "OpenStreetMap" in erreur_horaires(texte)


def test_horaires_valides_ou_vides():
    assert erreur_horaires("Mo-Fr 08:30-12:00,13:30-17:00; PH off") is None
    assert erreur_horaires("") is None


def test_libelles():
    c = Creneau(datetime(2027, 1, 1, 14, 0), datetime(2027, 1, 1, 17, 30))
    assert c.libelle == "vendredi 1er janvier 2027, de 14 h à 17 h 30"
    c = Creneau(datetime(2026, 12, 30, 9, 5), datetime(2026, 12, 31, 0, 0))
    assert c.libelle == "mercredi 30 décembre 2026, de 9 h 05 à 24 h"
