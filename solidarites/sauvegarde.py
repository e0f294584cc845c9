"""Backup and restore of an installation: the database and the uploaded files, in one archive.

`solidarites sauvegarder` writes `solidarites-AAAAMMJJ-HHMMSS.tar` holding:
- `base.sqlite3` (SQLite: the online backup API, a consistent copy while the site writes) or
  `base.dump` (PostgreSQL: `pg_dump --format=custom`);
- `fichiers/<nom>/…`: the screening files, the supporting documents of aid applications, the
  media, and the embedded installation's secret key (`var/cle_secrete`) when there is one;
- `manifeste.json`: date, database engine, last migration of each app, each file's SHA-256.

`solidarites restaurer ARCHIVE --oui` puts it all back (the web and job processes stopped):
SQLite through the backup API again (the live database replaced whole), PostgreSQL with
`pg_restore --clean --if-exists --no-owner --single-transaction`; each directory is swapped
whole (the old one kept aside until the new one is in place). Checked first: the manifest, the
engine, every file's checksum; nothing is touched when a check fails. docs/exploitation.md.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone

VERSION = 1


class SauvegardeErreur(Exception):
    """A French message for the operator (the command prints it and exits non-zero)."""


def dossiers_de_fichiers() -> dict[str, Path]:
    """The directories of files that belong to the installation's data (name → path)."""
    return {
        "depistage": Path(getattr(settings, "DEPISTAGE_DIR", settings.VAR_DIR / "depistage")),
        "pieces-aides": Path(settings.AIDES_FINANCIERES_PIECES_DIR),
        "media": Path(settings.MEDIA_ROOT),
    }


def fichier_cle() -> Path:
    return Path(settings.VAR_DIR) / "cle_secrete"


def moteur() -> str:
    return "sqlite" if connection.vendor == "sqlite" else connection.vendor


def _sha256(chemin: Path) -> str:
    h = hashlib.sha256()
    with open(chemin, "rb") as f:
        for bloc in iter(lambda: f.read(1 << 20), b""):
            h.update(bloc)
    return h.hexdigest()


def _migrations() -> dict[str, str]:
    from django.db.migrations.recorder import MigrationRecorder

    dernieres: dict[str, str] = {}
    for app, nom in MigrationRecorder(connection).migration_qs.values_list("app", "name"):
        dernieres[app] = max(dernieres.get(app, ""), nom)
    return dict(sorted(dernieres.items()))


def _pg_env_args() -> tuple[dict, list[str]]:
    d = connection.settings_dict
    env = {**os.environ}
    if d.get("PASSWORD"):
        env["PGPASSWORD"] = str(d["PASSWORD"])
    args = []
    if d.get("HOST"):
        args += ["--host", str(d["HOST"])]
    if d.get("PORT"):
        args += ["--port", str(d["PORT"])]
    if d.get("USER"):
        args += ["--username", str(d["USER"])]
    args += ["--dbname", str(d["NAME"])]
    return env, args


def _lancer(commande: list[str], env: dict) -> None:
    try:
        fini = subprocess.run(commande, env=env, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise SauvegardeErreur(
            f"{commande[0]} est introuvable : installez le client PostgreSQL "
            "(apt-get install postgresql-client), de la même version que le serveur ou plus récent."
        ) from None
    if fini.returncode != 0:
        raise SauvegardeErreur(f"{commande[0]} a échoué : {fini.stderr.strip()[:2000]}")


def _copier_base(vers: Path) -> str:
    """Writes the database into `vers` (a directory); returns the file's name."""
    connection.ensure_connection()
    if moteur() == "sqlite":
        cible = vers / "base.sqlite3"
        destination = sqlite3.connect(cible)
        try:
            connection.connection.backup(destination)
        finally:
            destination.close()
        return cible.name
    if moteur() == "postgresql":
        cible = vers / "base.dump"
        env, args = _pg_env_args()
        _lancer(["pg_dump", "--format=custom", "--no-owner", "--file", str(cible), *args], env)
        return cible.name
    raise SauvegardeErreur(f"Base {connection.vendor} non prise en charge (SQLite ou PostgreSQL).")


@dataclass
class Resultat:
    archive: Path
    base: str
    fichiers: int
    octets: int


def sauvegarder(dossier_sortie: Path) -> Resultat:
    dossier_sortie = Path(dossier_sortie)
    dossier_sortie.mkdir(parents=True, exist_ok=True)
    horodatage = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    archive = dossier_sortie / f"solidarites-{horodatage}.tar"
    with tempfile.TemporaryDirectory(prefix="sauvegarde-", dir=dossier_sortie) as tmp:
        tmp = Path(tmp)
        nom_base = _copier_base(tmp)
        manifeste = {
            "version": VERSION,
            "date": timezone.now().isoformat(timespec="seconds"),
            "moteur": moteur(),
            "base": nom_base,
            "sha256_base": _sha256(tmp / nom_base),
            "migrations": _migrations(),
            "dossiers": sorted(dossiers_de_fichiers()),
            "fichiers": {},
        }
        provisoire = archive.with_suffix(".tar.partiel")
        with tarfile.open(provisoire, "w") as tar:
            tar.add(tmp / nom_base, arcname=nom_base)
            elements = [("cle_secrete", fichier_cle())] if fichier_cle().is_file() else []
            for nom, dossier in dossiers_de_fichiers().items():
                if dossier.is_dir():
                    for chemin in sorted(p for p in dossier.rglob("*") if p.is_file()):
                        elements.append((f"{nom}/{chemin.relative_to(dossier)}", chemin))
            for relatif, chemin in elements:
                manifeste["fichiers"][relatif] = _sha256(chemin)
                tar.add(chemin, arcname=f"fichiers/{relatif}")
            donnees = json.dumps(manifeste, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo("manifeste.json")
            info.size = len(donnees)
            info.mtime = int(timezone.now().timestamp())
            tar.addfile(info, io.BytesIO(donnees))
        os.chmod(provisoire, 0o600)  # personal data: readable by the operator only
        provisoire.rename(archive)  # never a half-written archive under the final name
    return Resultat(archive, nom_base, len(manifeste["fichiers"]), archive.stat().st_size)


def _extraire(archive: Path, vers: Path) -> dict:
    try:
        with tarfile.open(archive) as tar:
            for membre in tar.getmembers():
                if not (membre.isfile() or membre.isdir()):
                    raise SauvegardeErreur(f"Élément inattendu dans l'archive : {membre.name}")
            tar.extractall(vers, filter="data")  # no absolute path, no "..", no link
    except (tarfile.TarError, OSError) as e:
        raise SauvegardeErreur(f"Archive illisible : {e}") from None
    try:
        manifeste = json.loads((vers / "manifeste.json").read_text())
    except (OSError, ValueError):
        raise SauvegardeErreur(
            "Archive sans manifeste lisible : ce n'est pas une sauvegarde."
        ) from None
    if manifeste.get("version") != VERSION:
        raise SauvegardeErreur("Version de sauvegarde inconnue.")
    if _sha256(vers / manifeste["base"]) != manifeste["sha256_base"]:
        raise SauvegardeErreur("La base de l'archive est corrompue (empreinte différente).")
    for relatif, empreinte in manifeste["fichiers"].items():
        chemin = vers / "fichiers" / relatif
        if not chemin.is_file() or _sha256(chemin) != empreinte:
            raise SauvegardeErreur(f"Fichier corrompu ou absent dans l'archive : {relatif}")
    return manifeste


def _remplacer_dossier(nouveau: Path, cible: Path) -> None:
    """Swaps `cible` for `nouveau` (the old one kept aside until the new one is in place)."""
    cible.parent.mkdir(parents=True, exist_ok=True)
    place = Path(tempfile.mkdtemp(prefix=f".{cible.name}-", dir=cible.parent))
    shutil.copytree(nouveau, place, dirs_exist_ok=True)
    ancien = cible.with_name(f".{cible.name}.ancien")
    if ancien.exists():
        shutil.rmtree(ancien)
    if cible.exists():
        cible.rename(ancien)
    place.rename(cible)
    if ancien.exists():
        shutil.rmtree(ancien)


def restaurer(archive: Path) -> dict:
    archive = Path(archive)
    if not archive.is_file():
        raise SauvegardeErreur(f"Archive introuvable : {archive}")
    with tempfile.TemporaryDirectory(prefix="restauration-") as tmp:
        tmp = Path(tmp)
        manifeste = _extraire(archive, tmp)
        if manifeste["moteur"] != moteur():
            raise SauvegardeErreur(
                f"Cette sauvegarde vient d'une base {manifeste['moteur']} ; la base configurée "
                f"est {moteur()}. Restaurez-la sur le même moteur."
            )
        base = tmp / manifeste["base"]
        if moteur() == "sqlite":
            connection.ensure_connection()
            source = sqlite3.connect(base)
            try:
                source.backup(connection.connection)  # the live database replaced whole
            finally:
                source.close()
        else:
            connection.close()
            env, args = _pg_env_args()
            _lancer(
                [
                    "pg_restore",
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--single-transaction",
                    "--exit-on-error",
                    *args,
                    str(base),
                ],
                env,
            )
        fichiers = tmp / "fichiers"
        vide = tmp / ".vide"
        vide.mkdir()
        for nom, dossier in dossiers_de_fichiers().items():
            source = fichiers / nom
            _remplacer_dossier(source if source.is_dir() else vide, dossier)
        if (fichiers / "cle_secrete").is_file():
            fichier_cle().parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(fichiers / "cle_secrete", fichier_cle())
            os.chmod(fichier_cle(), 0o600)
    return manifeste
