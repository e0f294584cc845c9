"""Savings (`epargne`) and the student's bourse sur critères sociaux (`boursier`,
`echelon_bourse`), added by #17: the contract's checks, amounts that move compared with
OpenFisca-France computed directly (one engine batch and ONE direct simulation for the module),
batch independence when the bourse is not computed, and the API, command line and
questionnaire that ask and answer for them."""

import json

import numpy as np
import pytest
from django.core.management import call_command
from openfisca_core.simulation_builder import SimulationBuilder
from pydantic import ValidationError

from bilan.moteur import Situation, evaluer, openfisca
from bilan.moteur.evaluation import variables_absentes, variables_calculees
from bilan.moteur.openfisca import situation_openfisca
from bilan.tests.parcours import parcourir
from solidarites.erreurs import messages_champs

from .factories import situation_json

MOIS = "2026-11"


def _retraite(pension, epargne=0, statut="locataire_prive", loyer=520, commune="77284"):
    return {
        "mois": MOIS,
        "commune": commune,
        "logement": {"statut": statut, "loyer": loyer},
        "epargne": epargne,
        "personnes": [
            {
                "role": "demandeur",
                "age": 68,
                "activite": "retraite",
                "revenus": {"retraite": pension},
            }
        ],
    }


def _etudiant(**champs):
    personne = {"role": "demandeur", "age": 20, "activite": "etudiant", **champs}
    return {
        "mois": MOIS,
        "commune": "77288",
        "logement": {"statut": "locataire_prive", "loyer": 480},
        "personnes": [personne],
    }


FOYERS = {
    "retraite-sans-epargne": _retraite(850),
    "retraite-100000": _retraite(850, 100_000),
    "proprietaire-sans-epargne": _retraite(700, 0, "proprietaire", 0, "77186"),
    "proprietaire-20000": _retraite(700, 20_000, "proprietaire", 0, "77186"),
    "sans-emploi-sans-epargne": situation_json(),
    "sans-emploi-60000": situation_json(epargne=60_000),
    "etudiant-sans-echelon": _etudiant(),
    "etudiant-boursier-sans-echelon": _etudiant(boursier=True),
    "etudiant-echelon-4": _etudiant(echelon_bourse="4"),
    # Savings above 30 000 € and a disability rate of 80 % without AAH (invalidity pension and
    # a salary): the housing aid's patrimony base is computed by OpenFisca for the batch.
    "invalidite-45000": {
        "mois": MOIS,
        "commune": "94041",
        "logement": {"statut": "locataire_prive", "loyer": 706},
        "epargne": 45_000,
        "personnes": [
            {"role": "demandeur", "age": 50, "revenus": {"salaire_net": 729}},
            {
                "role": "conjoint",
                "age": 47,
                "activite": "inactif",
                "taux_incapacite": 80,
                "revenus": {"pension_invalidite": 706},
            },
        ],
    },
    "famille-etudiant-echelon-2": {
        "mois": MOIS,
        "commune": "94028",
        "logement": {"statut": "locataire_hlm", "loyer": 600},
        "personnes": [
            {"role": "demandeur", "age": 48, "revenus": {"salaire_net": 1500}},
            {"role": "enfant", "age": 19, "scolarite": "superieur", "echelon_bourse": "2"},
            {"role": "enfant", "age": 14, "scolarite": "college"},
        ],
    },
}
NOMS = list(FOYERS)
# Per household: the OpenFisca variable of each right compared (famille level, or summed).
COMPARES = {
    "rsa": "rsa",
    "prime-activite": "ppa",
    "aide-logement": "aide_logement",
    "aspa": "aspa",
    "bourse-enseignement-superieur": "bourse_criteres_sociaux",
}


@pytest.fixture(scope="module")
def situations():
    return {nom: Situation.model_validate(data) for nom, data in FOYERS.items()}


@pytest.fixture(scope="module")
def resultats(tbs, situations):
    """The engine, all the households in one batch."""
    return dict(zip(NOMS, evaluer([situations[n] for n in NOMS]), strict=True))


@pytest.fixture(scope="module")
def direct(tbs, situations):
    """OpenFisca-France computed directly (build_from_entities, the patrimony bases computed by
    OpenFisca from `livret_a`, the bourse from its echelon), every household in ONE simulation,
    the engine's variables in the engine's order."""
    entrees = {"individus": {}, "familles": {}, "foyers_fiscaux": {}, "menages": {}}
    for nom in NOMS:
        d = situation_openfisca(situations[nom])
        for pid, p in d["individus"].items():
            entrees["individus"][f"{nom}/{pid}"] = p
        for cle in ("familles", "foyers_fiscaux", "menages"):
            for eid, e in d[cle].items():
                entrees[cle][f"{nom}/{eid}"] = {
                    k: [f"{nom}/{x}" for x in v] if isinstance(v, list) else v for k, v in e.items()
                }
    simulation = SimulationBuilder().build_from_entities(tbs, entrees)
    for variable, periode in variables_calculees(MOIS):
        simulation.calculate(variable, periode)
    familles = simulation.populations["famille"]
    index = [list(familles.ids).index(f"{nom}/f0") for nom in NOMS]
    out = {nom: {} for nom in NOMS}
    for variable in (*COMPARES.values(), "cmu_c", "css_participation_forfaitaire"):
        v = simulation.calculate(variable, MOIS)
        if tbs.variables[variable].entity.key == "individu":
            v = np.bincount(familles.members_entity_id, weights=v, minlength=familles.count)
        for nom, i in zip(NOMS, index, strict=True):
            out[nom][variable] = float(v[i])
    return out


@pytest.mark.parametrize("nom", NOMS)
def test_egal_a_openfisca_directement(nom, resultats, direct):
    r, attendu = resultats[nom], direct[nom]
    for slug, variable in COMPARES.items():
        assert r.droit(slug).montant_mensuel == pytest.approx(attendu[variable], abs=0.01), slug
    css = r.droit("css")
    assert css.eligible == bool(attendu["cmu_c"] or attendu["css_participation_forfaitaire"])


def _montant(resultats, nom, slug):
    return resultats[nom].droit(slug).montant_mensuel


def test_l_epargne_change_les_montants(resultats, direct):
    # 100 000 € of savings: the ASPA is lost, the housing aid counts 3 % of it (above 30 000 €).
    assert _montant(resultats, "retraite-sans-epargne", "aspa") > 50
    assert not resultats["retraite-100000"].droit("aspa").eligible
    assert direct["retraite-100000"]["aspa"] == 0
    assert _montant(resultats, "retraite-100000", "aide-logement") < _montant(
        resultats, "retraite-sans-epargne", "aide-logement"
    )
    # 20 000 € on livrets: the ASPA is lowered by their interest (livret A rate, 1.7 % in 2026).
    baisse = _montant(resultats, "proprietaire-sans-epargne", "aspa") - _montant(
        resultats, "proprietaire-20000", "aspa"
    )
    assert baisse == pytest.approx(20_000 * 0.017 / 12, abs=0.5)
    # The RSA counts it too.
    assert _montant(resultats, "sans-emploi-60000", "rsa") < _montant(
        resultats, "sans-emploi-sans-epargne", "rsa"
    )
    assert any("livrets" in a for a in resultats["retraite-100000"].avertissements)
    assert not any("livrets" in a for a in resultats["retraite-sans-epargne"].avertissements)


def test_la_bourse_par_echelon_et_le_dossier_social_etudiant(resultats):
    bourse = resultats["etudiant-echelon-4"].droit("bourse-enseignement-superieur")
    assert bourse.eligible and bourse.montant_mensuel == pytest.approx(458.7)
    assert "échelon 4" in bourse.explication and "10 mois" in bourse.explication
    assert bourse.page == "bourse-enseignement-superieur"
    # The echelon is the Crous's notification: already received, not "probably not claimed".
    assert bourse.deja_percu and not bourse.probablement_non_demande
    sans = resultats["etudiant-sans-echelon"].droit("bourse-enseignement-superieur")
    assert not sans.eligible and sans.montant_mensuel == 0
    assert (
        "dossier social étudiant" in sans.explication
        and "revenus de vos parents" in sans.explication
    )
    boursier = resultats["etudiant-boursier-sans-echelon"].droit("bourse-enseignement-superieur")
    assert "indiquez votre échelon" in boursier.explication
    # Being a boursier lowers the student's resource floor of the housing aid.
    assert _montant(resultats, "etudiant-echelon-4", "aide-logement") > _montant(
        resultats, "etudiant-sans-echelon", "aide-logement"
    )
    # A student child's bourse counts for the household.
    famille = resultats["famille-etudiant-echelon-2"].droit("bourse-enseignement-superieur")
    assert famille.montant_mensuel == pytest.approx(307.1)
    assert not resultats["retraite-sans-epargne"].droit("bourse-enseignement-superieur").eligible


def test_bourse_non_calculee_sans_etudiant_boursier(situations, resultats):
    """A batch where no student has an echelon does not compute the bourse (last group): the
    results are those of the batch that computes it."""
    seul = [situations["etudiant-sans-echelon"], situations["retraite-100000"]]
    assert "bourse_criteres_sociaux" in variables_absentes(seul)
    assert "bourse_criteres_sociaux" not in variables_absentes(
        [*seul, situations["etudiant-echelon-4"]]
    )
    assert evaluer(seul) == [resultats["etudiant-sans-echelon"], resultats["retraite-100000"]]


def test_epargne_au_dela_de_30000_avec_un_handicap(situations, resultats):
    """The housing aid's patrimony base, given in advance otherwise, is computed by OpenFisca in
    a batch with such a household: alone (computed) and in the module's batch, the same result;
    the other households alone (given in advance) equal their result in that batch."""
    s = situations["invalidite-45000"]
    assert not openfisca.patrimoine_logement_connu(s)
    assert all(
        openfisca.patrimoine_logement_connu(situations[n]) for n in NOMS if n != "invalidite-45000"
    )
    assert not resultats["invalidite-45000"].droit("aah").eligible
    seuls = evaluer([s, situations["retraite-100000"], situations["sans-emploi-60000"]])
    assert seuls == [
        resultats[n] for n in ("invalidite-45000", "retraite-100000", "sans-emploi-60000")
    ]
    assert evaluer([situations["retraite-100000"]])[0] == resultats["retraite-100000"]


def _erreurs(data) -> dict[str, str]:
    with pytest.raises(ValidationError) as exc:
        Situation.model_validate(data)
    return {e["champ"]: e["message"] for e in messages_champs(exc.value.errors())}


def test_contrat_bornes_et_messages():
    assert "0" in _erreurs(situation_json(epargne=-1))["epargne"]
    assert "10000000" in _erreurs(situation_json(epargne=20_000_000))["epargne"]
    erreurs = _erreurs(_etudiant(echelon_bourse="8"))
    assert "personnes.0.echelon_bourse" in erreurs
    non_etudiant = situation_json()
    non_etudiant["personnes"][0]["boursier"] = True
    assert "étudiant" in _erreurs(non_etudiant)["personnes.0"]
    lyceen = _etudiant()
    lyceen["personnes"].append(
        {"role": "enfant", "age": 17, "scolarite": "lycee", "echelon_bourse": "1"}
    )
    assert "personnes.1" in _erreurs(lyceen)
    # Fields added, none renamed: an old request is valid and its defaults are "none".
    s = Situation.model_validate(situation_json())
    assert s.epargne == 0 and not s.personnes[0].boursier and s.personnes[0].echelon_bourse is None


@pytest.mark.django_db
def test_par_l_api(client, tbs):
    r = client.post(
        "/api/v1/bilan",
        data=json.dumps(_etudiant(echelon_bourse="0bis")),
        content_type="application/json",
    )
    assert r.status_code == 200, r.content
    droits = {d["slug"]: d for d in r.json()["droits"]}
    assert droits["bourse-enseignement-superieur"]["montant_mensuel"] == pytest.approx(145.4)
    r = client.post(
        "/api/v1/bilan",
        data=json.dumps(situation_json(epargne=-5)),
        content_type="application/json",
    )
    assert r.status_code == 400
    assert {e["champ"] for e in r.json()["erreurs"]} == {"epargne"}
    schema = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    assert "epargne" in schema["Situation"]["properties"]


def test_par_la_commande(tmp_path, capsys, tbs):
    chemin = tmp_path / "s.json"
    chemin.write_text(
        json.dumps([_etudiant(echelon_bourse="7"), _retraite(700, 20_000, "proprietaire", 0)]),
        encoding="utf-8",
    )
    call_command("bilan", str(chemin))
    sortie = json.loads(capsys.readouterr().out)
    etudiant = {d["slug"]: d for d in sortie[0]["droits"]}
    assert etudiant["bourse-enseignement-superieur"]["montant_mensuel"] == pytest.approx(633.5)
    assert any("livrets" in a for a in sortie[1]["avertissements"])


def _parcours(client, activite, revenus, age="20", statut="locataire_prive", loyer="480"):
    etapes = [
        ("commune", {"commune": "Melun"}),
        ("logement", {"statut": statut, "loyer": loyer}),
        ("foyer", {"en_couple": "non", "nb_enfants": "0"}),
        ("vous", {"vous-age": age, "vous-activite": activite, "vous-handicap": "0"}),
    ]
    parcourir(client, etapes)
    return client.post("/bilan/etape/revenus/", revenus)


@pytest.mark.django_db
def test_questionnaire_etudiant_boursier(client, tbs):
    _parcours(client, "etudiant", {})
    page = client.get("/bilan/etape/revenus/").content.decode()
    assert "boursier·e sur critères sociaux" in page and "Échelon 0 bis" in page
    assert "épargne" not in page.lower()  # a student alone: not asked
    r = _parcours(client, "etudiant", {"boursier": "oui", "echelon_bourse": "9"})
    assert "Échelon de la bourse : choisissez" in r.content.decode()
    r = _parcours(client, "etudiant", {"boursier": "oui", "echelon_bourse": "4"})
    assert r.status_code == 302
    client.post("/bilan/etape/droits/", {})
    page = client.get("/bilan/resultats/").content.decode()
    assert "Bourse d&#x27;enseignement supérieur" in page and "458,70" in page
    assert "échelon 4" in page


@pytest.mark.django_db
def test_questionnaire_retraitee_avec_epargne(client, tbs):
    r = _parcours(
        client, "retraite", {"retraite": "700", "epargne": "20 000 000"}, "72", "proprietaire", ""
    )
    assert "Épargne : le montant doit être au plus de 10" in r.content.decode()
    r = _parcours(
        client, "retraite", {"retraite": "700", "epargne": "20 000"}, "72", "proprietaire", ""
    )
    assert r.status_code == 302
    client.post("/bilan/etape/droits/", {})
    page = client.get("/bilan/resultats/").content.decode()
    assert "Épargne du foyer : 20 000 €" in page
    assert "245,18" in page  # the ASPA, lowered by the interest of 20 000 € on livrets
