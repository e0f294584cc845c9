import datetime as dt

import pytest

from engagements import regles

AUJ = dt.date(2026, 11, 28)


def test_decompte_compte_chaque_statut_et_le_retard_a_part():
    d = regles.decompte(
        [
            ("tenu", None),
            ("tenu", dt.date(2020, 1, 1)),  # tenu : jamais en retard
            ("en_cours", dt.date(2020, 12, 31)),  # en cours et échéance passée
            ("en_cours", None),
            ("a_venir", dt.date(2027, 1, 1)),
            ("abandonne", dt.date(2019, 1, 1)),
        ],
        AUJ,
    )
    assert d == {
        "a_venir": 1,
        "en_cours": 2,
        "tenu": 2,
        "abandonne": 1,
        "en_retard": 1,
        "total": 6,
    }


@pytest.mark.parametrize(
    "ancien,nouveau,preuve,date,message",
    [
        ("en_cours", "fini", "x", AUJ, "Statut inconnu"),
        ("en_cours", "en_cours", "x", AUJ, "déjà ce statut"),
        ("en_cours", "tenu", "  ", AUJ, "preuve"),
        ("en_cours", "tenu", "x", None, "date"),
        ("en_cours", "tenu", "x", AUJ + dt.timedelta(days=1), "futur"),
    ],
)
def test_changement_refuse_avec_un_message_en_francais(ancien, nouveau, preuve, date, message):
    with pytest.raises(regles.ChangementInvalide, match=message):
        regles.verifier_changement(ancien, nouveau, preuve, date, AUJ)
