"""Load test of the production profile (issue 18), loopback only, bounded in time.

    .venv/bin/python benchmarks/charge.py [--duree 10] [--connexions 32] [--port 8105]
        [--base sqlite|postgresql] [--formes nginx2x1x2,2x2]

Starts `solidarites servir` (Granian, 2 processes × 2 threads, production profile, debug off)
on 127.0.0.1 over a copy of the worktree's SQLite database (`make donnees` first), or with
`--base postgresql` over a throw-away PostgreSQL cluster with the demo contents loaded and
PostgreSQL's default durability (the production installation of docs/exploitation.md), then
for each public page runs `--connexions` keep-alive connections for `--duree` seconds and
prints requests/s, p50/p95/p99 latency, errors and the CPU time a request cost (web server,
PostgreSQL, nginx, client); both sides of the comparison in one run: page cache off, then on.
Then, logged in as an agent, the queue it lands on (/accueil/, first page) and the list of the
files (/accueil/personnes/) of a structure holding --dossiers files, with online requests,
orientations received and follow-ups in its queue (`benchmarks/listes_agents.peupler`, in a
copy of the database, never in the worktree's one), 8 clients, p95 target 200 ms, for each
server shape of --formes in the same run:
- `nginxN×P×F`: the production topology of docs/exploitation.md, nginx (when installed) with
  least_conn and kept connections in front of N Granian of P processes × F threads;
- `P×F`: one Granian alone, each client keeping its connection to it (keep-alive: the
  connection stays with the process that accepted it), then opening one per request.

Nothing leaves the machine: every request goes to 127.0.0.1.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

RACINE = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PAGES = {
    "accueil": "/",
    "droits": "/droits/",
    "un droit": "/droits/rsa/",
    "recherche": "/droits/recherche/?q=logement",
    "annuaire d'une commune": "/annuaire/?commune=77288",
}


def environnement(var: Path, base: str, cache: int) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SOLIDARITES_")}
    env.update(
        SOLIDARITES_PROFIL="production",
        SOLIDARITES_SECRET_KEY="b" + secrets.token_urlsafe(60),
        SOLIDARITES_ALLOWED_HOSTS="127.0.0.1",
        SOLIDARITES_HTTPS_REDIRECTION="0",
        SOLIDARITES_SECURE_COOKIES="0",
        SOLIDARITES_HSTS_SECONDES="0",
        SOLIDARITES_VAR_DIR=str(var),
        SOLIDARITES_CACHE_PAGES_SECONDES=str(cache),
        DATABASE_URL=base,
    )
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return env


def port_libre(port: int) -> None:
    """Refuses a port already taken. Granian listens with SO_REUSEPORT: a server left over from
    an interrupted run would silently share the port, and answer half the requests with its
    own (removed) database."""
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            sys.exit(f"Le port {port} est déjà pris (un serveur d'un passage interrompu ?).")


class Processus:
    """A process group started for the measure on 127.0.0.1:`port`: ready when /sante/ answers
    200 there (within `delai` seconds), the whole group stopped at the end."""

    nom, delai, env = "le serveur", 120.0, None

    def commande(self) -> list:
        raise NotImplementedError

    def __enter__(self):
        port_libre(self.port)
        self.proc = subprocess.Popen(
            self.commande(),
            cwd=RACINE,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        fin = time.monotonic() + self.delai
        while time.monotonic() < fin:
            try:
                c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                c.request("GET", "/sante/")
                if c.getresponse().status == 200:
                    return self
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"{self.nom} ne démarre pas")

    def __exit__(self, *exc):
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)


class Serveur(Processus):
    """`solidarites servir`: one Granian of `processus` × `fils`."""

    def __init__(self, port: int, env: dict, processus: int = 2, fils: int = 2):
        self.port, self.env, self.processus, self.fils = port, env, processus, fils

    def commande(self) -> list:
        return [
            BIN / "solidarites",
            "servir",
            "--hote",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--processus",
            str(self.processus),
            "--fils",
            str(self.fils),
        ]


NGINX = """
worker_processes 1;
daemon off;
{utilisateur}
pid {dossier}/nginx.pid;
error_log {dossier}/nginx-erreurs.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {dossier}/nginx-corps;
    proxy_temp_path {dossier}/nginx-mandataire;
    fastcgi_temp_path {dossier}/nginx-fastcgi;
    uwsgi_temp_path {dossier}/nginx-uwsgi;
    scgi_temp_path {dossier}/nginx-scgi;
    upstream solidarites {{
        least_conn;
{serveurs}
        keepalive 32;
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://solidarites;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $remote_addr;
        }}
    }}
}}
"""


class Nginx(Processus):
    """nginx on 127.0.0.1:`port` in front of the Granian on `ports`, as docs/exploitation.md
    sets it: each request to the instance with the fewest requests in progress (least_conn),
    connections kept open towards them (keepalive)."""

    nom, delai = "nginx", 20.0

    def __init__(self, dossier: Path, port: int, ports: list[int]):
        self.dossier, self.port, self.ports = dossier, port, ports

    def commande(self) -> list:
        executable = shutil.which("nginx") or "/usr/sbin/nginx"
        if not Path(executable).exists():
            sys.exit("nginx absent (apt install nginx-light) : formes nginx… impossibles.")
        conf = self.dossier / "nginx.conf"
        conf.write_text(
            NGINX.format(
                dossier=self.dossier,
                port=self.port,
                serveurs="\n".join(f"        server 127.0.0.1:{p};" for p in self.ports),
                utilisateur="user root;" if os.geteuid() == 0 else "",
            )
        )
        return [executable, "-c", conf, "-p", self.dossier]


@contextlib.contextmanager
def postgresql(dossier: Path, port: int):
    """A throw-away PostgreSQL cluster on 127.0.0.1:`port` with PostgreSQL's default
    durability (fsync, synchronous commit: as in production), stopped and removed at the end."""
    script = RACINE / "scripts" / "pg.sh"
    subprocess.run(
        ["bash", script, "start", dossier, str(port)],
        check=True,
        env={**os.environ, "PG_DURABLE": "1"},
        stdout=subprocess.DEVNULL,
    )
    try:
        yield f"postgres://postgres@127.0.0.1:{port}/solidarites"
    finally:
        subprocess.run(["bash", script, "stop", dossier, str(port)], stdout=subprocess.DEVNULL)


TIC = os.sysconf("SC_CLK_TCK")


def temps_cpu(groupes_web) -> dict:
    """CPU seconds used so far (user + system) by the web servers' processes (their process
    groups), by PostgreSQL's (if any), by nginx (if in front) and by this load generator: where
    a request's time goes on the 2 cores they share. Linux /proc; {} elsewhere."""
    cpu = {"web": 0.0, "base": 0.0, "nginx": 0.0, "client": 0.0}
    try:
        pids = [d for d in os.listdir("/proc") if d.isdigit()]
    except OSError:
        return {}
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                stat = f.read()
        except OSError:
            continue  # ended meanwhile
        nom = stat[stat.index("(") + 1 : stat.rindex(")")]
        champs = stat[stat.rindex(")") + 2 :].split()
        pgrp, secondes = int(champs[2]), (int(champs[11]) + int(champs[12])) / TIC
        if int(pid) == os.getpid():
            cpu["client"] += secondes
        elif pgrp in groupes_web:
            cpu["web"] += secondes
        elif nom == "postgres":
            cpu["base"] += secondes
        elif nom == "nginx":
            cpu["nginx"] += secondes
    return {k: v for k, v in cpu.items() if v or k in ("web", "client")}


def charger(
    port: int,
    chemin: str,
    connexions: int,
    duree: float,
    cookies: str = "",
    par_requete: bool = False,
    groupes_web=(),
) -> dict:
    """`connexions` clients in a loop for `duree` seconds. Each keeps its connection open
    (keep-alive), or with `par_requete` opens one per request and closes it, as nginx does
    towards Granian when its `upstream` has no `keepalive` (HTTP/1.0, one connection per
    request; docs/exploitation.md keeps them)."""
    latences: list[list[float]] = [[] for _ in range(connexions)]
    erreurs = [0] * connexions
    fin = time.monotonic() + duree
    entetes = {"Cookie": cookies} if cookies else {}
    if par_requete:
        entetes["Connection"] = "close"

    def client(i: int):
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.monotonic() < fin:
            t = time.perf_counter()
            try:
                c.request("GET", chemin, headers=entetes)
                r = c.getresponse()
                r.read()
                if r.status != 200:
                    erreurs[i] += 1
                if par_requete:
                    c.close()
                    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            except OSError:
                erreurs[i] += 1
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                continue
            latences[i].append(time.perf_counter() - t)

    fils = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(connexions)]
    cpu_avant = temps_cpu(groupes_web) if groupes_web else {}
    debut = time.monotonic()
    for f in fils:
        f.start()
    for f in fils:
        f.join()
    ecoule = time.monotonic() - debut
    cpu_apres = temps_cpu(groupes_web) if groupes_web else {}
    toutes = sorted(x for liste in latences for x in liste)
    n = len(toutes)

    def p(q):
        return round(1000 * toutes[min(n - 1, int(q * n))], 1) if n else None

    # Each keep-alive connection stays with the web process that accepted it: the mean
    # latency of the fastest and of the slowest connection shows how they were shared out.
    moyennes = sorted(round(1000 * sum(x) / len(x)) for x in latences if x)
    return {
        "requetes": n,
        "par_s": round(n / ecoule, 1),
        "p50_ms": p(0.5),
        "p95_ms": p(0.95),
        "p99_ms": p(0.99),
        "erreurs": sum(erreurs),
        "moyenne_par_connexion_ms": [moyennes[0], moyennes[-1]] if moyennes else None,
        # CPU time a request cost, by who spent it (see temps_cpu).
        **(
            {
                "cpu_ms_par_requete": {
                    k: round(1000 * (cpu_apres.get(k, 0) - v) / n, 1) for k, v in cpu_avant.items()
                }
            }
            if cpu_avant and n
            else {}
        ),
    }


def rechauffer(port: int, chemin: str, limite: float = 60.0) -> None:
    """With the cache on: request the page until every process answers it from its cache (a
    run of fast answers), so the measure is the steady state and not the first renders, which
    a page as long as the directory of a commune (seconds on a loaded machine) would otherwise
    make 32 connections wait for at once."""
    fin = time.monotonic() + limite
    rapides = 0
    while rapides < 20 and time.monotonic() < fin:
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        t = time.perf_counter()
        c.request("GET", chemin)
        c.getresponse().read()
        c.close()
        rapides = rapides + 1 if time.perf_counter() - t < 0.05 else 0


FILE_AGENT = r"""
import json, sys
sys.path.insert(0, {racine!r})
from benchmarks.listes_agents import peupler
c = peupler({n})
from django.db import connection
if connection.vendor == "sqlite":  # the 10 000 files written: WAL copied into the base, emptied
    connection.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")
print(json.dumps({{"session": c.cookies["sessionid"].value}}))
"""
# What an agent opens (logged in, first page): the queue it lands on after login, then the
# list of the files.
PAGES_AGENT = {"file d'attente": "/accueil/", "dossiers": "/accueil/personnes/"}


def formes(texte: str) -> list[tuple[int, int, int]]:
    """`2x8,nginx2x1x2` → [(0, 2, 8), (2, 1, 2)]: (Granian instances behind nginx, 0 for a
    Granian alone; its processes; their threads)."""
    try:
        resultat = []
        for forme in texte.replace("×", "x").split(","):
            nombres = [int(n) for n in forme.removeprefix("nginx").split("x")]
            if forme.startswith("nginx"):
                instances, processus, fils = nombres
            else:
                (processus, fils), instances = nombres, 0
            resultat.append((instances, processus, fils))
        return resultat
    except ValueError:
        raise argparse.ArgumentTypeError(
            "formes : processus×fils (un Granian seul) ou nginxN×processus×fils (nginx devant "
            "N Granian), ex. 2x8,nginx2x1x2"
        ) from None


def main():
    # Stopped (SIGTERM): the servers, nginx and PostgreSQL stopped and removed all the same.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("Interrompu."))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--duree", type=float, default=8.0)
    ap.add_argument("--connexions", type=int, default=32)
    ap.add_argument(
        "--port", type=int, default=int(os.environ.get("SOLIDARITES_PORT_CHARGE", "8105"))
    )
    ap.add_argument("--dossiers", type=int, default=10_000)
    ap.add_argument("--sans-file-agent", action="store_true")
    ap.add_argument("--sans-pages-publiques", action="store_true")
    ap.add_argument(
        "--base",
        choices=("sqlite", "postgresql"),
        default="sqlite",
        help="sqlite : une copie de var/db.sqlite3 (mode embarqué) ; postgresql : une grappe "
        "jetable (scripts/pg.sh, durabilité par défaut de PostgreSQL), contenus de "
        "démonstration chargés, comme l'installation de production (docs/exploitation.md)",
    )
    ap.add_argument("--port-postgresql", type=int, default=25471)  # below the ephemeral ports
    ap.add_argument(
        "--formes",
        type=formes,
        default=[(2, 1, 2), (0, 2, 2)] if shutil.which("nginx") else [(0, 2, 2)],
        help="formes du serveur pour les pages d'agent : processus×fils d'un Granian, ou "
        "nginxN×processus×fils pour nginx (least_conn, connexions gardées) devant N Granian, "
        "ex. 2x8,nginx2x1x2 : chacune mesurée dans le même passage",
    )
    a = ap.parse_args()
    a.duree = min(a.duree, 30.0)  # bounded

    var = Path(os.environ.get("SOLIDARITES_VAR_DIR", RACINE / "var"))
    source = var / "db.sqlite3"
    if a.base == "sqlite" and not source.exists():
        sys.exit("Base absente : lancez d'abord `make donnees`.")
    with (
        tempfile.TemporaryDirectory(prefix="solidarites-charge-") as tmp,
        contextlib.ExitStack() as pile,
    ):
        tmp = Path(tmp)
        if a.base == "postgresql":
            tmp.chmod(0o711)  # the cluster's user goes through to its directory
            base = pile.enter_context(postgresql(tmp / "pg", a.port_postgresql))
        else:
            shutil.copy(source, tmp / "db.sqlite3")
            base = f"sqlite:///{tmp / 'db.sqlite3'}"
        env = environnement(tmp, base, 0)
        subprocess.run(  # the base brought to the code's schema (indexes included)
            [BIN / "solidarites", "migrate", "--noinput", "-v0"],
            cwd=RACINE,
            env=env,
            check=True,
        )
        if a.base == "postgresql":
            subprocess.run(  # the demo contents, as `make donnees` loads them
                [BIN / "solidarites", "charger_contenus"],
                cwd=RACINE,
                env={**env, "SOLIDARITES_DEMO": "1"},
                check=True,
                stdout=subprocess.DEVNULL,
            )
        print(f"base : {a.base}", flush=True)
        resultats = {}
        for cache in () if a.sans_pages_publiques else (0, 60):
            with Serveur(a.port, environnement(tmp, base, cache)) as serveur:
                for nom, chemin in PAGES.items():
                    if cache:
                        rechauffer(a.port, chemin)
                    charger(a.port, chemin, 4, 1.0)  # warm-up
                    r = charger(
                        a.port, chemin, a.connexions, a.duree, groupes_web={serveur.proc.pid}
                    )
                    resultats[f"{nom} (cache {'60 s' if cache else 'désactivé'})"] = r
                    print(
                        f"{nom:28} cache={cache:>2}s  {json.dumps(r, ensure_ascii=False)}",
                        flush=True,
                    )
        if not a.sans_file_agent:
            env = environnement(tmp, base, 60)
            sortie = subprocess.run(
                [
                    BIN / "solidarites",
                    "shell",
                    "-c",
                    FILE_AGENT.format(racine=str(RACINE), n=a.dossiers),
                ],
                cwd=RACINE,
                env=env,
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            session = json.loads(sortie.strip().splitlines()[-1])["session"]
            cookie = f"sessionid={session}"
            for instances, processus, fils in a.formes:
                with contextlib.ExitStack() as devant:
                    if instances:  # nginx (least_conn) in front of `instances` Granian
                        forme = f"nginx → {instances} Granian de {processus}×{fils}"
                        serveurs = [
                            devant.enter_context(Serveur(a.port + 1 + i, env, processus, fils))
                            for i in range(instances)
                        ]
                        devant.enter_context(Nginx(tmp, a.port, [s.port for s in serveurs]))
                        modes = ((False, "keep-alive vers nginx"),)
                    else:
                        forme = f"Granian {processus}×{fils}"
                        serveurs = [devant.enter_context(Serveur(a.port, env, processus, fils))]
                        # Keep-alive straight to Granian: each connection stays with the
                        # process that accepted it (shared out by chance); then one
                        # connection per request, as behind an nginx without upstream keepalive.
                        modes = ((False, "keep-alive"), (True, "une connexion par requête"))
                    groupes = {s.proc.pid for s in serveurs}
                    for nom, chemin in PAGES_AGENT.items():
                        charger(a.port, chemin, 2, 1.0, cookie)
                        for par_requete, mode in modes:
                            r = charger(a.port, chemin, 8, a.duree, cookie, par_requete, groupes)
                            cle = f"{nom} d'un agent ({a.dossiers} dossiers, {forme}, {mode})"
                            resultats[cle] = r
                            print(f"{cle}  {json.dumps(r, ensure_ascii=False)}", flush=True)
    print(json.dumps(resultats, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
