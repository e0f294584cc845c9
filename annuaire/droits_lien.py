"""Where to claim a right: read its `ou_s_adresser` codes and `thematiques`.

From the `droits` app's `Droit` table when it is loaded, else from content/droits/<slug>.yaml
(the reviewed source the table is loaded from).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from django.apps import apps
from django.conf import settings
from django.db import DatabaseError


@dataclass(frozen=True)
class CibleDroit:
    slug: str
    titre: str
    ou_s_adresser: tuple[str, ...]
    thematiques: tuple[str, ...]


def _depuis_base(slug: str) -> CibleDroit | None:
    try:
        Droit = apps.get_model("droits", "Droit")
    except LookupError:
        return None
    try:
        row = (
            Droit.objects.filter(slug=slug).values("slug", "titre", "ou_s_adresser", "thematiques")
        ).first()
    except DatabaseError:
        return None
    if not row:
        return None
    return CibleDroit(
        row["slug"],
        row["titre"],
        tuple(row["ou_s_adresser"] or ()),
        tuple(row["thematiques"] or ()),
    )


def _depuis_yaml(slug: str) -> CibleDroit | None:
    dossier = Path(settings.CONTENT_DIR) / "droits"
    if not slug.replace("-", "").replace("_", "").isalnum():
        return None
    for chemin in (dossier / f"{slug}.yaml", *dossier.glob(f"*/{slug}.yaml")):
        if chemin.is_file():
            data = yaml.safe_load(chemin.read_text(encoding="utf-8")) or {}
            return CibleDroit(
                data.get("slug", slug),
                data.get("titre", slug),
                tuple(data.get("ou_s_adresser") or ()),
                tuple(data.get("thematiques") or ()),
            )
    return None


def cible_droit(slug: str) -> CibleDroit | None:
    if not slug:
        return None
    return _depuis_base(slug) or _depuis_yaml(slug)


def droits_disponibles() -> list[tuple[str, str]]:
    """(slug, title) of the rights one can search a place for, sorted by title."""
    try:
        Droit = apps.get_model("droits", "Droit")
        lignes = list(
            Droit.objects.filter(statut="publie", variante_de__isnull=True).values_list(
                "slug", "titre"
            )
        )
    except (LookupError, DatabaseError, Exception):  # noqa: BLE001 - the droits app may lag
        lignes = []
    if not lignes:
        dossier = Path(settings.CONTENT_DIR) / "droits"
        for chemin in sorted(dossier.glob("*.yaml")):
            data = yaml.safe_load(chemin.read_text(encoding="utf-8")) or {}
            if data.get("slug") and data.get("titre"):
                lignes.append((data["slug"], data["titre"]))
    return sorted(set(lignes), key=lambda x: x[1].lower())
