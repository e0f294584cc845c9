"""#17, session 7: the APA of a hosted relative spoken of as theirs; PAJE prime de naissance and
prime d'adoption computed with OpenFisca-France; the PreParE as this project's rule."""

import pytest

from bilan.moteur import Situation
from bilan.moteur.droits_nationaux import PAR_SLUG
from bilan.tests.parcours import parcourir


def _texte(droit) -> str:
    return f"{droit.explication} {droit.ce_qui_changerait or ''}"


def test_apa_du_parent_heberge_dit_sa_participation(resultats_reference):
    """The APA of a hosted older relative is computed on their resources: every text of the
    result speaks of their participation, never "votre participation"."""
    apa = resultats_reference["melun-mere-hebergee-gir3"].droit("apa")
    texte = _texte(apa)
    assert apa.eligible
    assert "d'après ses propres revenus, sa participation serait de" in texte
    assert "votre participation" not in texte and "vos revenus" not in texte
    assert "avec vous" not in texte
    # The household's own adult: "votre participation", as before.
    apa = resultats_reference["melun-couple-retraites-gir4"].droit("apa")
    assert "d'après vos revenus, votre participation" in _texte(apa)


def test_apa_estimee_et_mixte_chacun_son_texte():
    """Estimated GIR of a hosted relative: "Son GIR"; an older adult of the household and a
    hosted one both in GIR 1–4: the total participation, each on their own resources."""
    base = {
        "mois": "2026-11",
        "commune": "77288",
        "logement": {"statut": "proprietaire"},
    }
    valeurs = {
        "apa_domicile": 500.0,
        "dependance_plan_aide_domicile_accepte": 800.0,
        "apa_domicile_participation": 300.0,
    }
    heberge = Situation.model_validate(
        base
        | {
            "personnes": [
                {"role": "demandeur", "age": 50},
                {"role": "autre", "age": 85, "gir": 4, "gir_estime": True},
            ]
        }
    )
    texte = _texte(PAR_SLUG["apa"].expliquer(heberge, valeurs))
    assert "Son GIR (4) a été estimé" in texte and "Votre GIR" not in texte
    assert "sa participation serait de 300 €" in texte
    mixte = Situation.model_validate(
        base
        | {
            "personnes": [
                {"role": "demandeur", "age": 70, "gir": 4},
                {"role": "autre", "age": 92, "gir": 2},
            ]
        }
    )
    texte = _texte(PAR_SLUG["apa"].expliquer(mixte, valeurs))
    assert "d'après vos revenus et les siens, la participation totale (la vôtre et celle" in texte
    refus = PAR_SLUG["apa"].expliquer(heberge, valeurs | {"apa_domicile": 0.0})
    assert "sa participation (300 € par mois) couvrirait tout le plan" in refus.explication
    assert "votre" not in _texte(refus).replace("vous hébergez", "")


# --- PAJE : prime à la naissance, prime à l'adoption ----------------------------------------------
BASE = {
    "mois": "2026-11",
    "commune": "77288",
    "logement": {"statut": "locataire_prive", "loyer": 600},
    "personnes": [{"role": "demandeur", "age": 28}],
}


@pytest.mark.parametrize(
    ("modif", "champ", "extrait"),
    [
        (
            {"naissance_attendue": "2026-10"},
            "naissance_attendue",
            "déjà né se déclare comme enfant",
        ),
        ({"naissance_attendue": "2027-09"}, "naissance_attendue", "au plus 9 mois après"),
        ({"naissance_attendue": "02/2027"}, "naissance_attendue", "AAAA-MM"),
        ({"enfants_attendus": 2}, "enfants_attendus", "avec le mois prévu de la naissance"),
        ({"naissance_attendue": "2027-02", "enfants_attendus": 5}, "enfants_attendus", "4"),
        (
            {"personnes": [{"role": "demandeur", "age": 28, "adoption": "2026-01"}]},
            "personnes.0",
            "que pour un enfant",
        ),
        (
            {
                "personnes": [
                    {"role": "demandeur", "age": 28},
                    {"role": "enfant", "naissance": "2020-01", "adoption": "2026-12"},
                ]
            },
            "personnes.1.adoption",
            "après le mois du bilan",
        ),
        (
            {
                "personnes": [
                    {"role": "demandeur", "age": 28},
                    {"role": "enfant", "naissance": "2020-01", "adoption": "2019-05"},
                ]
            },
            "personnes.1.adoption",
            "avant son mois de naissance",
        ),
    ],
)
def test_grossesse_et_adoption_refusees_avec_le_champ(modif, champ, extrait):
    from pydantic import ValidationError

    from solidarites.erreurs import messages_champs

    with pytest.raises(ValidationError) as exc:
        Situation.model_validate(BASE | modif)
    erreurs = {e["champ"]: e["message"] for e in messages_champs(exc.value.errors())}
    assert extrait in erreurs[champ], erreurs


def test_lot_sans_grossesse_ni_adoption_sans_simulation_des_primes(monkeypatch):
    """No household of the batch expects a child nor has adopted one: the primes' simulation is
    not built (its cost is paid only by the batches that need it)."""
    from bilan.moteur import evaluation

    construits = []
    vrai = evaluation.openfisca.Tableau.depuis
    monkeypatch.setattr(
        evaluation.openfisca.Tableau,
        "depuis",
        lambda situations, primes=False: construits.append(primes) or vrai(situations, primes),
    )
    valeurs = evaluation._valeurs_primes([Situation.model_validate(BASE)] * 3)
    assert construits == [] and valeurs == {
        "paje_naissance": [0.0] * 3,
        "paje_adoption": [0.0] * 3,
    }


def test_commande_grossesse_et_adoption(tmp_path, capsys, tbs):
    """The command line answers the primes (JSON and text), and an old request (no new field)
    is answered as before, the primes out of scope with what to give."""
    import json

    import yaml
    from django.core.management import call_command

    from .conftest import MENAGES

    situations = [
        yaml.safe_load((MENAGES / f"{nom}.yaml").read_text(encoding="utf-8"))["situation"]
        for nom in ("melun-parent-isole-enceinte", "creteil-couple-adoption")
    ] + [BASE]
    chemin = tmp_path / "menages.json"
    chemin.write_text(json.dumps(situations), encoding="utf-8")
    call_command("bilan", str(chemin))
    sortie = [{d["slug"]: d for d in r["droits"]} for r in json.loads(capsys.readouterr().out)]
    naissance, adoption, ancien = (s["prime-naissance"] for s in sortie)
    assert naissance["eligible"] and naissance["montant"] == pytest.approx(1098.57)
    assert naissance["periodicite"] == "ponctuelle" and naissance["page"] == "prime-naissance"
    assert (
        "décembre 2026" in naissance["versement"]
        and "14e semaine" in naissance["ce_qui_changerait"]
    )
    assert sortie[1]["prime-adoption"]["eligible"] and sortie[1]["prime-adoption"]["montant"] > 2000
    assert sortie[1]["prime-adoption"]["page"] == "prime-adoption"
    assert not ancien["eligible"] and "mois prévu de la naissance" in ancien["explication"]
    assert not sortie[2]["prime-adoption"]["eligible"]
    call_command("bilan", str(chemin), "--format", "texte")
    texte = capsys.readouterr().out
    assert "Prime à la naissance : 1 098,57 €, versé vers la fin du 7e mois" in texte


def _mois(decalage: int) -> tuple[str, str]:
    """(« MM/AAAA » as typed, « AAAA-MM ») of the month `decalage` months from now."""
    import datetime as dt

    aujourd_hui = dt.date.today()
    total = aujourd_hui.year * 12 + aujourd_hui.month - 1 + decalage
    annee, mois = total // 12, total % 12 + 1
    return f"{mois:02d}/{annee}", f"{annee}-{mois:02d}"


@pytest.mark.django_db
def test_questionnaire_grossesse_et_enfant_adopte(client, tbs):
    """The household step asks for an expected birth (optional, a month to come), the children
    step for an adopted child's month of arrival: both primes are answered, and a past month
    is refused at its step, naming the field."""
    attendue, attendue_iso = _mois(4)
    arrivee, arrivee_iso = _mois(-1)
    client.post("/bilan/etape/commune/", {"commune": "77288"})
    client.post("/bilan/etape/logement/", {"statut": "locataire_prive", "loyer": "620"})
    foyer = {"en_couple": "non", "nb_enfants": "1", "naissance_attendue": _mois(-2)[0]}
    r = client.post("/bilan/etape/foyer/", foyer)
    page = r.content.decode()
    assert r.status_code == 200 and "Mois prévu de la naissance : ce mois est passé" in page
    r = client.post("/bilan/etape/foyer/", foyer | {"naissance_attendue": _mois(11)[0]})
    assert "dans les 9 prochains mois" in r.content.decode()
    etapes = [
        ("foyer", foyer | {"naissance_attendue": attendue, "enfants_attendus": "1"}),
        ("enfants", {"age_enfant_1": "4", "adoption_enfant_1": arrivee}),
        ("vous", {"vous-age": "27", "vous-activite": "salarie"}),
        ("revenus", {"salaire_net": "900"}),
        ("droits", {}),
    ]
    parcourir(client, etapes)
    page = client.get("/bilan/resultats/").content.decode()
    garde = client.session["bilan_resultat"]
    assert garde["situation"]["naissance_attendue"] == attendue_iso
    assert garde["situation"]["personnes"][1]["adoption"] == arrivee_iso
    droits = {d["slug"]: d for d in garde["resultat"]["droits"]}
    assert droits["prime-naissance"]["eligible"] and droits["prime-adoption"]["eligible"]
    assert "Prime à la naissance" in page and "/droits/prime-naissance/" in page
    assert "Prime à l&#x27;adoption" in page and "Naissance attendue : un enfant" in page


# --- PreParE (règle du projet) ------------------------------------------------------------------
@pytest.mark.django_db
def test_questionnaire_prepare_parent_a_mi_temps(client, tbs):
    """A parent of a 2-year-old (and a 5-year-old) who works half time: the PreParE questions
    are asked at the « vous » step only because a child is under 3, and the bilan gives the
    PreParE with its amount read from OpenFisca's parameters (rate × BMAF)."""
    from bilan.questionnaire import PAR_NOM, formulaire, jeune_enfant

    assert not jeune_enfant({"nb_enfants": "1", "age_enfant_1": "5"})
    assert jeune_enfant({"nb_enfants": "2", "age_enfant_1": "5", "age_enfant_2": "2"})
    sans = formulaire(PAR_NOM["vous"], {"nb_enfants": "1", "age_enfant_1": "5"})
    assert "conge_parental" not in sans.fields
    etapes = [
        ("commune", {"commune": "77288"}),
        ("logement", {"statut": "locataire_prive", "loyer": "780"}),
        ("foyer", {"en_couple": "oui", "nb_enfants": "2"}),
        ("enfants", {"age_enfant_1": "2", "age_enfant_2": "5"}),
        (
            "vous",
            {
                "vous-age": "33",
                "vous-activite": "salarie",
                "vous-conge_parental": "temps_partiel_50",
                "vous-trimestres_prepare": "oui",
            },
        ),
        ("conjoint", {"conjoint-age": "35", "conjoint-activite": "salarie"}),
        ("revenus", {"salaire_net": "850", "conjoint_salaire_net": "1900"}),
        ("droits", {}),
    ]
    parcourir(client, etapes)
    page = client.get("/bilan/resultats/").content.decode()
    garde = client.session["bilan_resultat"]
    vous = garde["situation"]["personnes"][0]
    assert vous["conge_parental"] == "temps_partiel_50" and vous["trimestres_prepare"] is True
    prepare = next(d for d in garde["resultat"]["droits"] if d["slug"] == "prepare")
    assert prepare["eligible"] and prepare["montant_mensuel"] == pytest.approx(298.66)
    assert "temps partiel à 50 % ou moins" in prepare["explication"]
    assert "/droits/prepare/" in page and "298,66" in page
