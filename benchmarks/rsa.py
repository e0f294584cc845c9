"""Benchmark of the RSA pathway: import of a 10 000-row monthly file, dashboard of 50 000
beneficiaries.

    .venv/bin/python benchmarks/rsa.py [--lignes 10000] [--beneficiaires 50000]

Builds a throw-away SQLite database in a temporary directory (migrations, communes, the demo
directory), then:
1. imports a generated monthly file of N rows for the 77 (`rsa.importation.importer`, the code
   behind the page, the API and `solidarites importer_rsa`) and imports it a second time (nothing
   changes: the idempotent path);
2. grows the base to M beneficiaries (more generated monthly files), orients 70 % of them,
   designates a référent for 60 %, signs contracts for 40 % and books meetings, then times the
   insertion service's dashboard (the figures, `rsa.selectors.tableau_de_bord`, and the whole
   page as an insertion agent gets it).
Goals: import < 30 s, dashboard < 1 s.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RACINE))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lignes", type=int, default=10_000)
    parser.add_argument("--beneficiaires", type=int, default=50_000)
    args = parser.parse_args()

    dossier = tempfile.mkdtemp(prefix="bench-rsa-")
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL") or (
        f"sqlite:///{dossier}/bench.sqlite3"
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "solidarites.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from rsa import generation, importation
    from rsa.models import Beneficiaire

    print(f"Base jetable : {connection.vendor} ({dossier})")
    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("charger_territoires", stdout=open(os.devnull, "w"))
    call_command("charger_annuaire", stdout=open(os.devnull, "w"))
    print(f"Préparation : {time.perf_counter() - t0:.1f} s")

    g = generation.Generateur("77", graine=7, prefixe_numero=5)
    mois = date(2026, 10, 1)
    contenu = generation.en_csv(g.mois(mois, args.lignes, 0, 0))
    t0, c0 = time.perf_counter(), time.process_time()
    r = importation.importer(contenu, "bench.csv", departement="77")
    premier = time.perf_counter() - t0
    print(
        f"1. Import de {args.lignes} lignes : {premier:.2f} s "
        f"(processeur : {time.process_time() - c0:.2f} s) — {r.resume()}"
    )
    t0, c0 = time.perf_counter(), time.process_time()
    r = importation.importer(contenu, "bench.csv", departement="77")
    second = time.perf_counter() - t0
    print(
        f"   Même fichier une deuxième fois : {second:.2f} s "
        f"(processeur : {time.process_time() - c0:.2f} s) — {r.resume()}"
    )

    # Grow the base to M beneficiaries with more monthly files (entries only).
    m = mois
    while Beneficiaire.objects.count() < args.beneficiaires:
        m = date(m.year - (m.month == 1), (m.month - 2) % 12 + 1, 1)
        manque = args.beneficiaires - Beneficiaire.objects.count()
        importation.importer(
            generation.en_csv(g.mois(m, min(manque, 10_000), 0, 0)), f"b{m}.csv", departement="77"
        )
    print(f"   Base : {Beneficiaire.objects.count()} bénéficiaires")
    _peupler()

    from django.test import Client

    from rsa import selectors

    durees, cpu = [], []
    for _ in range(5):
        t0, c0 = time.perf_counter(), time.process_time()
        selectors.tableau_de_bord("77", mois)
        durees.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    print(
        f"2. Chiffres du tableau de bord ({args.beneficiaires} bénéficiaires) : médiane {statistics.median(durees):.3f} s, "
        f"max {max(durees):.3f} s (processeur : médiane {statistics.median(cpu):.3f} s)"
    )
    client = _client_insertion(Client)
    if client is not None:
        durees = []
        for _ in range(5):
            t0 = time.perf_counter()
            rep = client.get(f"/rsa/tableau-de-bord/?mois={mois:%Y-%m}")
            durees.append(time.perf_counter() - t0)
            assert rep.status_code == 200, rep.status_code
        print(
            f"   Page entière du tableau de bord (HTML, graphiques, noms en attente) : médiane {statistics.median(durees):.3f} s, "
            f"max {max(durees):.3f} s"
        )
    ok = client is not None and premier < 30 and statistics.median(durees) < 1
    print("Objectifs (import < 30 s, tableau de bord < 1 s) :", "atteints" if ok else "MANQUÉS")
    print(f"Charge de la machine (os.getloadavg) : {os.getloadavg()[0]:.1f}")


def _peupler() -> None:
    """Orientations, référents, contracts and meetings on the generated base (direct SQL)."""
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    from annuaire.models import Structure
    from comptes.models import Membre
    from rsa.models import Beneficiaire, Contrat, RendezVous

    h = random.Random(3)
    mds = Structure.objects.filter(departement_id="77", typologie="mds").first()
    user = get_user_model().objects.create(username="bench-referent")
    Membre.objects.create(utilisateur=user, structure=mds, role="travailleur_social")
    maintenant = timezone.now()
    with transaction.atomic():
        a_jour = []
        contrats = []
        rdv = []
        for b in Beneficiaire.objects.only("pk", "date_entree").iterator(chunk_size=5000):
            x = h.random()
            if x < 0.7:
                b.orientation = h.choice(["sociale", "socio_professionnelle", "professionnelle"])
                b.oriente_le = b.date_entree + timedelta(days=h.randint(3, 90))
                b.structure_referente_id = mds.pk
                if x < 0.6:
                    b.referent_id = user.pk
                    b.referent_designe_le = b.oriente_le + timedelta(days=h.randint(0, 10))
                    b.premier_rdv_le = b.oriente_le + timedelta(days=h.randint(5, 40))
                a_jour.append(b)
                if x < 0.4:
                    b.contrat_signe_le = b.oriente_le
                    b.contrat_fin_le = b.oriente_le + timedelta(days=365)
                    contrats.append(
                        Contrat(
                            beneficiaire_id=b.pk,
                            type="cer",
                            objectifs=["Objectif"],
                            debut_le=b.oriente_le,
                            fin_le=b.oriente_le + timedelta(days=365),
                            signe_le=b.oriente_le,
                        )
                    )
                    rdv.append(
                        RendezVous(
                            beneficiaire_id=b.pk,
                            objet="suivi",
                            le=maintenant - timedelta(days=h.randint(0, 60)),
                            lieu_id=mds.pk,
                            canal="courrier",
                            presence=h.choice(["venu", "venu", "venu", "excuse", "absent"]),
                        )
                    )
        Beneficiaire.objects.bulk_update(
            a_jour,
            [
                "orientation",
                "oriente_le",
                "structure_referente",
                "referent",
                "referent_designe_le",
                "premier_rdv_le",
                "contrat_signe_le",
                "contrat_fin_le",
            ],
            batch_size=2000,
        )
        Contrat.objects.bulk_create(contrats, batch_size=2000)
        RendezVous.objects.bulk_create(rdv, batch_size=2000)
    print(f"   {len(a_jour)} orientés, {len(contrats)} contrats, {len(rdv)} rendez-vous")


def _client_insertion(Client):
    """A logged-in insertion agent of the 77, if the pages exist."""
    from django.contrib.auth import get_user_model
    from django.urls import NoReverseMatch, reverse

    from annuaire.models import Structure
    from comptes.models import Membre

    try:
        reverse("rsa:tableau_de_bord")
    except NoReverseMatch:
        return None
    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    structure = Structure.objects.filter(departement_id="77").first()
    user = get_user_model().objects.create(username="bench-insertion")
    Membre.objects.create(utilisateur=user, structure=structure, role="insertion")
    client = Client()
    client.force_login(user)
    return client


if __name__ == "__main__":
    main()
