"""The Situation contract: French messages naming every faulty field."""

import pytest
from pydantic import ValidationError

from bilan.moteur import Situation
from solidarites.erreurs import messages_champs

from .factories import situation_json


def erreurs(data) -> dict[str, str]:
    with pytest.raises(ValidationError) as exc:
        Situation.model_validate(data)
    return {e["champ"]: e["message"] for e in messages_champs(exc.value.errors())}


def test_situation_valide_et_valeurs_par_defaut():
    s = Situation.model_validate(situation_json())
    assert s.departement == "77"
    assert s.demandeur.age == 34
    assert s.enfants[0].activite_effective() == "inactif"
    assert s.droits_percus == ["aide-logement"]


def test_chaque_champ_fautif_est_nomme_en_francais():
    data = situation_json(commune="99999", droits_percus=["rsa", "licorne"])
    data["logement"]["loyer"] = -10
    data["personnes"][1]["age"] = 250
    e = erreurs(data)
    assert "Code commune inconnu" in e["commune"]
    assert e["logement.loyer"].startswith("La valeur doit être supérieure ou égale à 0")
    assert e["personnes.1.age"] == "La valeur doit être inférieure ou égale à 120."
    assert "« licorne »" in e["droits_percus"]


def test_deux_demandeurs_refuses():
    data = situation_json()
    data["personnes"][1] = {"role": "demandeur", "age": 30}
    e = erreurs(data)
    assert "exactement un demandeur" in e["personnes"]


def test_deux_demandeurs_et_une_autre_erreur_dites_ensemble():
    data = situation_json()
    data["personnes"][1] = {"role": "demandeur", "age": 30}
    data["personnes"][0]["age"] = 250
    data["commune"] = "99999"
    e = erreurs(data)
    assert "exactement un demandeur" in e["personnes"]
    assert e["personnes.0.age"] == "La valeur doit être inférieure ou égale à 120."
    assert "Code commune inconnu" in e["commune"]


def test_mois_mal_ecrit_ou_hors_periode():
    assert "AAAA-MM" in erreurs(situation_json(mois="11/2026"))["mois"]
    assert "compris entre" in erreurs(situation_json(mois="1999-01"))["mois"]


def test_champ_inconnu_et_enfant_trop_age():
    data = situation_json(revenu_total=3)
    data["personnes"][1]["age"] = 30
    e = erreurs(data)
    assert e["revenu_total"] == "Ce champ n'est pas reconnu."
    assert "au plus 25 ans" in e["personnes.1"]


def test_statut_inconnu_liste_les_valeurs_possibles():
    data = situation_json()
    data["logement"]["statut"] = "chateau"
    assert "locataire_prive" in erreurs(data)["logement.statut"]


def test_dates_de_naissance_donnees_a_openfisca():
    """Each age is reached on the first day of the month asked (birthday six months before),
    computed on the whole array at once."""
    import datetime as dt

    import numpy as np

    from bilan.moteur.openfisca import date_naissance, dates_naissance

    assert [d.item() for d in dates_naissance("2026-11", np.array([0, 40, 17]))] == [
        dt.date(2026, 5, 1),
        dt.date(1986, 5, 1),
        dt.date(2009, 5, 1),
    ]
    assert date_naissance("2026-03", 10) == dt.date(2015, 9, 1)
    assert date_naissance("2023-01", 120) == dt.date(1902, 7, 1)


def test_taux_d_incapacite_entre_0_et_1_refuse():
    """0,8 is ambiguous with 80 %: refused with a message saying how to write it."""
    data = situation_json()
    data["personnes"][0]["taux_incapacite"] = 0.8
    message = erreurs(data)["personnes.0.taux_incapacite"]
    assert "pourcentage" in message and "80" in message
    for valeur in (0, 1, 80, 100):
        data["personnes"][0]["taux_incapacite"] = valeur
        assert Situation.model_validate(data).demandeur.taux_incapacite == valeur


def test_mois_de_naissance_donne_l_age():
    data = situation_json(mois="2026-11")
    data["personnes"][1] = {"role": "enfant", "naissance": "2023-11"}
    data["personnes"][2] = {"role": "enfant", "naissance": "2023-12"}
    s = Situation.model_validate(data)
    assert [e.age for e in s.enfants] == [3, 2]  # 3 on 1 November 2026, the other not yet
    from bilan.moteur.openfisca import Tableau

    t = Tableau.depuis([s])
    assert [str(d) for d in t.naissance[-2:]] == ["2023-11-01", "2023-12-01"]


def test_mois_de_naissance_fautif_ou_contradictoire():
    data = situation_json(mois="2026-11")
    data["personnes"][1] = {"role": "enfant", "naissance": "2027-01"}
    data["personnes"][2] = {"role": "enfant", "naissance": "2020-05", "age": 2}
    data["personnes"][0]["naissance"] = "1990-13"
    e = erreurs(data)
    assert "après le mois du bilan" in e["personnes.1.naissance"]
    assert "ne correspond pas" in e["personnes.2.naissance"]
    assert "AAAA-MM" in e["personnes.0.naissance"]
    sans_age = situation_json()
    del sans_age["personnes"][0]["age"]
    assert "âge ou le mois de naissance" in erreurs(sans_age)["personnes.0"]


def test_nouveaux_champs_bornes_et_nommes():
    data = situation_json()
    data["personnes"][0].update(gir=7, plan_aide_apa=-1, scolarite="fac")
    data["personnes"][0]["revenus"] = {"pension_alimentaire_recue": -5}
    e = erreurs(data)
    assert set(e) >= {
        "personnes.0.gir",
        "personnes.0.plan_aide_apa",
        "personnes.0.scolarite",
        "personnes.0.revenus.pension_alimentaire_recue",
    }


def test_anciennes_requetes_inchangees():
    """Fields are added, none renamed: the contract's example of before still validates and
    gives the same persons."""
    s = Situation.model_validate(situation_json())
    assert s.demandeur.naissance is None and s.demandeur.gir is None
    assert s.demandeur.revenus.pension_alimentaire_recue == 0
