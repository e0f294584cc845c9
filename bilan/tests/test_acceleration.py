"""The engine's shortcuts give OpenFisca-France's values exactly.

- `acceleration`: memoised date arithmetic and grouped parameter indexing, compared with
  openfisca-core's original functions;
- `NEUTRALISEES`, the profiles and `acceleration` together: every variable the engine
  computes, on a thousand varied households, compared with OpenFisca as published, computed in
  a separate process (SOLIDARITES_OPENFISCA_BRUT=1: nothing neutralised, nothing accelerated).
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from openfisca_core.indexed_enums import EnumArray
from openfisca_core.parameters import VectorialParameterNodeAtInstant
from openfisca_core.periods import DateUnit, Instant, Period

from bilan.moteur import openfisca
from bilan.moteur.evaluation import valeurs_openfisca, variables_calculees
from bilan.moteur.exemples import situations_variees
from bilan.moteur.openfisca import acceleration, neutralisees

RACINE = Path(__file__).resolve().parents[2]
MOIS = "2026-11"


@pytest.fixture(scope="module", autouse=True)
def installe(tbs):
    assert acceleration.installer(tbs)


def test_decalages_de_dates_identiques():
    original_i = Instant.offset.__wrapped__
    original_p = Period.offset.__wrapped__
    unites = (DateUnit.YEAR, DateUnit.MONTH, DateUnit.DAY)
    for annee in (2019, 2024, 2026):
        for mois in range(1, 13):
            for jour in (1, 28, 29, 31):
                try:
                    i = Instant((annee, mois, jour))
                    i.date  # noqa: B018  (invalid dates are skipped)
                except ValueError:
                    continue
                for unite in unites:
                    for decalage in (-13, -3, -1, 0, 1, 12, "first-of", "last-of"):
                        attendu = original_i(i, decalage, unite)
                        assert i.offset(decalage, unite) == attendu
                        assert i.offset(decalage, unite) == attendu  # from the memo
                for unite, taille in ((DateUnit.MONTH, 1), (DateUnit.MONTH, 3), (DateUnit.YEAR, 1)):
                    p = Period((unite, Instant((annee, mois, 1)), taille))
                    for decalage in (-12, -3, -1, 1, "first-of"):
                        assert p.offset(decalage) == original_p(p, decalage, None)
                        assert p.offset(decalage, DateUnit.MONTH) == original_p(
                            p, decalage, DateUnit.MONTH
                        )


def _original(noeud, cles):
    return VectorialParameterNodeAtInstant.build_from_node_name.__wrapped__(noeud, cles)


def _egaux(a, b):
    if isinstance(b, np.ndarray):
        assert isinstance(a, np.ndarray)
        assert a.dtype == b.dtype
        np.testing.assert_array_equal(a, b)
    else:
        assert [id(n) for n in a.vector] == [id(n) for n in b.vector]


def test_periodes_et_fins_identiques():
    """`periods.period` gives a `Period` back as is, and anything else as the original does;
    `Period.stop` memoised equals the original (months, years, several months, days)."""
    from openfisca_core import periods

    original_periode = periods.period.__wrapped__
    original_fin = Period.stop.fget.__wrapped__
    for valeur in ("2026-11", "2026", 2026, "month:2025-02:3", "2024-02-29", "ETERNITY"):
        attendu = original_periode(valeur)
        assert periods.period(valeur) == attendu
        assert periods.period(attendu) is attendu
    for annee in (2020, 2024, 2026):
        for mois in (1, 2, 12):
            for unite, taille in (
                (DateUnit.MONTH, 1),
                (DateUnit.MONTH, 3),
                (DateUnit.MONTH, 12),
                (DateUnit.YEAR, 1),
                (DateUnit.YEAR, 2),
                (DateUnit.DAY, 1),
                (DateUnit.DAY, 31),
            ):
                p = Period((unite, Instant((annee, mois, 1)), taille))
                assert p.stop == original_fin(p)
                assert p.stop == original_fin(p)  # from the memo
    with pytest.raises(Exception) as attendue:
        original_periode(None)
    with pytest.raises(attendue.type):
        periods.period(None)


def test_indexation_des_parametres_identique(tbs):
    rng = np.random.default_rng(3)
    p = tbs.parameters(MOIS)
    al = p.prestations_sociales.aides_logement.allocations_logement
    zones = tbs.variables["zone_apl"].possible_values
    zone = EnumArray(rng.integers(1, 4, size=500), zones)  # zones 1, 2, 3
    # A node indexed by an enum, then by names: the same values as openfisca-core.
    noeud = al.foyer.apl.formule.e_equiv_loyers_eligible
    groupe, original = noeud[zone], _original(noeud, zone)
    for nom in ("personne_isolee_sans_enfant", "menage_seul", "menage_ou_isole_avec_2_enfants"):
        _egaux(groupe[nom], original[nom])
        _egaux(getattr(groupe, nom), getattr(original, nom))
    coeffs = al.locatif.coefficients_degressivite_suppression
    _egaux(coeffs[zone].degressivite, _original(coeffs, zone).degressivite)
    # Indexed by an array of names, then by a second array (two levels of fancy indexing).
    categorie = np.where(rng.random(500) < 0.5, "apl", "al")
    parts = al.foyer.k_coef_prise_en_charge.n_nombre_parts
    _egaux(
        parts[categorie]["1_personne_a_charge"], _original(parts, categorie)["1_personne_a_charge"]
    )
    seuils = al.locatif.seuils_minimum_versement
    type_aide = np.where(rng.random(500) < 0.3, "apl", "non_apl")
    _egaux(seuils[type_aide], _original(seuils, type_aide))
    # A vectorial node indexed again by an array of keys.
    par_zone, original_zone = noeud[zone], _original(noeud, zone)
    noms = np.array(list(original_zone.vector[0]._children))
    cles = noms[rng.integers(0, len(noms), size=500)]
    _egaux(par_zone[cles], original_zone[cles])


def test_roles_memoises_identiques(tbs):
    """has_role: the same answer as the original, a fresh copy for each caller, and a new answer
    when the population's roles change."""
    from openfisca_core.populations import Population

    situations = situations_variees(30, seed=5)
    tableau = openfisca.Tableau.depuis(situations)
    simulation = openfisca.simuler(tableau)
    personnes = simulation.persons
    original = Population.has_role.__wrapped__
    for groupe_entite in tbs.group_entities:
        groupe = simulation.get_population(groupe_entite.plural)
        for role in groupe.entity.roles:
            attendu = original(personnes, role)
            obtenu = personnes.has_role(role)
            np.testing.assert_array_equal(obtenu, attendu)
            obtenu[:] = ~obtenu  # a caller may write into its copy...
            np.testing.assert_array_equal(personnes.has_role(role), attendu)  # ...not the memo
    famille = simulation.get_population("familles")
    role = famille.entity.roles[0]
    avant = personnes.has_role(role)
    famille.members_role = np.full_like(famille.members_role, famille.entity.roles[-1])
    assert (personnes.has_role(role) != avant).any()


def test_valeurs_deja_calculees_identiques():
    """A value already computed, asked again inside a calculation (`population(nom, periode)`
    from a formula, `calculate` from `calculate_add`), is the very array openfisca-core's own
    path returns; at the top level, for a period the variable refuses, for a variable of
    another entity, the original code runs (same answer, same errors)."""
    from openfisca_core.periods import period as periode
    from openfisca_core.populations import CorePopulation
    from openfisca_core.simulations import Simulation

    appel_original = CorePopulation.__call__.__wrapped__
    calcul_original = Simulation.calculate.__wrapped__
    situations = situations_variees(30, seed=5)
    simulation = openfisca.simuler(openfisca.Tableau.depuis(situations))
    for nom, per in variables_calculees(MOIS):
        simulation.calculate(nom, per)
    pile = simulation.tracer._stack
    assert not pile
    pile.append({"name": "formule_appelante", "period": periode(MOIS)})  # nested from here on
    vus = 0
    for population in simulation.populations.values():
        for nom, holder in list(population._holders.items()):
            for per in holder.get_known_periods():
                assert population(nom, per) is appel_original(population, nom, per)
                assert simulation.calculate(nom, per) is calcul_original(simulation, nom, per)
                vus += 1
    assert vus > 1000
    individus = simulation.populations["individu"]
    annee = periode(MOIS[:4])
    for appel in (
        lambda: individus("salaire_net", annee),  # a month's variable asked for a year
        lambda: simulation.calculate("salaire_net", annee),
        lambda: individus("af", periode(MOIS)),  # a famille's variable asked of persons
    ):
        with pytest.raises(ValueError):
            appel()
    pile.pop()
    # At the top level: openfisca-core's own path (it also purges invalidated values).
    np.testing.assert_array_equal(
        simulation.calculate("rsa", MOIS), calcul_original(simulation, "rsa", MOIS)
    )
    assert not pile


SCRIPT_BRUT = """
import json, sys
from bilan.moteur import openfisca
from bilan.moteur.exemples import situations_variees
from bilan.moteur.evaluation import valeurs_openfisca, variables_calculees
assert openfisca.brut()
situations = situations_variees(int(sys.argv[1]), seed=int(sys.argv[2]))
print(json.dumps(valeurs_openfisca(situations)))
"""


def test_formules_par_commune_identiques(tbs):
    """The overseas flags and the APL zone, memoised per array of commune codes, equal the
    original formulas, in the history and before it, for communes of every overseas territory;
    the same codes in another simulation give the same answer, other codes another one."""
    from openfisca_core.periods import period as periode

    communes = ["97105", "97209", "97302", "97411", "97611", "97502", "97701", "97801"]
    communes += ["77288", "75056", "94028", "71270", "13055"]
    situations = situations_variees(len(communes) * 3, seed=5)
    for i, s in enumerate(situations):
        s.commune = communes[i % len(communes)]
    for lot in (situations, situations, situations[::-1]):
        simulation = openfisca.simuler(openfisca.Tableau.depuis(lot))
        menage = simulation.populations["menage"]
        for nom in acceleration.FORMULES_PAR_COMMUNE:
            for mois in (MOIS, "2025-02", "2019-06"):
                formule = tbs.variables[nom].get_formula(mois)
                assert formule.__wrapped__
                calcule = np.asarray(simulation.calculate(nom, mois))
                original = formule.__wrapped__
                if original.__code__.co_argcount == 2:
                    attendu = original(menage, periode(mois))
                else:
                    attendu = original(menage, periode(mois), tbs.get_parameters_at_instant)
                np.testing.assert_array_equal(calcule, np.asarray(attendu), err_msg=nom)
        assert simulation.calculate("residence_guadeloupe", MOIS).sum() == 3
        assert simulation.calculate("residence_reunion", MOIS).sum() == 3


def test_memes_valeurs_que_openfisca_publie(monkeypatch):
    n, graine = 1000, 11
    env = dict(os.environ, SOLIDARITES_OPENFISCA_BRUT="1", PYTHONPATH=str(RACINE))
    sortie = subprocess.run(
        [sys.executable, "-c", SCRIPT_BRUT, str(n), str(graine)],
        capture_output=True,
        text=True,
        env=env,
        cwd=RACINE,
        check=True,
        timeout=600,
    )
    brut = json.loads(sortie.stdout)
    assert not openfisca.brut()
    situations = situations_variees(n, seed=graine)
    # Every profile of NEUTRALISEES_PAR_PROFIL is in the sample, and households without one.
    profils = {openfisca.profil(s) for s in situations}
    assert profils == set(openfisca.NEUTRALISEES_PAR_PROFIL) | {None}
    # One simulation per profile (as for a screening's chunks).
    with monkeypatch.context() as m:
        m.setattr(neutralisees, "SEUIL_PROFILS", 1)
        nous = valeurs_openfisca(situations)
    assert nous.keys() == brut.keys()
    for nom in brut:
        np.testing.assert_allclose(
            np.asarray(nous[nom], dtype=float),
            np.asarray(brut[nom], dtype=float),
            rtol=0,
            atol=1e-6,
            err_msg=nom,
        )
    # Small batches (one simulation with the least neutralised profile present), and households
    # alone (their own profile): the same values.
    for debut, taille in ((0, 25), (100, 40), (300, 1), (301, 1), (302, 1), (303, 1)):
        lot = valeurs_openfisca(situations[debut : debut + taille])
        for nom in brut:
            np.testing.assert_allclose(
                np.asarray(lot[nom], dtype=float),
                np.asarray(brut[nom][debut : debut + taille], dtype=float),
                rtol=0,
                atol=1e-6,
                err_msg=f"{nom} (lot de {taille})",
            )
    # The sample is varied enough to mean something: each right is paid to someone.
    for nom in ("rsa", "ppa", "aide_logement", "af", "cmu_c", "aah", "aspa"):
        assert any(v > 0 for v in nous[nom]), nom


def test_autre_version_rien_n_est_remplace(monkeypatch, caplog):
    """With another openfisca-france than the one they were checked against, the formulas of
    the commune are left as published, and the log says so."""
    monkeypatch.setattr(acceleration.importlib.metadata, "version", lambda paquet: "999.0.0")
    with caplog.at_level("WARNING", logger=acceleration.logger.name):
        assert acceleration.installer_systeme(object()) is False
    assert "openfisca-france 999.0.0" in caplog.text
    assert "non appliquées" in caplog.text


SCRIPT_EXPLICITE = """
from openfisca_core.periods import Instant
from bilan.moteur import openfisca
openfisca.systeme()
assert not hasattr(Instant.offset, "__wrapped__"), "built: nothing installed"
assert not hasattr(openfisca.systeme().variables["zone_apl"].formulas.values()[0], "__wrapped__")
openfisca.preparer()
assert hasattr(Instant.offset, "__wrapped__"), "prepared: installed"
print("ok")
"""


def test_construire_le_systeme_n_installe_rien():
    """Building the tax-benefit system is OpenFisca as published; the accelerations are
    installed only by `preparer()`, the engine's explicit entry point."""
    env = dict(os.environ, PYTHONPATH=str(RACINE))
    env.pop("SOLIDARITES_OPENFISCA_BRUT", None)
    sortie = subprocess.run(
        [sys.executable, "-c", SCRIPT_EXPLICITE],
        capture_output=True,
        text=True,
        env=env,
        cwd=RACINE,
        timeout=300,
    )
    assert sortie.returncode == 0, sortie.stderr
    assert sortie.stdout.strip() == "ok"


def test_seuils_lus_dans_les_parametres(tbs):
    """The thresholds the rights test are OpenFisca's parameters at the month asked."""
    from bilan.moteur.openfisca.seuils import seuils

    s = seuils(MOIS)
    assert (s.rsa_age_min, s.aspa_age_min, s.aah_taux_min, s.aah_taux_complement) == (
        25,
        65,
        50,
        80,
    )
    assert s.age_sans_aspa <= s.aspa_age_min


def test_taux_de_conversion_dates(tbs):
    """The conversion rates equal the usual deductions (CSG, CRDS, CASA, abattement) read in
    OpenFisca's parameters, and the project's own net/gross ratio is a dated parameter."""
    from bilan.moteur.openfisca.conversions import parametres_du_projet, taux

    t = taux(MOIS)
    assert t.salaire_net_sur_brut == 0.78
    assert t.csg_non_deductible_salaire == pytest.approx(0.029 * 0.9825)
    assert t.chomage_net_sur_brut == pytest.approx(1 - 0.067 * 0.9825)
    assert t.chomage_imposable_sur_brut == pytest.approx(1 - 0.038 * 0.9825)
    assert t.retraite_net_sur_brut == pytest.approx(1 - 0.091)
    assert t.retraite_imposable_sur_brut == pytest.approx(1 - 0.059)
    noeud = parametres_du_projet().salaire_net_sur_brut
    assert noeud.metadata["reference"] and noeud.metadata["verifie_le"]
