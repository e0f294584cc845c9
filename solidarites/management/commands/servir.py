"""`solidarites servir`: the production web server (Granian, WSGI, processes × threads).

    solidarites servir --hote 127.0.0.1 --port 8001 --processus 1 --fils 2

Behind a reverse proxy (see docs/exploitation.md and deploiement/solidarites-web@.service: one
instance of one process per core, nginx sending each request to the least busy one). 2 threads
by default: a process with 8 threads spent its time passing Python's lock between them (the
agent queue under load: 58 requests/s with 8 threads, 100 with 1, `benchmarks/charge.py`).
Granian replaces this process (exec): signals from systemd reach it directly.
"""

import os
import shutil
import sys

from django.core.management.base import BaseCommand


def arguments_granian(hote: str, port: int, processus: int, fils: int, journal: bool) -> list[str]:
    return [
        "--interface",
        "wsgi",
        "--host",
        hote,
        "--port",
        str(port),
        "--workers",
        str(processus),
        "--blocking-threads",
        str(fils),
        "--backlog",
        "1024",
        "--respawn-failed-workers",
        "--workers-kill-timeout",
        "30s",
        "--access-log" if journal else "--no-access-log",
        "solidarites.wsgi:application",
    ]


class Command(BaseCommand):
    help = "Sert Solidarités en production (Granian, WSGI)."

    def add_arguments(self, parser):
        parser.add_argument("--hote", default=os.environ.get("SOLIDARITES_HOTE", "127.0.0.1"))
        parser.add_argument(
            "--port", type=int, default=int(os.environ.get("SOLIDARITES_PORT", "8000"))
        )
        parser.add_argument(
            "--processus",
            type=int,
            default=int(os.environ.get("SOLIDARITES_PROCESSUS", str(os.cpu_count() or 2))),
        )
        parser.add_argument(
            "--fils", type=int, default=int(os.environ.get("SOLIDARITES_FILS", "2"))
        )
        parser.add_argument(
            "--journal-acces",
            action="store_true",
            help="Journal des accès (chemins sans chaîne de requête : aucune recherche nominative).",
        )

    def handle(self, *args, **o):
        granian = shutil.which("granian", path=os.path.dirname(sys.executable)) or "granian"
        argv = [
            granian,
            *arguments_granian(o["hote"], o["port"], o["processus"], o["fils"], o["journal_acces"]),
        ]
        if o["journal_acces"]:
            # Path only: a query string may carry a searched name.
            argv[-1:-1] = [
                "--access-log-fmt",
                '[%(time)s] %(addr)s "%(method)s %(path)s" %(status)d %(dt_ms).1f',
            ]
        os.execv(argv[0], argv)
