"""Benchmark of the directory search: p95 of "commune + need" over 1 000 queries, 20 000 structures.

    .venv/bin/python benchmarks/annuaire.py [--structures 20000] [--requetes 1000]

Builds a throw-away SQLite database in a temporary directory (migrations, communes of 77, 94 and
71, the demo directory), adds N generated structures with one or two services each, then times
`annuaire.selectors.structures_pour` (the query behind the page and the API) for random
communes of the three départements with a random need (a thematique, a category, a right or
nothing), and separately the whole API answer (query + hours and next openings of the results).
Goal: p95 of the query ≤ 20 ms.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RACINE))

BESOINS = [
    None,
    "famille",
    "sante--sante-mentale",
    "famille--soutien-a-la-parentalite-et-a-leducation",
    "difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits",
    "equipement-et-alimentation--alimentation",
    "trouver-un-emploi",
    "logement-hebergement--se-maintenir-dans-le-logement",
]
DROITS = ["rsa", "prime-activite", "apa", "aah", "css"]
THEMATIQUES_GENEREES = [
    "famille--soutien-a-la-parentalite-et-a-leducation",
    "sante--sante-mentale",
    "sante--acces-aux-soins",
    "difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits",
    "difficultes-financieres--situation-dendettement-surendettement",
    "equipement-et-alimentation--alimentation",
    "trouver-un-emploi--repondre-a-des-offres-demploi",
    "logement-hebergement--se-maintenir-dans-le-logement",
    "remobilisation--lien-social",
    "numerique--acceder-a-des-services-en-ligne",
]
TYPOLOGIES_GENEREES = ["association"] * 6 + ["centre-social", "ccas", "france-services", "mairie"]


def centiles(durees_ms: list[float]) -> dict[str, float]:
    d = sorted(durees_ms)
    q = statistics.quantiles(d, n=100, method="inclusive")
    return {"p50": q[49], "p95": q[94], "p99": q[98], "max": d[-1], "moyenne": statistics.fmean(d)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--structures", type=int, default=20_000)
    parser.add_argument("--requetes", type=int, default=1_000)
    parser.add_argument("--graine", type=int, default=2026)
    parser.add_argument(
        "--reutiliser",
        type=Path,
        help="Mesurer seulement, sur une base jetable déjà construite par ce script.",
    )
    args = parser.parse_args()

    dossier = (
        str(args.reutiliser) if args.reutiliser else tempfile.mkdtemp(prefix="bench-annuaire-")
    )
    os.environ["DATABASE_URL"] = f"sqlite:///{dossier}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "solidarites.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from annuaire.models import Service, Structure
    from annuaire.signals import reindexation_suspendue
    from annuaire.zones import reindexer
    from territoires.models import Commune

    rnd = random.Random(args.graine)
    if args.reutiliser:
        communes = list(Commune.objects.values_list("code_insee", "departement_id", "epci_id"))
        mesurer(args, rnd, communes, dossier)
        return
    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("charger_territoires", departement=["77", "94", "71"], verbosity=0)
    call_command("charger_annuaire", verbosity=0)
    try:
        call_command("charger_droits", verbosity=0)
    except Exception:  # noqa: BLE001 - the rights fall back to content/droits/*.yaml
        pass
    communes = list(Commune.objects.values_list("code_insee", "departement_id", "epci_id"))
    print(f"Base jetable prête en {time.perf_counter() - t0:.1f} s ({len(communes)} communes).")

    t0 = time.perf_counter()
    with transaction.atomic(), reindexation_suspendue():
        structures = []
        for i in range(args.structures):
            code, dep, epci = rnd.choice(communes)
            tirage = rnd.random()
            if tirage < 0.75:
                zone = [code]
            elif tirage < 0.95:
                zone = [epci or code]
            elif tirage < 0.995:
                zone = [dep]
            else:
                zone = ["france"]
            structures.append(
                Structure(
                    identifiant=f"bench--{i}",
                    source="bench",
                    nom=f"Structure générée {i}",
                    typologie=rnd.choice(TYPOLOGIES_GENEREES),
                    commune_id=code,
                    departement_id=dep,
                    adresse=f"{i} rue de la République",
                    code_postal="00000",
                    telephone="01 99 00 00 00",
                    horaires_accueil="Mo-Fr 09:00-12:00,14:00-17:00; PH off",
                    zone_eligibilite=zone,
                )
            )
        Structure.objects.bulk_create(structures, batch_size=2000)
        ids = list(Structure.objects.filter(source="bench").values_list("pk", flat=True))
        services = [
            Service(
                structure_id=pk,
                identifiant=f"bench--{pk}--{j}",
                source="bench",
                nom="Service généré",
                description="Service généré pour la mesure.",
                thematiques=rnd.sample(THEMATIQUES_GENEREES, 2),
                publics=["tous-publics"],
            )
            for pk in ids
            for j in range(rnd.choice((1, 2)))
        ]
        Service.objects.bulk_create(services, batch_size=2000)
    reindexer(ids)
    with connection.cursor() as c:
        c.execute("ANALYZE")
    total = Structure.objects.count()
    print(
        f"{args.structures} structures générées ({len(services)} services) en "
        f"{time.perf_counter() - t0:.1f} s ; {total} structures en base."
    )
    mesurer(args, rnd, communes, dossier)


def mesurer(args, rnd, communes, dossier) -> None:
    from annuaire import selectors
    from annuaire.models import Structure
    from annuaire.presentation import preparer

    print(
        f"{Structure.objects.count()} structures en base, {os.cpu_count()} cœurs, charge {os.getloadavg()[0]:.1f}."
    )

    requetes = []
    for _ in range(args.requetes):
        code = rnd.choice(communes)[0]
        if rnd.random() < 0.25:
            requetes.append((code, None, rnd.choice(DROITS)))
        else:
            requetes.append((code, rnd.choice(BESOINS), None))
    for code, th, droit in requetes[:20]:  # warm-up (caches, connection)
        selectors.structures_pour(code, th, droit)

    durees, durees_api, durees_cpu, nb = [], [], [], []
    for code, th, droit in requetes:
        t, cpu = time.perf_counter(), time.thread_time()
        res = selectors.structures_pour(code, th, droit)
        durees.append((time.perf_counter() - t) * 1000)
        durees_cpu.append((time.thread_time() - cpu) * 1000)
        t = time.perf_counter()
        preparer(selectors.avec_details(res), code)
        durees_api.append(durees[-1] + (time.perf_counter() - t) * 1000)
        nb.append(len(res))

    c = centiles(durees)
    a = centiles(durees_api)
    print(f"\nRequête « commune + besoin » (structures_pour), {len(requetes)} requêtes :")
    print("  " + "  ".join(f"{k} {v:.1f} ms" for k, v in c.items()))
    cpu = centiles(durees_cpu)
    print("  temps processeur seul (hors attente d'un cœur libre) :")
    print("  " + "  ".join(f"{k} {v:.1f} ms" for k, v in cpu.items()))
    print(f"  résultats par requête : médiane {statistics.median(nb):.0f}, max {max(nb)}")
    print("Réponse complète (requête + horaires, ouvert maintenant, 3 prochaines ouvertures) :")
    print("  " + "  ".join(f"{k} {v:.1f} ms" for k, v in a.items()))
    ok = c["p95"] <= 20
    print(f"\nObjectif p95 ≤ 20 ms : {'atteint' if ok else 'NON atteint'} ({c['p95']:.1f} ms).")
    print(f"(charge de la machine à la fin : {os.getloadavg()[0]:.1f} ; base jetable : {dossier})")


if __name__ == "__main__":
    main()
