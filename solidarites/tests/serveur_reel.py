"""A real production server for the concurrency and fault tests: Granian (2 processes ×
threads), the production profile, its own database (a SQLite file, or a fresh PostgreSQL
database next to the one of the suite when DATABASE_URL is set), on 127.0.0.1 only.

Data is put in by `executer(code)`: Python run by `solidarites shell` in the server's
environment (same database), which prints what the test needs as JSON on its last line.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import requests

RACINE = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def port_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServeurReel:
    def __init__(
        self,
        dossier: Path,
        *,
        processus: int = 2,
        fils: int = 8,
        database_url: str = "",
    ):
        self.dossier = Path(dossier)
        self.port = port_libre()
        self.processus = processus
        self.fils = fils
        self.proc: subprocess.Popen | None = None
        self.url = f"http://127.0.0.1:{self.port}"
        self.cle = "t" + secrets.token_urlsafe(60)
        self.base_pg = os.environ.get("DATABASE_URL", "")
        if database_url:
            # A database the caller owns (e.g. on a cluster of its own): not created nor dropped.
            self.database_url = database_url
            self.nom_pg = ""
        elif self.base_pg.startswith("postgres"):
            nom = f"solidarites_reel_{os.getpid()}_{secrets.token_hex(3)}"
            parts = urlsplit(self.base_pg)
            self.database_url = urlunsplit(parts._replace(path=f"/{nom}"))
            self.nom_pg = nom
        else:
            self.database_url = f"sqlite:///{self.dossier / 'db.sqlite3'}"
            self.nom_pg = ""

    @property
    def postgres(self) -> bool:
        return bool(self.nom_pg)

    def env(self) -> dict[str, str]:
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("SOLIDARITES_", "DJANGO_", "PYTEST_")) and k != "DATABASE_URL"
        }
        env.update(
            {
                "DJANGO_SETTINGS_MODULE": "solidarites.settings",
                "SOLIDARITES_PROFIL": "production",
                "SOLIDARITES_SECRET_KEY": self.cle,
                "SOLIDARITES_ALLOWED_HOSTS": "127.0.0.1",
                # Plain HTTP on the loopback: what a reverse proxy would do is not tested here.
                "SOLIDARITES_HTTPS_REDIRECTION": "0",
                "SOLIDARITES_SECURE_COOKIES": "0",
                "SOLIDARITES_HSTS_SECONDES": "0",
                "SOLIDARITES_VAR_DIR": str(self.dossier),
                "DATABASE_URL": self.database_url,
            }
        )
        return env

    def _sql_pg(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.base_pg, autocommit=True) as c:
            c.execute(sql)

    def preparer(self) -> ServeurReel:
        self.dossier.mkdir(parents=True, exist_ok=True)
        if self.postgres:
            self._sql_pg(f'CREATE DATABASE "{self.nom_pg}"')
        subprocess.run(
            [BIN / "solidarites", "migrate", "--noinput", "-v0"],
            cwd=RACINE,
            env=self.env(),
            check=True,
            timeout=300,
        )
        return self

    def commande(self, *args: str, **env) -> subprocess.Popen:
        """A `solidarites` command in the server's environment, in its own process group."""
        return subprocess.Popen(
            [BIN / "solidarites", *args],
            cwd=RACINE,
            env={**self.env(), **env},
            stdout=open(self.dossier / f"{args[0]}.log", "ab"),  # noqa: SIM115
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def executer(self, code: str):
        r = subprocess.run(
            [BIN / "solidarites", "shell", "-c", code],
            cwd=RACINE,
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert r.returncode == 0, r.stderr
        return json.loads(r.stdout.strip().splitlines()[-1])

    def demarrer(self) -> ServeurReel:
        self.journal = open(self.dossier / "serveur.log", "ab")  # noqa: SIM115
        self.proc = subprocess.Popen(
            [
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
            ],
            cwd=RACINE,
            env=self.env(),
            stdout=self.journal,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.attendre()
        return self

    def attendre(self, delai: float = 180) -> None:
        fin = time.monotonic() + delai
        while time.monotonic() < fin:
            try:
                if requests.get(f"{self.url}/sante/", timeout=2).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"le serveur ne répond pas : {self.lire_journal()[-2000:]}")

    def lire_journal(self) -> str:
        return (self.dossier / "serveur.log").read_text(errors="replace")

    def processus_fils(self) -> list[int]:
        """The worker processes' ids (children of the Granian main process)."""
        assert self.proc is not None
        sortie = subprocess.run(
            ["ps", "-o", "pid=", "--ppid", str(self.proc.pid)], capture_output=True, text=True
        ).stdout
        return [int(p) for p in sortie.split()]

    def arreter(self, delai: float = 5) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=delai)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
        if getattr(self, "journal", None):
            self.journal.close()

    def detruire(self) -> None:
        self.arreter()
        if self.postgres:
            self._sql_pg(f'DROP DATABASE IF EXISTS "{self.nom_pg}" WITH (FORCE)')


def binaires_postgres() -> Path | None:
    """The newest PostgreSQL server of the Debian packages (`postgresql-NN`), if installed."""
    dossiers = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
    return dossiers[-1] if dossiers and (dossiers[-1] / "pg_ctl").exists() else None


class GrappePostgres:
    """A throw-away PostgreSQL cluster of its own (initdb and pg_ctl of the Debian packages, as
    scripts/pg.sh does for the suite), on 127.0.0.1 and a free port, that a test may stop,
    restart and start again without touching the suite's server. As root, the server runs as
    the `postgres` user, so its folder is made under /tmp (pytest's folders are root-only)."""

    OPTIONS = "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"

    def __init__(self):
        self.bin = binaires_postgres()
        assert self.bin is not None, "PostgreSQL (paquet postgresql) n'est pas installé"
        self.dossier = Path(tempfile.mkdtemp(prefix="solidarites-grappe-"))
        self.donnees = self.dossier / "donnees"
        self.port = port_libre()
        self.root = os.geteuid() == 0
        if self.root:
            shutil.chown(self.dossier, "postgres", "postgres")

    def _pg(self, programme: str, *args: str, **kw) -> subprocess.CompletedProcess:
        commande = [str(self.bin / programme), *args]
        if self.root:
            commande = ["runuser", "-u", "postgres", "--", *commande]
        return subprocess.run(commande, check=True, capture_output=True, timeout=60, **kw)

    def _pg_ctl(self, action: str, *args: str) -> None:
        self._pg(
            "pg_ctl",
            "-D",
            str(self.donnees),
            "-l",
            str(self.dossier / "serveur.log"),
            "-w",
            "-o",
            f"-h 127.0.0.1 -p {self.port} -k {self.dossier} {self.OPTIONS}",
            *args,
            action,
        )

    def initialiser(self) -> GrappePostgres:
        self._pg(
            "initdb",
            "-D",
            str(self.donnees),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",  # a throw-away cluster: nothing to flush to disk
        )
        self.demarrer()
        return self

    def demarrer(self) -> None:
        self._pg_ctl("start")

    def arreter(self) -> None:
        self._pg_ctl("stop", "-m", "fast")

    def redemarrer(self) -> None:
        """`pg_ctl restart -m fast`: every session is cut, the server comes back."""
        self._pg_ctl("restart", "-m", "fast")

    def url(self, base: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{base}"

    def copier(self, source_url: str, base: str) -> str:
        """A copy of the database at `source_url` (pg_dump | psql: faster than migrating again),
        as `base` on this cluster; returns its URL."""
        self._pg("psql", "-d", self.url(), "-qc", f'CREATE DATABASE "{base}"')
        dump = subprocess.run(
            [str(self.bin / "pg_dump"), "--no-owner", "--no-privileges", "-d", source_url],
            check=True,
            capture_output=True,
            timeout=60,
        ).stdout
        self._pg("psql", "-q", "-v", "ON_ERROR_STOP=1", "-d", self.url(base), input=dump)
        return self.url(base)

    def detruire(self) -> None:
        try:
            self._pg_ctl("stop", "-m", "immediate")
        except subprocess.CalledProcessError:
            pass  # already stopped
        shutil.rmtree(self.dossier, ignore_errors=True)


def session_agent(serveur: ServeurReel, session_id: str) -> requests.Session:
    """A requests session logged in (session cookie) with a CSRF cookie and header."""
    s = requests.Session()
    jeton = secrets.token_hex(16)  # 32 characters: a valid CSRF secret
    s.cookies.set("sessionid", session_id, domain="127.0.0.1")
    s.cookies.set("csrftoken", jeton, domain="127.0.0.1")
    s.headers["X-CSRFToken"] = jeton
    return s
