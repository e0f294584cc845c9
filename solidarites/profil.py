"""Reading the installation's profile from the environment (no Django import: read by settings).

- The embedded default (`make run`, the tests): zero configuration. Without
  SOLIDARITES_SECRET_KEY, a random key is drawn once and kept in `var/cle_secrete` (mode 600):
  never a key published in the source code.
- SOLIDARITES_PROFIL=production: debug off, HTTPS, secure cookies, HSTS; the platform refuses to
  start without a real secret key and the allowed host names.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

# The key the project once shipped: refused everywhere debug is off.
CLES_CONNUES = {"dev-only-insecure-key-change-me-in-production-0123456789"}
LONGUEUR_MIN = 50


class ConfigurationRefusee(RuntimeError):
    """Raised at start-up: the message says which variable to set."""


def refuser(quoi: str) -> None:
    raise ConfigurationRefusee(
        f"Configuration de production incomplète : définissez {quoi}. Voir docs/exploitation.md."
    )


def production() -> bool:
    return os.environ.get("SOLIDARITES_PROFIL", "").strip().lower() == "production"


def oui(nom: str, defaut: bool) -> bool:
    valeur = os.environ.get(nom)
    if valeur is None or valeur.strip() == "":
        return defaut
    return valeur.strip().lower() in ("1", "oui", "true", "yes", "on")


def liste(nom: str, defaut: str) -> list[str]:
    return [x.strip() for x in os.environ.get(nom, defaut).split(",") if x.strip()]


def cle_valide(cle: str) -> bool:
    return len(cle) >= LONGUEUR_MIN and len(set(cle)) >= 5 and cle not in CLES_CONNUES


def cle_secrete(var_dir: Path, *, debug: bool, production: bool) -> str:
    cle = os.environ.get("SOLIDARITES_SECRET_KEY", "")
    if cle:
        if not debug and not cle_valide(cle):
            refuser(
                f"SOLIDARITES_SECRET_KEY (une clé aléatoire d'au moins {LONGUEUR_MIN} caractères, "
                "jamais celle de développement)"
            )
        return cle
    if production:
        refuser(
            "SOLIDARITES_SECRET_KEY (par exemple : python3 -c 'import secrets; "
            "print(secrets.token_urlsafe(64))')"
        )
    # Embedded default: one random key per installation, kept across restarts.
    fichier = Path(var_dir) / "cle_secrete"
    try:
        cle = fichier.read_text().strip()
    except FileNotFoundError:
        cle = ""
    if cle_valide(cle):
        return cle
    fichier.parent.mkdir(parents=True, exist_ok=True)
    # Written aside then linked in place: two processes starting together read the same key.
    provisoire = fichier.with_name(f".cle_secrete.{os.getpid()}")
    fd = os.open(provisoire, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(secrets.token_urlsafe(64))
    try:
        if fichier.exists():  # an invalid key left there: replaced
            fichier.unlink()
        os.link(provisoire, fichier)
    except FileExistsError:
        pass
    finally:
        provisoire.unlink()
    return fichier.read_text().strip()
