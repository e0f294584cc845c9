"""Faster versions of a few pure functions of openfisca-core, installed once per process.

OpenFisca-France's formulas spend much of their time in two places of openfisca-core that redo
the same work again and again (docs/openfisca.md, § 5; measured in docs/journal.md):

1. date arithmetic: `Instant.offset` and `Period.offset` go through pendulum for every "last
   month", "last 3 months", "rolling year"… asked by every formula of every past month (about
   250 000 calls for ONE household). Instants and periods are immutable tuples: the results are
   memoised.
2. parameters indexed by a variable (`bareme[zone_apl]`, fancy indexing): openfisca-core loops
   in Python over every household, twice. Here the lookup is done once per DISTINCT key, then
   spread over the households with numpy (`numpy.unique` + take).
3. `Population.has_role` (who is the parent, the spouse, a child…): compares every person's role
   object in Python, about 2 800 times per simulation with the same answer (0.5 s of 4 s for 20 000
   households). The answer is kept per group population and role, tied to that population's
   `members_role` array (a new array means a new answer), and each caller gets its own copy.
4. inputs (`poser_entree`): the engine gives every input for one month (or year) at a time, 13
   times over the history. `Simulation.set_input` then goes through the variable's `set_input`
   helper, which, for exactly one period of the variable's own unit and nothing stored yet,
   divides by 1 or copies and stores the same values (0.45 s per 20 000 households): here they
   are stored directly (`Holder._set`, which converts and checks as usual).
5. formulas of the commune alone (`FORMULES_PAR_COMMUNE`: overseas residence flags, APL zone):
   OpenFisca-France computes them for every month asked (about 40), each time from the same
   codes, one Python string operation per household; the commune is the same input every month,
   so the result is kept per array of codes (`installer_systeme`; 0.3 s per 20 000 households).
6. values already computed (`CorePopulation.__call__`, `Simulation.calculate`): of the ~23 000
   times a batch's formulas ask for a variable, ~14 000 ask for one already computed; each
   went through openfisca-core's whole path (period conversion by `functools.singledispatch`,
   entity and period checks, tracer frame, cache purge) to return the cached array. Inside a
   calculation (the tracer's stack not empty: nothing to purge at the end), for a holder of
   this population, in memory, not neutralised, and a period the consistency check accepts,
   the cached array is returned directly; anything else runs the original code.
7. `periods.period(value)` for a value that already is a `Period` (identity), without
   `functools.singledispatch` (~100 000 calls per batch); `Period.stop` (through pendulum)
   memoised, like 1.

The values are the same, bit for bit: `bilan/tests/test_acceleration.py` compares each function
with the original on real parameters, and the reference households compare every right with
OpenFisca-France. The functions are replaced only for the openfisca-core version they were
written and tested for (`VERSION_TESTEE`); with another version, nothing is changed.
Nothing is installed on import nor when the tax-benefit system is built: `installer(tbs)` is
called explicitly by `bilan.moteur.openfisca.preparer()`, the engine's entry point.
"""

from __future__ import annotations

import importlib.metadata
import logging

import numpy

VERSION_TESTEE = "44.7.1"
VERSION_FRANCE_TESTEE = "176.1.8"
# OpenFisca-France variables whose formula reads nothing but `depcom` (checked for the version
# above: `char.startswith(depcom, "97x")`, and the APL zone looked up by commune).
FORMULES_PAR_COMMUNE = (
    "residence_guadeloupe",
    "residence_martinique",
    "residence_guyane",
    "residence_reunion",
    "residence_mayotte",
    "residence_saint_pierre_et_miquelon",
    "residence_saint_bartelemy",
    "residence_saint_martin",
    "zone_apl",
)
TAILLE_MAX_MEMO = 200_000

logger = logging.getLogger(__name__)
_installe = False


def _memoiser(fonction):
    """A method (self, offset, unit) memoised on its (immutable, hashable) arguments."""
    memo: dict = {}

    def memoisee(self, offset, unit=None):
        cle = (self, offset, unit)
        try:
            return memo[cle]
        except KeyError:
            pass
        resultat = fonction(self, offset, unit)
        if len(memo) < TAILLE_MAX_MEMO:
            memo[cle] = resultat
        return resultat

    memoisee.__wrapped__ = fonction
    memoisee.__doc__ = fonction.__doc__
    return memoisee


def _classes_vectorielles():
    from openfisca_core.parameters import ParameterNodeAtInstant, VectorialParameterNodeAtInstant

    class NoeudVectorielGroupe(VectorialParameterNodeAtInstant):
        """A vectorial parameter node stored as its distinct nodes and, for each household, the
        index of its node: `vector` (the per-household list openfisca-core builds) is made only
        if some code asks for it."""

        def __init__(self, distincts, inverse, name, instant_str) -> None:
            self._distincts = distincts
            self._inverse = inverse
            self._name = name
            self._instant_str = instant_str

        @property
        def vector(self):
            return [self._distincts[i] for i in self._inverse]

        def __getitem__(self, key):
            if isinstance(key, str):
                return _construire(self, [n[key] for n in self._distincts], self._inverse)
            return _indexer(self, key)

    def _construire(parent, distincts, inverse):
        """Same result as openfisca-core's `build_from_nodes(parent, [distincts[i] for i in
        inverse])`."""
        if isinstance(distincts[0], ParameterNodeAtInstant):
            return NoeudVectorielGroupe(distincts, inverse, parent._name, parent._instant_str)
        return numpy.array(distincts)[inverse]

    def _cles_par_element(noeud, key) -> numpy.ndarray | None:
        """The key of each element as openfisca-core's `__getitem__` computes it, as an array
        (None when it is not a plain array of names: then the original code runs)."""
        from openfisca_core.indexed_enums import EnumArray

        if isinstance(key, EnumArray):
            return numpy.asarray(key.possible_values.names, dtype=object)[numpy.asarray(key)]
        if isinstance(key, numpy.ndarray) and key.dtype != object and len(key):
            return key
        return None

    def _indexer(noeud, key):
        cles = _cles_par_element(noeud, key)
        if cles is None:
            return VectorialParameterNodeAtInstant.__getitem__(noeud, key)
        valeurs_cles, codes = numpy.unique(cles, return_inverse=True)
        paires, inverse = numpy.unique(
            noeud._inverse * len(valeurs_cles) + codes.reshape(-1), return_inverse=True
        )
        distincts = [
            noeud._distincts[p // len(valeurs_cles)][valeurs_cles[p % len(valeurs_cles)]]
            for p in paires
        ]
        return _construire(noeud, distincts, inverse.reshape(-1))

    original = VectorialParameterNodeAtInstant.build_from_node_name

    def build_from_node_name(node, key):
        VectorialParameterNodeAtInstant.check_node_vectorisable(node)
        keys = VectorialParameterNodeAtInstant._get_appropriate_keys(key)
        keys = numpy.asarray(keys)
        if keys.dtype == object or keys.ndim != 1 or not len(keys):
            return original(node, key)
        get_subnode_key = VectorialParameterNodeAtInstant._get_appropriate_subnode_function(keys[0])
        valeurs, inverse = numpy.unique(keys, return_inverse=True)
        distincts = [node[get_subnode_key(node, k)] for k in valeurs]
        return _construire(node, distincts, inverse.reshape(-1))

    build_from_node_name.__wrapped__ = original
    return VectorialParameterNodeAtInstant, build_from_node_name


def _has_role_memoise(original):
    def has_role(self, role):
        if self.simulation is None:
            return None
        self.entity.check_role_validity(role)
        groupe = self.simulation.get_population(role.entity.plural)
        memo = groupe.__dict__.setdefault("_solidarites_roles", {})
        roles = groupe.members_role
        entree = memo.get(role)
        if entree is None or entree[0] is not roles:
            entree = memo[role] = (roles, original(self, role))
        return entree[1].copy()

    has_role.projectable = True
    has_role.__wrapped__ = original
    has_role.__doc__ = original.__doc__
    return has_role


def _par_commune(formule):
    """A formula of the commune alone, memoised on the households' commune codes (a few
    entries: the codes of the simulations under way); each caller gets its own copy."""
    a_deux_arguments = formule.__code__.co_argcount == 2
    memo: dict = {}

    def par_commune(menage, period, parameters):
        depcom = menage("depcom", period)
        cle = (depcom.dtype.str, depcom.tobytes())
        resultat = memo.get(cle)
        if resultat is None:
            if a_deux_arguments:
                resultat = formule(menage, period)
            else:
                resultat = formule(menage, period, parameters)
            if len(memo) >= 16:
                memo.clear()
            memo[cle] = resultat
        return resultat.copy()

    par_commune.__wrapped__ = formule
    return par_commune


def _version_testee(paquet: str, attendue: str, quoi: str) -> bool:
    """True when the installed `paquet` is the version the shortcuts were checked against;
    otherwise say so in the log (they are then left out)."""
    version = importlib.metadata.version(paquet)
    if version != attendue:
        logger.warning(
            "%s %s (%s vérifiées pour %s) : non appliquées", paquet, version, quoi, attendue
        )
        return False
    return True


def installer_systeme(tbs) -> bool:
    """Memoise the formulas of the commune alone in this tax-benefit system (5. above), only for
    the OpenFisca-France version they were checked for. Returns True when installed."""
    if not _installe:  # openfisca-core not the tested one: `installer_coeur` said so
        return False
    if not _version_testee("openfisca-france", VERSION_FRANCE_TESTEE, "formules par commune"):
        return False
    for nom in FORMULES_PAR_COMMUNE:
        formules = tbs.variables[nom].formulas
        for date, formule in list(formules.items()):
            if not hasattr(formule, "__wrapped__"):
                formules[date] = _par_commune(formule)
    return True


def _periode_rapide(original):
    """`periods.period(value)`: a `functools.singledispatch` function whose answer for a
    `Period` is the value itself; openfisca-core calls it on periods that already are
    `Period`s (~100 000 times per batch: every cache read and write). Same answer, without the
    dispatch; any other value goes to the original (see 7. above)."""
    from openfisca_core.periods import Period

    def period(value):
        if type(value) is Period:
            return value
        return original(value)

    period.__wrapped__ = original
    period.register = original.register
    period.dispatch = original.dispatch
    period.registry = original.registry
    period.__doc__ = original.__doc__
    return period


def _fin_memoisee(original):
    """`Period.stop` (the last day, computed through pendulum), memoised on the immutable
    period: the purge of the values a spiral invalidated asks it for every stored period."""
    memo: dict = {}

    def stop(self):
        try:
            return memo[self]
        except KeyError:
            pass
        resultat = original(self)
        if len(memo) < TAILLE_MAX_MEMO:
            memo[self] = resultat
        return resultat

    stop.__wrapped__ = original
    return property(stop)


def _periode_coherente(unite_variable, periode) -> bool:
    """True when openfisca-core's `Simulation._check_period_consistency` accepts this `Period`
    for a variable defined over `unite_variable` (eternity, a year or a month); False also for
    the units it checks otherwise (weeks, days): the original code then runs."""
    from openfisca_core.periods import DateUnit

    if unite_variable == DateUnit.ETERNITY:
        return True
    if unite_variable in (DateUnit.YEAR, DateUnit.MONTH):
        return periode[0] == unite_variable and periode[2] == 1
    return False


def _valeur_en_cache(simulation, population, nom: str, periode):
    """The array `Simulation._calculate` would return from the cache for (nom, periode), without
    any of its bookkeeping, or None when anything differs from the plain case (the original code
    then runs): a holder that exists in this population (so the variable is this entity's), in
    memory only, not neutralised, a period the consistency check accepts, a value stored."""
    holder = population._holders.get(nom)
    if holder is None or holder._disk_storage is not None:
        return None
    variable = holder.variable
    if variable.is_neutralized:
        return None
    unite = (variable.definition_period, periode[0], periode[2])
    coherente = _coherence.get(unite)
    if coherente is None:
        coherente = _coherence[unite] = _periode_coherente(variable.definition_period, periode)
    if not coherente:
        return None
    stockage = holder._memory_storage
    return stockage._arrays.get(_ETERNITE[0] if stockage.is_eternal else periode)


_coherence: dict = {}
_ETERNITE: list = []


def _predicat_imbrique():
    """The test of a call the shortcuts of 6. may answer: a `Period`, made inside another
    calculation (the plain tracer's stack not empty: nothing to purge at the end). Its imports
    are done once, here, not on each of the ~23 000 calls of a batch."""
    from openfisca_core.periods import Period
    from openfisca_core.tracers import SimpleTracer

    def imbrique(simulation, period):
        tracer = simulation.tracer
        return type(period) is Period and type(tracer) is SimpleTracer and tracer._stack

    return imbrique


def _appel_rapide(original):
    """`Population.__call__` (a formula asking `famille("af", period)`): when the value is
    already computed and the call is nested in another calculation, the cached array is returned
    directly (see 6. above)."""
    imbrique = _predicat_imbrique()

    def appel(self, variable_name, period, options=None):
        simulation = self.simulation
        if options is None and simulation is not None and imbrique(simulation, period):
            valeur = _valeur_en_cache(simulation, self, variable_name, period)
            if valeur is not None:
                return valeur
        return original(self, variable_name, period, options)

    appel.__wrapped__ = original
    return appel


def _calcul_rapide(original):
    """`Simulation.calculate` (called by `calculate_add` for each month of a year, and by the
    engine): the same shortcut as `_appel_rapide` for a nested call of a computed value."""
    imbrique = _predicat_imbrique()

    def calculate(self, variable_name, period):
        if imbrique(self, period):
            variable = self.tax_benefit_system.variables.get(variable_name)
            if variable is not None:
                population = self.populations.get(variable.entity.key)
                if population is not None:
                    valeur = _valeur_en_cache(self, population, variable_name, period)
                    if valeur is not None:
                        return valeur
        return original(self, variable_name, period)

    calculate.__wrapped__ = original
    return calculate


def poser_entree(simulation, nom: str, periode: str, valeurs) -> None:
    """`simulation.set_input(nom, periode, valeurs)`, stored directly when that is what
    set_input would end up doing (see 4. above); otherwise set_input itself."""
    if _installe:
        from openfisca_core import periods

        variable = simulation.tax_benefit_system.variables[nom]
        periode_of = periods.period(periode)
        if (
            periode_of.size == 1
            and periode_of.unit == variable.definition_period
            and not variable.is_neutralized
            and (variable.end is None or periode_of.start.date <= variable.end)
        ):
            holder = simulation.get_holder(nom)
            if holder.get_array(periode_of) is None:
                holder._set(periode_of, valeurs)
                return
    simulation.set_input(nom, periode, valeurs)


def installer(tbs) -> bool:
    """Install every acceleration, explicitly (called by `systeme.preparer`, never as a side
    effect of building the system): openfisca-core's faster functions (1. to 4.) and the
    memoised formulas of the commune in this tax-benefit system (5.). Idempotent. Returns True
    when the openfisca-core ones are in place."""
    installe = installer_coeur()
    installer_systeme(tbs)
    return installe


def installer_coeur() -> bool:
    """Install openfisca-core's faster functions (idempotent). Returns True when they are in
    place."""
    global _installe
    if _installe:
        return True
    if not _version_testee("openfisca-core", VERSION_TESTEE, "accélérations"):
        return False
    from openfisca_core.periods import Instant, Period
    from openfisca_core.populations import Population

    Instant.offset = _memoiser(Instant.offset)
    Period.offset = _memoiser(Period.offset)
    classe, build = _classes_vectorielles()
    classe.build_from_node_name = staticmethod(build)
    Population.has_role = _has_role_memoise(Population.has_role)
    from openfisca_core import periods
    from openfisca_core.periods import DateUnit
    from openfisca_core.periods import period as periode
    from openfisca_core.populations import CorePopulation
    from openfisca_core.simulations import Simulation

    _ETERNITE.append(periode(DateUnit.ETERNITY))
    periods.period = _periode_rapide(periods.period)
    Period.stop = _fin_memoisee(Period.stop.fget)
    CorePopulation.__call__ = _appel_rapide(CorePopulation.__call__)
    Simulation.calculate = _calcul_rapide(Simulation.calculate)
    _installe = True
    return True
