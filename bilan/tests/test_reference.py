"""Reference households (content/bilan/menages/): the expected amounts, and each national amount
equal to OpenFisca-France computed directly (build_from_entities) within 1 €."""

import numpy as np
import pytest
from openfisca_core.simulation_builder import SimulationBuilder

from bilan.moteur import Situation, evaluer
from bilan.moteur.catalogue import SLUGS_NATIONAUX
from bilan.moteur.openfisca import situation_openfisca

from .conftest import charger_menages

# Canonical order of computation (see droits_nationaux.DroitNational.explicatives).
VARIABLES = {
    "rsa": "rsa",
    "prime-activite": "ppa",
    "aide-logement": "aide_logement",
    "allocations-familiales": "af",
    "complement-familial": "cf",
    "asf": "asf",
    "ars": "ars",
    "css": "cmu_c",
    "css-participation": "css_participation_forfaitaire",
    "aah": "aah",
    "aspa": "aspa",
    # Rights added in the fifth session, computed after the others (as the engine does).
    "apa": "apa_domicile",
    "cheque-energie": "cheque_energie",
    "bourse-college": "bourse_college",
    "bourse-lycee": "bourse_lycee",
    "aeeh": "aeeh",
    "paje-allocation-base": "paje_base",
    "ass": "ass",
    # Seventh session: the bourse sur critères sociaux, computed last.
    "bourse-enseignement-superieur": "bourse_criteres_sociaux",
}
ANNUELLES = {"ars", "cheque_energie"}  # computed for the year
INDIVIDUELLES = {"aah", "ass"}  # summed over the adults of the main famille
# Summed over every adult of the dwelling, the hosted ones (`autre`) included.
INDIVIDUELLES_MENAGE = {"apa_domicile"}
# Summed over every member of the main famille, children included.
INDIVIDUELLES_FAMILLE = {"bourse_criteres_sociaux"}
# Paid once or yearly: compared on `montant`.
MONTANT = {"ars", "cheque-energie", "bourses-college-lycee", "prime-naissance", "prime-adoption"}
# Computed in the small simulation of the PAJE primes (expected children added), as the engine
# does: `situation_openfisca(s, primes=True)`, for the households with a birth expected or an
# adopted child (0 for the others).
PRIMES = {"prime-naissance": "paje_naissance", "prime-adoption": "paje_adoption"}
NOMS = [nom for nom, _ in charger_menages()]


def test_au_moins_25_menages_couvrant_chaque_droit(menages, resultats_reference):
    assert len(menages) >= 25
    eligibles = {d.slug for r in resultats_reference.values() for d in r.droits if d.eligible}
    assert set(SLUGS_NATIONAUX) <= eligibles
    from bilan.moteur.aides_departementales import catalogue_aides

    assert {a.slug for a in catalogue_aides()} <= eligibles


@pytest.mark.parametrize("nom", NOMS)
def test_montants_attendus(nom, menages, resultats_reference):
    attendu = dict(menages)[nom]["attendu"]
    resultat = resultats_reference[nom]
    for slug, valeur in attendu.items():
        droit = resultat.droit(slug)
        assert droit is not None, slug
        if slug == "css":
            assert droit.eligible == valeur["eligible"]
            assert droit.participation_mensuelle == valeur["participation_mensuelle"]
        elif isinstance(valeur, bool):
            assert droit.eligible is valeur, slug
        elif slug in MONTANT:
            assert (droit.montant or 0.0) == pytest.approx(valeur, abs=1), slug
        else:
            assert droit.montant_mensuel == pytest.approx(valeur, abs=1), slug
            assert droit.eligible is (valeur > 0)
    assert resultat.total_mensuel == pytest.approx(
        sum(d.montant_mensuel for d in resultat.droits if d.eligible), abs=0.01
    )


def _entrees_directes(menages, primes=False):
    """The households as ONE build_from_entities dictionary, and their main familles' ids."""
    entrees = {"individus": {}, "familles": {}, "foyers_fiscaux": {}, "menages": {}}
    familles = []
    for nom, m in menages:
        d = situation_openfisca(Situation.model_validate(m["situation"]), primes=primes)
        renomme = {}
        for pid, p in d["individus"].items():
            renomme[pid] = f"{nom}/{pid}"
            entrees["individus"][renomme[pid]] = p
        for cle in ("familles", "foyers_fiscaux", "menages"):
            for eid, e in d[cle].items():
                entrees[cle][f"{nom}/{eid}"] = {
                    k: [renomme[x] for x in v] if isinstance(v, list) else v for k, v in e.items()
                }
        familles.append(f"{nom}/f0")
    return entrees, familles


@pytest.fixture(scope="module")
def direct_primes(tbs, menages):
    """The PAJE primes of the households with a birth expected or an adopted child, in ONE
    build_from_entities simulation with their expected children (OpenFisca directly)."""
    avec = [(n, m) for n, m in menages if Situation.model_validate(m["situation"]).avec_primes_paje]
    assert len(avec) >= 3
    entrees, familles = _entrees_directes(avec, primes=True)
    simulation = SimulationBuilder().build_from_entities(tbs, entrees)
    ids = list(simulation.populations["famille"].ids)
    index = np.array([ids.index(f) for f in familles])
    out = {nom: dict.fromkeys(PRIMES, 0.0) for nom, _ in menages}
    for cle, var in PRIMES.items():
        v = simulation.calculate(var, "2026-11")[index]
        for i, (nom, _) in enumerate(avec):
            out[nom][cle] = float(v[i])
    return out


@pytest.fixture(scope="module")
def direct(tbs, menages, direct_primes):
    """All reference households in ONE build_from_entities simulation (OpenFisca directly)."""
    entrees, familles = _entrees_directes(menages)
    simulation = SimulationBuilder().build_from_entities(tbs, entrees)
    ids = list(simulation.populations["famille"].ids)
    index = np.array([ids.index(f) for f in familles])
    ids_menages = list(simulation.populations["menage"].ids)
    index_menages = np.array([ids_menages.index(f"{nom}/m0") for nom, _ in menages])
    individus = simulation.populations["individu"]
    valeurs = {}
    for cle, var in VARIABLES.items():
        v = simulation.calculate(var, "2026" if var in ANNUELLES else "2026-11")
        if tbs.variables[var].entity.key == "menage":
            valeurs[cle] = v[index_menages]
            continue
        if var in INDIVIDUELLES_MENAGE:  # individual: sum over the adults of the dwelling
            menage = simulation.populations["menage"]
            adultes = np.array([r.key != "enfant" for r in menage.members_role])
            v = np.bincount(
                menage.members_entity_id[adultes], weights=v[adultes], minlength=menage.count
            )
            valeurs[cle] = v[index_menages]
            continue
        if var in INDIVIDUELLES_FAMILLE:  # individual: sum over the main famille
            famille = simulation.populations["famille"]
            v = np.bincount(famille.members_entity_id, weights=v, minlength=famille.count)
            valeurs[cle] = v[index]
            continue
        if var in INDIVIDUELLES:  # individual: sum over the adults of the main famille
            famille = simulation.populations["famille"]
            role = famille.members_role
            adultes = np.array([r.key in ("demandeur", "conjoint") for r in role])
            v = np.bincount(
                famille.members_entity_id[adultes], weights=v[adultes], minlength=famille.count
            )
            assert individus.count == len(role)
        valeurs[cle] = v[index]
    return {
        nom: {k: float(v[i]) for k, v in valeurs.items()} | direct_primes[nom]
        for i, (nom, _) in enumerate(menages)
    }


@pytest.mark.parametrize("nom", NOMS)
def test_egal_a_openfisca_directement(nom, direct, resultats_reference):
    attendu = direct[nom]
    r = resultats_reference[nom]
    for slug in SLUGS_NATIONAUX:
        d = r.droit(slug)
        if slug == "bourses-college-lycee":
            total = attendu["bourse-college"] + attendu["bourse-lycee"]
            assert (d.montant or 0.0) == pytest.approx(total, abs=1), slug
        elif slug in MONTANT:
            assert (d.montant or 0.0) == pytest.approx(attendu[slug], abs=1), slug
        elif slug == "css":
            gratuite = bool(attendu["css"])
            assert d.eligible == (gratuite or attendu["css-participation"] > 0)
            if d.eligible:
                assert d.participation_mensuelle == pytest.approx(
                    0.0 if gratuite else attendu["css-participation"], abs=1
                )
        else:
            assert d.montant_mensuel == pytest.approx(attendu[slug], abs=1), slug


# Households covering every national right and every departmental aid, including the one whose
# CSS changed with the batch (chalon-aah-80: OpenFisca's results depend on what was computed
# before, see docs/openfisca.md, § 1).
INDEPENDANCE = [
    "autun-parent-isole-trois-enfants",
    "chalon-aah-80",
    "chalon-jeune-couple-bebe",
    "champigny-jeune-24-ans-locataire",
    "creteil-couple-retraites-proprietaires",
    "melun-jeune-20-ans-handicap",
    "melun-parent-isole-salaire-900",
    # fifth session: APA, chèque énergie, bourses, AEEH, PAJE, ASS, months of birth
    "melun-couple-retraites-gir4",
    "meaux-adulte-handicap-80-domicile",
    "chelles-famille-college-lycee",
    "creteil-parent-isole-enfant-handicape",
    "macon-couple-bebe-naissance",
    "vitry-fin-de-droits-ass",
    # sixth session: the APA of an older parent hosted by the household
    "melun-mere-hebergee-gir3",
    # seventh session: savings (ASPA lowered, ASPA lost and housing aid above 30 000 €), a
    # scholarship student
    "fontainebleau-retraitee-epargne-20000",
    "meaux-retraite-epargne-100000",
    "melun-etudiante-boursiere-echelon-5",
    # seventh session: PAJE primes (expected birth, twins above the ceiling, adoption)
    "melun-parent-isole-enceinte",
    "chelles-couple-aise-jumeaux",
    "creteil-couple-adoption",
    # the PreParE (the project's rule, read from OpenFisca's parameters)
    "melun-couple-prepare-mi-temps",
]


def test_resultat_independant_du_lot(menages, resultats_reference):
    """A household gives the same result alone, in the batch of all reference households and in
    a smaller batch in another order (bilan == dépistage)."""
    from bilan.moteur.aides_departementales import catalogue_aides

    situations = [Situation.model_validate(dict(menages)[n]["situation"]) for n in INDEPENDANCE]
    couverts = {d.slug for n in INDEPENDANCE for d in resultats_reference[n].droits if d.eligible}
    assert set(SLUGS_NATIONAUX) | {a.slug for a in catalogue_aides()} <= couverts
    autre_lot = evaluer(situations[::-1])[::-1]
    for nom, s, dans_autre_lot in zip(INDEPENDANCE, situations, autre_lot, strict=True):
        seul = evaluer([s])[0]
        assert seul == resultats_reference[nom], nom
        assert dans_autre_lot == resultats_reference[nom], nom


def test_chemin_du_depistage_egal_au_bilan(menages, resultats_reference):
    """The screening's path (`non_demandes`, which builds a result only for the rights a
    household may have) gives exactly the rights the bilan flags `probablement_non_demande`:
    same order, amounts and reasons, on the reference households and 600 varied ones over two
    months (national rights, departmental aids, rights already received)."""
    from bilan.moteur import non_demandes
    from bilan.moteur.evaluation import non_demande
    from bilan.moteur.exemples import situations_variees

    situations = [Situation.model_validate(m["situation"]) for _, m in menages]
    situations += situations_variees(400, seed=7) + situations_variees(200, mois="2027-03")
    attendus = [
        [non_demande(d) for d in r.droits if d.probablement_non_demande]
        for r in evaluer(situations)
    ]
    assert sum(map(len, attendus)) > 1000
    # The bourse of a student with an echelon is already received (never "not claimed").
    assert {d[0] for a in attendus for d in a} >= set(SLUGS_NATIONAUX) - {
        "css-participation",
        "bourse-enseignement-superieur",
    }
    assert non_demandes(situations) == attendus
