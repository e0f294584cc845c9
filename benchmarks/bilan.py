"""Benchmark of the bilan: our API against OpenFisca's own web API, same households, same variables.

One command (from the project root):  .venv/bin/python benchmarks/bilan.py [--menages 200] [--duree 60]

1. Starts our API (gunicorn, one process per core, `gthread` worker class: threads for the 50
   concurrent clients, each process's micro-batching thread evaluating them together; `--preload` with
   SOLIDARITES_PRECHARGER_OPENFISCA=1 so OpenFisca is warm) and `openfisca serve` (its default:
   one sync worker), each on a free loopback port.
2. Warm, one request at a time: p50 / p95 over N varied households on both.
3. Under load: 50 concurrent clients for D seconds on both: throughput and p95.
The households (`situation_variee`) ask for the rights added since the fifth session (months of
birth, schooling, students, GIR known or estimated and APA plans, an older parent hosted with
their GIR, ASS, the PCH's difficulties, pensions alimentaires, expected births, adopted
children, parental leave), and both sides compute them.
Prints the figures and the ratios. Loads both cores for several minutes: run it once.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

RACINE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(RACINE))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "solidarites.settings")

from bilan.moteur.evaluation import variables_principales  # noqa: E402
from bilan.moteur.exemples import situation_variee  # noqa: E402
from bilan.moteur.openfisca import situation_openfisca, systeme  # noqa: E402
from bilan.moteur.situation import Situation  # noqa: E402

VENV = RACINE / ".venv" / "bin"


def port_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def attendre(port: int, chemin: str, delai: float = 600) -> None:
    fin = time.monotonic() + delai
    while time.monotonic() < fin:
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            c.request("GET", chemin)
            c.getresponse().read()
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"Le serveur du port {port} n'a pas démarré.")


def corps_openfisca(data: dict) -> dict:
    """The same household and inputs as our engine, asking the same variables (each on its own
    entity: persons, families, dwellings — the chèque énergie is a ménage's)."""
    s = Situation.model_validate(data)
    entrees = situation_openfisca(s)
    variables = systeme().variables
    for nom, periode in variables_principales(s.mois):
        for entite in entrees[variables[nom].entity.plural].values():
            entite[nom] = {periode: None}
    return entrees


def poster(port: int, chemin: str, corps: bytes, connexions: dict) -> tuple[int, float]:
    c = connexions.get(port)
    if c is None:
        c = connexions[port] = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    debut = time.perf_counter()
    try:
        c.request("POST", chemin, body=corps, headers={"Content-Type": "application/json"})
        r = c.getresponse()
        r.read()
        statut = r.status
    except (OSError, http.client.HTTPException):
        connexions.pop(port, None)
        statut = 0
    return statut, time.perf_counter() - debut


def cpu_arbre(pid: int) -> float:
    """CPU seconds (user + system) used so far by a process and all its descendants (/proc):
    the server's cost per bilan under load, which does not depend on what else the machine
    runs, unlike latencies."""
    parents: dict[int, list[int]] = {}
    temps: dict[int, float] = {}
    tic = os.sysconf("SC_CLK_TCK")
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as f:
                champs = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents.setdefault(int(champs[1]), []).append(int(d))
        temps[int(d)] = (int(champs[11]) + int(champs[12])) / tic
    total, pile = 0.0, [pid]
    while pile:
        p = pile.pop()
        total += temps.get(p, 0.0)
        pile.extend(parents.get(p, []))
    return total


def centile(valeurs: list[float], q: float) -> float:
    return (
        statistics.quantiles(valeurs, n=100, method="inclusive")[int(q) - 1]
        if len(valeurs) > 1
        else valeurs[0]
    )


def sequentiel(port: int, chemin: str, corps: list[bytes]) -> dict:
    connexions: dict = {}
    durees, erreurs = [], 0
    for c in corps:
        statut, d = poster(port, chemin, c, connexions)
        durees.append(d)
        erreurs += statut != 200
    return {
        "p50": statistics.median(durees),
        "p95": centile(durees, 95),
        "erreurs": erreurs,
        "n": len(durees),
    }


def charge(port: int, chemin: str, corps: list[bytes], clients: int, duree: float) -> dict:
    durees: list[float] = []
    erreurs = [0]
    verrou = threading.Lock()
    fin = time.monotonic() + duree

    def client(k: int):
        rng = random.Random(k)
        connexions: dict = {}
        while time.monotonic() < fin:
            statut, d = poster(port, chemin, rng.choice(corps), connexions)
            with verrou:
                if statut == 200:
                    durees.append(d)
                else:
                    erreurs[0] += 1

    debut = time.monotonic()
    fils = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    for f in fils:
        f.start()
    for f in fils:
        f.join()
    ecoule = time.monotonic() - debut
    return {
        "debit": len(durees) / ecoule,
        "p95": centile(durees, 95) if durees else float("nan"),
        "p50": statistics.median(durees) if durees else float("nan"),
        "reponses": len(durees),
        "erreurs": erreurs[0],
        "duree": ecoule,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--menages", type=int, default=200)
    parser.add_argument("--duree", type=float, default=60)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument(
        "--workers",
        type=int,
        default=os.cpu_count() or 2,
        help="processus gunicorn pour notre API (défaut : un par cœur, chacun regroupe ses "
        "demandes en lots)",
    )
    args = parser.parse_args()

    rng = random.Random(2026)
    menages = [situation_variee(rng) for _ in range(args.menages)]
    corps_nous = [json.dumps(m).encode() for m in menages]
    corps_of = [json.dumps(corps_openfisca(m)).encode() for m in menages]

    p_nous, p_of = port_libre(), port_libre()
    env = {**os.environ, "SOLIDARITES_PRECHARGER_OPENFISCA": "1", "PYTHONPATH": str(RACINE)}
    serveurs = []
    try:
        debut = time.monotonic()
        serveurs.append(
            subprocess.Popen(
                [
                    str(VENV / "gunicorn"),
                    "solidarites.wsgi",
                    "--bind",
                    f"127.0.0.1:{p_nous}",
                    "--worker-class",
                    "gthread",
                    "--workers",
                    str(args.workers),
                    "--threads",
                    "64",
                    "--preload",
                    "--timeout",
                    "300",
                    "--log-level",
                    "warning",
                ],
                cwd=RACINE,
                env=env,
                start_new_session=True,
            )
        )
        attendre(p_nous, "/api/v1/openapi.json")
        print(
            f"Notre API prête en {time.monotonic() - debut:.0f} s (gunicorn gthread, "
            f"{args.workers} processus × 64 fils, port {p_nous})"
        )
        debut = time.monotonic()
        serveurs.append(
            subprocess.Popen(
                [
                    str(VENV / "openfisca"),
                    "serve",
                    "--country-package",
                    "openfisca_france",
                    "--port",
                    str(p_of),
                ],
                cwd=RACINE,
                env=env,
                start_new_session=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        attendre(p_of, "/spec")
        print(
            f"API web OpenFisca prête en {time.monotonic() - debut:.0f} s (openfisca serve, "
            f"réglages par défaut, port {p_of})"
        )
        for c in corps_nous[:5]:
            poster(p_nous, "/api/v1/bilan", c, {})
        for c in corps_of[:3]:
            poster(p_of, "/calculate", c, {})

        print(f"\n1. Un foyer à la fois, à chaud, {args.menages} foyers variés")
        seq_nous = sequentiel(p_nous, "/api/v1/bilan", corps_nous)
        seq_of = sequentiel(p_of, "/calculate", corps_of)
        for nom, r in (("Solidarités /api/v1/bilan", seq_nous), ("OpenFisca /calculate", seq_of)):
            print(
                f"   {nom:28} p50 {r['p50'] * 1000:7.0f} ms   p95 {r['p95'] * 1000:7.0f} ms"
                f"   erreurs {r['erreurs']}"
            )
        print(f"   p95 OpenFisca / p95 nous : {seq_of['p95'] / seq_nous['p95']:.2f}")

        print(f"\n2. En charge : {args.clients} clients simultanés pendant {args.duree:.0f} s")
        cpu_avant = cpu_arbre(serveurs[0].pid)
        ch_nous = charge(p_nous, "/api/v1/bilan", corps_nous, args.clients, args.duree)
        cpu_nous = cpu_arbre(serveurs[0].pid) - cpu_avant
        ch_of = charge(p_of, "/calculate", corps_of, args.clients, args.duree)
        for nom, r in (("Solidarités /api/v1/bilan", ch_nous), ("OpenFisca /calculate", ch_of)):
            print(
                f"   {nom:28} {r['debit']:6.2f} bilans/s   p50 {r['p50']:6.2f} s   "
                f"p95 {r['p95']:6.2f} s   réponses {r['reponses']}   erreurs {r['erreurs']}"
            )
        if ch_nous["reponses"]:
            print(
                f"   CPU de notre serveur en charge : {cpu_nous / ch_nous['reponses'] * 1000:.0f} "
                "ms par bilan (tous processus ; indépendant de la charge de la machine)"
            )
        rapport = ch_nous["debit"] / ch_of["debit"] if ch_of["debit"] else float("inf")
        print(f"   débit nous / débit OpenFisca : {rapport:.1f}×")
        print(
            "\nObjectifs : p95 à l'unité ≤ moitié de celui d'OpenFisca ; en charge ≥ 20 bilans/s, "
            "p95 ≤ 2 s, ≥ 20× le débit d'OpenFisca."
        )
    finally:
        for p in serveurs:
            try:
                os.killpg(p.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        for p in serveurs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)


if __name__ == "__main__":
    main()
