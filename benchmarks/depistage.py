"""Benchmark of the screening (issue 6): one command.

    .venv/bin/python benchmarks/depistage.py [--menages 1000000] [--taille-lot 40000]
        [--processus 2] [--sans-reference] [--reference-menages N] [--garder]

1. Generates a realistic synthetic file (one row per person) with EVERY column the screening
   accepts (`colonnes()`, read from depistage.lecture): households of varied composition
   (single, couples, single parents, children 0–20, an older parent hosted), incomes (none, low
   and high wages, unemployment benefit, pensions, invalidity pensions, pensions alimentaires
   received or paid), housing (HLM, private rent by département, owners, hosted, homeless),
   students, months of birth instead of ages, schooling, GIR and APA plans, ASS conditions,
   the PCH's difficulties, expected births (twins), adopted children, parental leave (PreParE),
   savings, scholarship students and their echelon, communes of 77, 94 and 71 weighted by population, rights already
   received. Seeded: the same file every run.
2. Screens it with the real command path (`solidarites depistage`, a subprocess), and measures
   wall time and the peak memory of the whole process tree (parent + workers, sampled RSS sum).
3. Side by side, the plain baseline: one process, OpenFisca-France as published
   (SOLIDARITES_OPENFISCA_BRUT=1), vectorised in chunks of 25 000 households read by the
   screening's own reader, computing the SAME variables as the screening
   (`variables_calculees`, the new rights included, and the PAJE's primes for the households
   concerned) with `set_input` of every input on every month of the history — what one would
   write without the screening's design.

Prints households per second, wall time and peak memory of both, and the ratio (goal ≥ 4×).
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
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "solidarites.settings")

MOIS = "2026-11"


def colonnes() -> tuple[str, ...]:
    """Every column the screening accepts in its one-row-per-person layout (depistage.lecture):
    the household's, then every field of a person (the bilan's `Situation`), so that new fields
    appear here as soon as the screening reads them."""
    from depistage.lecture import COLONNES_MENAGE, COLONNES_PERSONNE

    return ("menage", *COLONNES_MENAGE, *COLONNES_PERSONNE)


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

    def adulte(age: np.ndarray, k: int) -> dict[str, np.ndarray]:
        prof = rng.choice(profils, size=k, p=p_profil)
        prof = np.where(age >= 65, "retraite", prof)
        prof = np.where((age < 60) & (prof == "retraite"), "sans_emploi", prof)
        prof = np.where((age <= 25) & (rng.random(k) < 0.3), "etudiant", prof)
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
                prof == "etudiant",
            ],
            ["salarie", "sans_emploi", "retraite", "sans_emploi", "etudiant"],
            "inactif",
        )
        # The fields added to the bilan since the fifth session, where they apply.
        gir = np.where((age >= 60) & (rng.random(k) < 0.12), rng.integers(1, 7, size=k), 0)
        plan = np.where(
            (gir >= 1) & (gir <= 4) & (rng.random(k) < 0.3), rng.uniform(200, 1200, k), 0
        )
        pch = (taux >= 50) & (rng.random(k) < 0.6)
        return {
            "age": age,
            "activite": act,
            "salaire_net": np.round(sal, 2),
            "chomage_net": np.round(cho, 2),
            "retraite": np.round(ret, 2),
            "pension_invalidite": np.round(inv, 2),
            "taux_incapacite": taux,
            "ass_conditions": np.where((prof == "sans_emploi") & (rng.random(k) < 0.4), "oui", ""),
            "gir": np.where(gir > 0, gir.astype(str), ""),
            "plan_aide_apa": np.where(plan > 0, np.char.mod("%.0f", plan), ""),
            "activites_difficulte_absolue": np.where(pch, rng.choice(["0", "1", "2"], size=k), ""),
            "activites_difficulte_grave": np.where(pch, rng.choice(["1", "2", "3"], size=k), ""),
            "pension_alimentaire_versee": np.where(
                rng.random(k) < 0.04, np.char.mod("%.0f", rng.uniform(50, 300, k)), ""
            ),
            # The month of birth instead of the age, for some.
            "naissance": np.where(rng.random(k) < 0.1, "x", ""),
        }

    annee, mois = (int(x) for x in MOIS.split("-"))

    def naissance(age: int) -> str:
        total = annee * 12 + mois - 1 - age * 12 - int(rng.integers(0, 12))
        return f"{total // 12}-{total % 12 + 1:02d}"

    def mois_plus(ecart: int) -> str:
        total = annee * 12 + mois - 1 + ecart
        return f"{total // 12}-{total % 12 + 1:02d}"

    def ligne_adulte(p: dict, i: int, role: str) -> dict:
        ligne = {c: p[c][i] for c in p}
        ligne["role"] = role
        for c in ("salaire_net", "chomage_net", "retraite", "pension_invalidite"):
            if not ligne[c]:
                ligne[c] = ""
        if ligne["naissance"]:
            ligne["naissance"] = naissance(int(ligne["age"]))
            ligne["age"] = ""
        return ligne

    dem = adulte(age_dem, n)
    age_conj = np.clip(age_dem + rng.integers(-6, 7, size=n), 18, 99)
    conj = adulte(age_conj, n)
    pension_recue = np.where(
        (compo == 2) & (rng.random(n) < 0.3), np.char.mod("%.0f", rng.uniform(80, 400, n)), ""
    )
    heberge = (age_dem < 60) & (rng.random(n) < 0.04)  # an older parent living with them
    # An expected birth (twins sometimes), for the PAJE's birth premium.
    attendue = (age_dem >= 20) & (age_dem <= 42) & (rng.random(n) < 0.05)
    ecart_attendue = rng.integers(0, 9, size=n)
    jumeaux = rng.random(n) < 0.05
    prepare = rng.random(n) < 0.25  # a parent of a child under 3 stops or reduces work
    epargne = np.where(
        rng.random(n) < 0.3, rng.choice(["300", "2000", "8000", "25000", "40000", "90000"], n), ""
    )
    u_bourse = rng.random(n)  # a student: a scholarship (its echelon, or only "boursier")
    ages_enf = rng.integers(0, 21, size=(n, 4))
    u_enf = rng.random(size=(n, 4, 3))
    lignes = 0
    with open(chemin, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=colonnes(), delimiter=";", lineterminator="\n", restval="")
        w.writeheader()
        for i in range(n):
            ident = f"M{i + 1:07d}"
            premiere = ligne_adulte(dem, i, "demandeur")
            premiere.update(
                menage=ident,
                commune=commune[i],
                logement_statut=statut[i],
                loyer=f"{loyer[i]:.0f}",
                droits_percus=percus[i],
                pension_alimentaire_recue=pension_recue[i],
            )
            if epargne[i]:
                premiere["epargne"] = epargne[i]
            if premiere["activite"] == "etudiant" and u_bourse[i] < 0.5:
                if u_bourse[i] < 0.4:
                    premiere["echelon_bourse"] = ECHELONS[int(u_bourse[i] * 20) % 8]
                else:
                    premiere["boursier"] = "oui"
            if attendue[i]:
                premiere["naissance_attendue"] = mois_plus(int(ecart_attendue[i]))
                if jumeaux[i]:
                    premiere["enfants_attendus"] = 2
            rangees = [premiere]
            if compo[i] % 2 == 1:
                rangees.append(ligne_adulte(conj, i, "conjoint"))
            for k in range(nb_enfants[i]):
                age = min(int(ages_enf[i, k]), max(0, int(age_dem[i]) - 18))
                e = {"role": "enfant", "age": age}
                if u_enf[i, k, 0] < 0.3:
                    e["naissance"] = naissance(age)
                    e["age"] = ""
                    if u_enf[i, k, 0] < 0.012:  # adopted, arrived this month
                        e["adoption"] = MOIS
                if age < 3 and prepare[i] and "conge_parental" not in premiere:
                    premiere["conge_parental"] = CONGES[k % 3]
                    premiere["trimestres_prepare"] = ("oui", "non", "")[k % 3]
                if u_enf[i, k, 1] < 0.7 and age >= 3:
                    e["scolarite"] = SCOLARITES[np.searchsorted(BORNES_SCOLARITE, age, "right")]
                if u_enf[i, k, 2] < 0.04:
                    e["taux_incapacite"] = 80
                rangees.append(e)
            if heberge[i]:
                g = int(rng.integers(1, 7))
                rangees.append(
                    {"role": "autre", "age": int(rng.integers(70, 96)), "retraite": 900, "gir": g}
                )
            for r in rangees:
                r["menage"] = ident
                w.writerow(r)
            lignes += len(rangees)
    return lignes


# A child's schooling by age: 3–5 maternelle, 6–10 primaire, 11–14 collège, 15–17 lycée, 18+.
BORNES_SCOLARITE = np.array([6, 11, 15, 18])
SCOLARITES = ("maternelle", "primaire", "college", "lycee", "superieur")
CONGES = ("arret", "temps_partiel_50", "temps_partiel_80")
ECHELONS = ("0bis", "1", "2", "3", "4", "5", "6", "7")


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


def reference(chemin: Path, taille_lot: int = 25_000) -> tuple[int, float, float]:
    """Plain single-process vectorised OpenFisca-France, as published (run with
    SOLIDARITES_OPENFISCA_BRUT=1: nothing neutralised nor accelerated, one simulation per chunk,
    `set_input` of every input on every month of the history), computing EXACTLY the variables
    the screening computes (`variables_calculees`: the main variable of every right, the new
    ones included, and the explanatory ones) on the same households, read by the screening's
    own reader so that both sides get the same inputs. Returns (households, seconds spent in
    OpenFisca — building the simulation and computing —, seconds spent reading and validating
    the file with the screening's reader, which a hand-written baseline would not pay)."""
    from bilan.moteur import openfisca
    from bilan.moteur.evaluation import variables_calculees, variables_primes
    from depistage.acces_bilan import situation
    from depistage.calcul_lot import _Construction
    from depistage.lecture import lire_en_tete, lire_lots

    assert openfisca.brut(), "la référence calcule OpenFisca tel que publié"
    en_tete = lire_en_tete(chemin)
    construction = _Construction(en_tete, MOIS)
    variables = variables_calculees(MOIS)
    total, secondes, lecture = 0, 0.0, 0.0
    debut = time.perf_counter()
    for lot in lire_lots(chemin, en_tete, taille_lot):
        situations = [
            situation(construction.construire(lignes)[0])
            for lignes in lot.valeurs(en_tete.delimiteur)
        ]
        lecture += time.perf_counter() - debut
        debut = time.perf_counter()
        tableau = openfisca.Tableau.depuis(situations)
        simulation = openfisca.simuler(tableau)
        for nom, periode in variables:
            simulation.calculate(nom, periode)
        del simulation
        # The PAJE's primes, as the screening computes them: the households with an expected
        # birth or an adopted child, their expected children as persons of the famille.
        primes = [s for s in situations if s.avec_primes_paje]
        if primes:
            simulation = openfisca.simuler(openfisca.Tableau.depuis(primes, primes=True))
            for nom, periode in variables_primes(MOIS):
                simulation.calculate(nom, periode)
            del simulation
        secondes += time.perf_counter() - debut
        total += len(situations)
        debut = time.perf_counter()
    return total, secondes, lecture


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
        n, secondes, lecture = reference(a.reference_seule)
        print(f"REFERENCE {n} {secondes:.3f} {lecture:.3f}")
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
        from bilan.moteur.evaluation import variables_calculees, variables_primes

        ref_entree = entree
        n_ref = a.menages
        if a.reference_menages and a.reference_menages < a.menages:
            n_ref = a.reference_menages
            ref_entree = dossier / "reference.csv"
            _premiers_menages(entree, ref_entree, n_ref)
        cmd = [sys.executable, __file__, "--reference-seule", str(ref_entree)]
        env_ref = dict(env, SOLIDARITES_OPENFISCA_BRUT="1")
        duree_ref, pic_ref, texte = mesurer(cmd, env_ref)
        _, n_lu, calcul, lecture = texte.strip().splitlines()[-1].split()
        calcul, lecture = float(calcul), float(lecture)
        debit_ref = n_ref / (duree_ref - lecture)
        print(
            f"Référence (OpenFisca tel que publié, vectorisé, 1 processus, lots de 25 000, "
            f"{n_lu} ménages lus par le lecteur du dépistage) : {duree_ref:.1f} s dont lecture "
            f"{lecture:.1f} s et OpenFisca {calcul:.1f} s ; {debit_ref:.0f} ménages/s hors "
            f"lecture, pic mémoire {_go(pic_ref)}"
        )
        print(
            f"Mêmes variables des deux côtés : {len(variables_calculees(MOIS))} "
            "(variables_calculees : chaque droit, les nouveaux compris, et ses explications), "
            f"plus {len(variables_primes(MOIS))} pour les primes de la PAJE des foyers concernés"
        )
        print(
            f"Rapport : {debit / debit_ref:.2f} × la référence hors lecture "
            f"({debit / (n_ref / calcul):.2f} × son seul temps de calcul OpenFisca) ; "
            "objectif ≥ 4 ×"
        )
    if not a.garder and a.dossier is None:
        import shutil

        shutil.rmtree(dossier, ignore_errors=True)
    else:
        print(f"Fichiers dans {dossier}")


if __name__ == "__main__":
    main()
