"""Benchmark of the screening (issue 6): one command.

    .venv/bin/python benchmarks/depistage.py [--menages 1000000] [--taille-lot 40000]
        [--processus 2] [--sans-reference] [--reference-menages N] [--garder]

1. Generates a realistic synthetic file (one row per person): households of varied composition
   (single, couples, single parents, children 0–20), incomes (none, low and high wages,
   unemployment benefit, pensions, invalidity pensions), housing (HLM, private rent by
   département, owners, hosted, homeless), communes of 77, 94 and 71 weighted by population,
   rights already received. Seeded: the same file every run.
2. Screens it with the real command path (`solidarites depistage`, a subprocess), and measures
   wall time and the peak memory of the whole process tree (parent + workers, sampled RSS sum).
3. Side by side, the plain baseline: one process, OpenFisca-France vectorised from arrays in
   chunks of 25 000 households, computing the same variables for the month on the same
   households (set_input of the declared incomes on every month of the history, then
   `calculate` of each variable) — what one would write without the screening's design.

Prints households per second, wall time and peak memory of both, and the ratio.
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

RACINE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RACINE))

MOIS = "2026-11"
COLONNES = (
    "menage",
    "commune",
    "logement_statut",
    "loyer",
    "droits_percus",
    "role",
    "age",
    "activite",
    "salaire_net",
    "chomage_net",
    "retraite",
    "pension_invalidite",
    "taux_incapacite",
)


# ---- synthetic file -------------------------------------------------------------------------


def _communes():
    from territoires.referentiel import communes

    codes, poids = [], []
    for c in communes().values():
        if c.departement in ("77", "94", "71") and c.population:
            codes.append(c.code_insee)
            poids.append(c.population)
    p = np.array(poids, dtype=float)
    return np.array(codes), p / p.sum()


def generer(chemin: Path, n: int, graine: int = 2026) -> int:
    """Write `n` households (one row per person); returns the number of rows."""
    rng = np.random.default_rng(graine)
    codes, poids = _communes()
    commune = rng.choice(codes, size=n, p=poids)
    dep = np.array([c[:2] for c in commune])
    # Composition: 0 single, 1 couple, 2 single parent, 3 couple with children.
    compo = rng.choice(4, size=n, p=[0.42, 0.18, 0.17, 0.23])
    nb_enfants = np.where(
        compo >= 2, rng.choice([1, 2, 3, 4], size=n, p=[0.42, 0.35, 0.16, 0.07]), 0
    )
    age_dem = np.clip(rng.normal(44, 16, size=n).astype(int), 18, 95)
    age_dem = np.where(compo >= 2, np.clip(age_dem, 20, 58), age_dem)
    # Activity profile of each adult.
    profils = np.array(
        ["sans_emploi", "salarie_bas", "salarie", "chomage", "retraite", "invalidite", "inactif"]
    )
    p_profil = [0.27, 0.22, 0.16, 0.12, 0.13, 0.05, 0.05]
    statut = rng.choice(
        ["locataire_hlm", "locataire_prive", "proprietaire", "heberge_gratuit", "sans_domicile"],
        size=n,
        p=[0.36, 0.33, 0.14, 0.13, 0.04],
    )
    base_loyer = np.select([dep == "94", dep == "77"], [720.0, 600.0], 430.0)
    taille = 1 + (compo % 2 == 1) + nb_enfants
    loyer = base_loyer * (0.75 + 0.18 * taille) * rng.uniform(0.7, 1.3, size=n)
    loyer = np.where(statut == "locataire_hlm", loyer * 0.62, loyer)
    loyer = np.where(np.isin(statut, ["locataire_hlm", "locataire_prive"]), np.round(loyer), 0)
    percus_choix = [
        "",
        "rsa",
        "aide-logement",
        "rsa|aide-logement",
        "prime-activite",
        "allocations-familiales",
        "css",
        "aide-logement|allocations-familiales",
    ]
    percus = rng.choice(percus_choix, size=n, p=[0.45, 0.1, 0.15, 0.1, 0.06, 0.06, 0.04, 0.04])

    def adulte(age: np.ndarray, k: int):
        prof = rng.choice(profils, size=k, p=p_profil)
        prof = np.where(age >= 65, "retraite", prof)
        prof = np.where((age < 60) & (prof == "retraite"), "sans_emploi", prof)
        sal = np.where(prof == "salarie_bas", rng.uniform(300, 1500, k), 0.0)
        sal = np.where(prof == "salarie", rng.uniform(1400, 4200, k), sal)
        cho = np.where(prof == "chomage", rng.uniform(500, 1700, k), 0.0)
        ret = np.where(prof == "retraite", rng.uniform(400, 2600, k), 0.0)
        inv = np.where(prof == "invalidite", rng.uniform(300, 1200, k), 0.0)
        taux = np.where(prof == "invalidite", rng.choice([50, 60, 80, 90], size=k), 0)
        taux = np.where((prof == "sans_emploi") & (rng.random(k) < 0.06), 80, taux)
        act = np.select(
            [
                np.isin(prof, ["salarie_bas", "salarie"]),
                prof == "chomage",
                prof == "retraite",
                prof == "sans_emploi",
            ],
            ["salarie", "sans_emploi", "retraite", "sans_emploi"],
            "inactif",
        )
        return act, np.round(sal, 2), np.round(cho, 2), np.round(ret, 2), np.round(inv, 2), taux

    dem = adulte(age_dem, n)
    age_conj = np.clip(age_dem + rng.integers(-6, 7, size=n), 18, 99)
    conj = adulte(age_conj, n)
    lignes = 0
    with open(chemin, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter=";", lineterminator="\n")
        w.writerow(COLONNES)
        ages_enf = rng.integers(0, 21, size=(n, 4))
        for i in range(n):
            ident = f"M{i + 1:07d}"
            w.writerow(
                (
                    ident,
                    commune[i],
                    statut[i],
                    f"{loyer[i]:.0f}",
                    percus[i],
                    "demandeur",
                    age_dem[i],
                    dem[0][i],
                    dem[1][i],
                    dem[2][i],
                    dem[3][i],
                    dem[4][i],
                    dem[5][i],
                )
            )
            lignes += 1
            if compo[i] % 2 == 1:
                w.writerow(
                    (
                        ident,
                        "",
                        "",
                        "",
                        "",
                        "conjoint",
                        age_conj[i],
                        conj[0][i],
                        conj[1][i],
                        conj[2][i],
                        conj[3][i],
                        conj[4][i],
                        conj[5][i],
                    )
                )
                lignes += 1
            for k in range(nb_enfants[i]):
                age = min(int(ages_enf[i, k]), max(0, int(age_dem[i]) - 18))
                w.writerow((ident, "", "", "", "", "enfant", age, "", "", "", "", "", ""))
                lignes += 1
    return lignes


def _premiers_menages(source: Path, destination: Path, n: int) -> None:
    """Copy the header and the first `n` households of `source` (same households as the run)."""
    with open(source, encoding="utf-8") as f, open(destination, "w", encoding="utf-8") as out:
        out.write(f.readline())
        vus, courant = 0, None
        for ligne in f:
            ident = ligne.split(";", 1)[0]
            if ident != courant:
                courant = ident
                vus += 1
                if vus > n:
                    break
            out.write(ligne)


# ---- memory of a process tree ---------------------------------------------------------------


class MemoirePic:
    """Samples the summed RSS of a process and all its descendants (/proc), keeps the peak."""

    def __init__(self, pid: int, intervalle: float = 0.2):
        self.pid = pid
        self.intervalle = intervalle
        self.pic = 0
        self._stop = threading.Event()
        self._t = threading.Thread(target=self._boucle, daemon=True)

    def _arbre(self) -> list[int]:
        parents: dict[int, list[int]] = {}
        for d in os.listdir("/proc"):
            if not d.isdigit():
                continue
            try:
                with open(f"/proc/{d}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            parents.setdefault(ppid, []).append(int(d))
        out, pile = [], [self.pid]
        while pile:
            p = pile.pop()
            out.append(p)
            pile.extend(parents.get(p, []))
        return out

    def _rss(self, pid: int) -> int:
        try:
            with open(f"/proc/{pid}/statm") as f:
                return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            return 0

    def _boucle(self):
        while not self._stop.is_set():
            self.pic = max(self.pic, sum(self._rss(p) for p in self._arbre()))
            self._stop.wait(self.intervalle)

    def __enter__(self):
        self._t.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._t.join()


def mesurer(cmd: list[str], env: dict | None = None) -> tuple[float, int, str]:
    debut = time.perf_counter()
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, cwd=RACINE
    )
    with MemoirePic(proc.pid) as mem:
        sortie, _ = proc.communicate()
    duree = time.perf_counter() - debut
    if proc.returncode != 0:
        raise SystemExit(f"Échec de {' '.join(cmd)} :\n{sortie}")
    return duree, mem.pic, sortie


# ---- the plain baseline ---------------------------------------------------------------------


def reference(chemin: Path, taille_lot: int = 25_000) -> int:
    """Plain single-process vectorised OpenFisca: read the CSV into arrays per chunk, build the
    simulation from arrays, set the declared incomes on every month of the history, calculate
    each variable for the month. Returns the number of households."""
    from openfisca_core.simulation_builder import SimulationBuilder
    from openfisca_france import CountryTaxBenefitSystem

    from bilan.moteur.evaluation import variables_principales
    from bilan.moteur.openfisca import (
        ACTIVITE_OPENFISCA,
        STATUT_OPENFISCA,
        date_naissance,
        mois_historique,
        revenus_openfisca,
    )

    tbs = CountryTaxBenefitSystem()
    historique = mois_historique(MOIS)
    variables = variables_principales(MOIS)  # the main variable(s) of each right
    role_fam = {"demandeur": 0, "conjoint": 1, "enfant": 2}

    def calculer(lignes: list[list[str]]):
        idx = {c: i for i, c in enumerate(COLONNES)}
        menages: list[int] = []
        n_men = -1
        courant = None
        depcom, loyer, statut = [], [], []
        roles, naissances, activites, taux = [], [], [], []
        sal, cho, ret, inv = [], [], [], []
        for v in lignes:
            if v[0] != courant:
                courant = v[0]
                n_men += 1
                depcom.append(v[idx["commune"]])
                loyer.append(float(v[idx["loyer"]] or 0))
                statut.append(STATUT_OPENFISCA[v[idx["logement_statut"]]])
            menages.append(n_men)
            role = v[idx["role"]]
            roles.append(role_fam[role])
            age = int(v[idx["age"]])
            naissances.append(date_naissance(MOIS, age))
            act = v[idx["activite"]] or ("etudiant" if age >= 16 else "inactif")
            activites.append(ACTIVITE_OPENFISCA[act])
            taux.append(float(v[idx["taux_incapacite"]] or 0) / 100)
            sal.append(float(v[idx["salaire_net"]] or 0))
            cho.append(float(v[idx["chomage_net"]] or 0))
            ret.append(float(v[idx["retraite"]] or 0))
            inv.append(float(v[idx["pension_invalidite"]] or 0))
        n = n_men + 1
        men = np.array(menages)
        rl = np.array(roles)
        b = SimulationBuilder()
        b.create_entities(tbs)
        b.declare_person_entity("individu", np.arange(len(men)))
        for entite in ("famille", "foyer_fiscal"):
            e = b.declare_entity(entite, np.arange(n))
            b.join_with_persons(e, men, rl)
        e = b.declare_entity("menage", np.arange(n))
        b.join_with_persons(e, men, rl)
        sim = b.build(tbs)
        sim.set_input("date_naissance", "ETERNITY", np.array(naissances, dtype="datetime64[D]"))
        t = np.array(taux)
        entrees = revenus_openfisca(
            MOIS, np.array(sal), np.array(cho), np.array(ret), np.array(inv)
        )
        entrees["taux_incapacite"] = t
        entrees["handicap"] = t >= 0.5
        entrees["activite"] = tbs.variables["activite"].possible_values.encode(np.array(activites))
        men_entrees = {
            "depcom": np.array(depcom),
            "loyer": np.array(loyer),
            "statut_occupation_logement": tbs.variables[
                "statut_occupation_logement"
            ].possible_values.encode(np.array(statut)),
        }
        for groupe in (entrees, men_entrees):
            for nom, valeurs in groupe.items():
                for m in historique:
                    sim.set_input(nom, m, valeurs)
        for var, periode in variables:
            sim.calculate(var, periode)
        return n

    total = 0
    with open(chemin, encoding="utf-8", newline="") as f:
        r = csv.reader(f, delimiter=";")
        next(r)
        paquet: list[list[str]] = []
        nb = 0
        courant = None
        for v in r:
            if v[0] != courant:
                courant = v[0]
                nb += 1
                if nb > taille_lot:
                    total += calculer(paquet)
                    paquet, nb = [], 1
            paquet.append(v)
        if paquet:
            total += calculer(paquet)
    return total


# ---- main -----------------------------------------------------------------------------------


def _go(o: int) -> str:
    return f"{o / 2**30:.2f} Gio"


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--menages", type=int, default=1_000_000)
    p.add_argument("--taille-lot", type=int, default=40000)
    p.add_argument("--processus", type=int, default=os.cpu_count() or 2)
    p.add_argument("--sans-reference", action="store_true", help="Ne pas mesurer la référence.")
    p.add_argument(
        "--reference-menages",
        type=int,
        default=None,
        help="Mesurer la référence sur les N premiers ménages seulement (débit extrapolé).",
    )
    p.add_argument(
        "--dossier", type=Path, default=None, help="Dossier de travail (défaut : temporaire)."
    )
    p.add_argument("--garder", action="store_true", help="Garder les fichiers produits.")
    p.add_argument("--reference-seule", type=Path, default=None, help=argparse.SUPPRESS)
    a = p.parse_args()

    if a.reference_seule is not None:  # the baseline, in its own process
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "solidarites.settings")
        n = reference(a.reference_seule)
        print(f"REFERENCE {n}")
        return

    dossier = a.dossier or Path(tempfile.mkdtemp(prefix="bench-depistage-"))
    dossier.mkdir(parents=True, exist_ok=True)
    entree = dossier / "menages.csv"
    t = time.perf_counter()
    lignes = generer(entree, a.menages)
    print(
        f"Fichier synthétique : {a.menages} ménages, {lignes} lignes, "
        f"{entree.stat().st_size / 2**20:.0f} Mio, généré en {time.perf_counter() - t:.1f} s"
    )
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    sortie = dossier / "resultats.csv"
    cmd = [
        sys.executable,
        "-m",
        "solidarites.cli",
        "depistage",
        str(entree),
        "--sortie",
        str(sortie),
        "--mois",
        MOIS,
        "--taille-lot",
        str(a.taille_lot),
        "--processus",
        str(a.processus),
        "--recommencer",
        "--progression-tous-les",
        "1000000",
    ]
    duree, pic, texte = mesurer(cmd, env)
    debit = a.menages / duree
    print(
        f"Dépistage ({a.processus} processus, lots de {a.taille_lot}) : {duree:.1f} s, "
        f"{debit:.0f} ménages/s, pic mémoire {_go(pic)}"
    )
    print("  " + texte.strip().splitlines()[0])
    if not a.sans_reference:
        ref_entree = entree
        n_ref = a.menages
        if a.reference_menages and a.reference_menages < a.menages:
            n_ref = a.reference_menages
            ref_entree = dossier / "reference.csv"
            _premiers_menages(entree, ref_entree, n_ref)
        cmd = [sys.executable, __file__, "--reference-seule", str(ref_entree)]
        duree_ref, pic_ref, texte = mesurer(cmd, env)
        debit_ref = n_ref / duree_ref
        print(
            f"Référence (OpenFisca vectorisé, 1 processus, lots de 25 000, {n_ref} ménages) : "
            f"{duree_ref:.1f} s, {debit_ref:.0f} ménages/s, pic mémoire {_go(pic_ref)}"
        )
        print(f"Rapport : {debit / debit_ref:.2f} × la référence")
    if not a.garder and a.dossier is None:
        import shutil

        shutil.rmtree(dossier, ignore_errors=True)
    else:
        print(f"Fichiers dans {dossier}")


if __name__ == "__main__":
    main()
