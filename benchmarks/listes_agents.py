"""Where the time of an agent's list goes, one request at a time (issue 18: the agent queue of a
structure holding 10 000 files, p95 ≤ 200 ms under load in `benchmarks/charge.py`).

    .venv/bin/python benchmarks/listes_agents.py [--dossiers 10000] [--requetes 40]
        [--comparer-avec main]

In a copy of the worktree's database (`make donnees` first; never the database itself), builds a
structure holding --dossiers files (plus files received through orientations, online requests,
orientations to answer and follow-ups, so the queue has something to show), logs an agent in
and requests each list through Django's test client, production profile, debug off (cached
template loader). For each page: median and p95 time of the whole request, and of a median
request: number of queries, time in the database, time rendering the template, time in the
agents' menu. With --comparer-avec REF the same measure runs on the code of the git reference
REF (extracted to a temporary directory) and on the worktree's, alternately, in one run: both
sides of the comparison on the same machine at the same time.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RACINE = Path(__file__).resolve().parents[1]
PAGES = {
    "dossiers": "/accueil/personnes/",
    "dossiers, page 100": "/accueil/personnes/?page=100",
    "file d'attente": "/accueil/",
}


def environnement(var: Path, arbre: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SOLIDARITES_")}
    env.update(
        SOLIDARITES_PROFIL="production",
        SOLIDARITES_SECRET_KEY="b" + secrets.token_urlsafe(60),
        SOLIDARITES_ALLOWED_HOSTS="testserver",
        SOLIDARITES_HTTPS_REDIRECTION="0",
        SOLIDARITES_SECURE_COOKIES="0",
        SOLIDARITES_HSTS_SECONDES="0",
        SOLIDARITES_VAR_DIR=str(var),
        DATABASE_URL=f"sqlite:///{var / 'db.sqlite3'}",
        DJANGO_SETTINGS_MODULE="solidarites.settings",
        PYTHONPATH=str(arbre),
    )
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return env


# --- the child: runs in the tree measured ------------------------------------------------------


def peupler(n: int):
    """The structure, its files and its queue; returns the logged-in test client."""
    import datetime

    from django.test import Client
    from django.utils import timezone

    from accueil import regles
    from accueil.models import Contact, Demande, Orientation, Personne
    from comptes.roles import Role
    from comptes.tests.factories import StructureFactory, agent

    s = StructureFactory(nom="MDS (mesure)", typologie="mds", identifiant="mesure-mds")
    autre = StructureFactory(nom="CCAS (mesure)", typologie="ccas", identifiant="mesure-ccas")
    noms = ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand"]

    def personne(i, structure):
        nom = f"{noms[i % len(noms)]}{i:05d}"
        return Personne(
            structure=structure,
            nom=nom,
            prenom="Camille",
            nom_normalise=regles.normaliser(nom),
            prenom_normalise="camille",
            commune_code="77288",
            date_naissance=datetime.date(1980, 1, 1) + datetime.timedelta(days=i % 9000),
        )

    Personne.objects.bulk_create([personne(i, s) for i in range(n)], batch_size=2000)
    recues = Personne.objects.bulk_create([personne(n + i, autre) for i in range(40)])
    maintenant = timezone.now()
    Orientation.objects.bulk_create(
        Orientation(
            personne=p,
            structure_origine=autre,
            structure_destination=s,
            statut=regles.StatutOrientation.ENVOYEE if i % 2 else regles.StatutOrientation.ACCEPTEE,
            motif="Mesure",
            elements_partages=["identite", "contacts"],
            envoyee_le=maintenant,
        )
        for i, p in enumerate(recues)
    )
    Demande.objects.bulk_create(
        Demande(
            reference=f"D-M{i:03d}-{i:04d}"[:12],
            structure=s,
            prenom="Dominique",
            commune_code="77288",
            besoins=["logement"],
            statut=Demande.Statut.NOUVELLE,
        )
        for i in range(60)
    )
    une = Personne.objects.filter(structure=s).first()
    u = agent(s, Role.ACCUEIL, "agent-mesure")
    Contact.objects.bulk_create(
        Contact(
            personne=une,
            structure=s,
            agent=u,
            canal="telephone",
            suite="Rappeler",
            date_suivi=timezone.localdate() + datetime.timedelta(days=i % 7),
        )
        for i in range(30)
    )
    c = Client()
    c.force_login(u)
    return c


def mesurer_enfant(n: int, requetes: int) -> dict:
    import django

    django.setup()
    from django.db import connection
    from django.template.backends.django import Template

    import solidarites.menu as menu

    client = peupler(n)
    compteurs = {"sql": 0.0, "requetes": 0, "gabarit": 0.0, "menu": 0.0}

    def espion_sql(execute, sql, params, many, context):
        t = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            compteurs["sql"] += time.perf_counter() - t
            compteurs["requetes"] += 1

    def chronometre(fonction, cle):
        """`fonction`, its time added to compteurs[cle]."""

        def mesuree(*a, **k):
            t = time.perf_counter()
            try:
                return fonction(*a, **k)
            finally:
                compteurs[cle] += time.perf_counter() - t

        return mesuree

    # The Jinja2 tables (solidarites/gabarits_rapides.py) count as template time too.
    import jinja2.runtime

    Template.render = chronometre(Template.render, "gabarit")
    jinja2.runtime.Macro.__call__ = chronometre(jinja2.runtime.Macro.__call__, "gabarit")
    menu.entrees = chronometre(menu.entrees, "menu")
    out = {}
    with connection.execute_wrapper(espion_sql):
        for nom, chemin in PAGES.items():
            for _ in range(3):
                r = client.get(chemin)
                assert r.status_code == 200, (chemin, r.status_code)
            lignes = []
            for _ in range(requetes):
                compteurs.update(sql=0.0, requetes=0, gabarit=0.0, menu=0.0)
                t = time.perf_counter()
                client.get(chemin)
                lignes.append((time.perf_counter() - t, dict(compteurs)))
            lignes.sort(key=lambda x: x[0])
            total, mediane = lignes[len(lignes) // 2]
            out[nom] = {
                "mediane_ms": round(1000 * total, 1),
                "p95_ms": round(1000 * lignes[min(len(lignes) - 1, int(0.95 * len(lignes)))][0], 1),
                "requetes_sql": mediane["requetes"],
                "sql_ms": round(1000 * mediane["sql"], 1),
                # the template's time includes the queries a lazy queryset runs while rendering
                "gabarit_ms": round(1000 * mediane["gabarit"], 1),
                "menu_ms": round(1000 * mediane["menu"], 1),
            }
    return out


# --- the parent ------------------------------------------------------------------------------


def lancer(arbre: Path, source: Path, n: int, requetes: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="solidarites-listes-") as tmp:
        var = Path(tmp)
        shutil.copy(source, var / "db.sqlite3")
        env = environnement(var, arbre)
        python = sys.executable
        subprocess.run(
            [python, "-m", "django", "migrate", "--noinput", "-v0"], cwd=arbre, env=env, check=True
        )
        sortie = subprocess.run(
            [python, str(Path(__file__).resolve()), "--enfant", str(n), str(requetes)],
            cwd=arbre,
            env=env,
            capture_output=True,
            text=True,
        )
        if sortie.returncode:
            sys.exit(sortie.stderr[-3000:])
        return json.loads(sortie.stdout.strip().splitlines()[-1])


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--enfant":
        sys.path.insert(0, os.getcwd())
        print(json.dumps(mesurer_enfant(int(sys.argv[2]), int(sys.argv[3]))))
        return
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dossiers", type=int, default=10_000)
    ap.add_argument("--requetes", type=int, default=40)
    ap.add_argument("--comparer-avec", default="", help="une référence git (ex. main)")
    ap.add_argument("--tours", type=int, default=2, help="alternances avec --comparer-avec")
    a = ap.parse_args()
    var = Path(os.environ.get("SOLIDARITES_VAR_DIR", RACINE / "var"))
    source = var / "db.sqlite3"
    if not source.exists():
        sys.exit("Base absente : lancez d'abord `make donnees`.")
    cotes = {"ce code": RACINE}
    with tempfile.TemporaryDirectory(prefix="solidarites-ref-") as ref:
        if a.comparer_avec:
            archive = subprocess.run(
                ["git", "archive", a.comparer_avec], cwd=RACINE, capture_output=True, check=True
            ).stdout
            subprocess.run(["tar", "-x", "-C", ref], input=archive, check=True)
            cotes = {a.comparer_avec: Path(ref), "ce code": RACINE}
        resultats: dict[str, list[dict]] = {c: [] for c in cotes}
        for _ in range(a.tours if a.comparer_avec else 1):
            for cote, arbre in cotes.items():
                r = lancer(arbre, source, a.dossiers, a.requetes)
                resultats[cote].append(r)
                for page, m in r.items():
                    print(f"{cote:>12}  {page:20} {json.dumps(m)}", flush=True)
    print(f"\nMédiane des tours ({a.dossiers} dossiers, {a.requetes} requêtes par page) :")
    for cote, tours in resultats.items():
        for page in PAGES:
            m = {k: round(statistics.median(t[page][k] for t in tours), 1) for k in tours[0][page]}
            print(f"{cote:>12}  {page:20} {json.dumps(m)}")


if __name__ == "__main__":
    main()
