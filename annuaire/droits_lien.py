"""Where to claim a right: read its `ou_s_adresser` codes and `thematiques`.

From the `droits` app's `Droit` table when it is loaded, else from content/droits/<slug>.yaml
(the reviewed source the table is loaded from), read by `droits.schema.fiches`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import DatabaseError

from droits import schema


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


def _fiches() -> dict:
    """The validated files of the content folder, through the one reader of the rights' files
    (`droits.schema.fiches`, read once per process); none if the folder is invalid."""
    try:
        return schema.fiches(Path(settings.CONTENT_DIR) / "droits")
    except schema.ErreursContenu:
        return {}


def _depuis_yaml(slug: str) -> CibleDroit | None:
    fiche = _fiches().get(slug)
    if fiche is None:
        return None
    return CibleDroit(fiche.slug, fiche.titre, tuple(fiche.ou_s_adresser), tuple(fiche.thematiques))


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
        lignes = [(f.slug, f.titre) for f in _fiches().values() if f.variante_de is None]
    return sorted(set(lignes), key=lambda x: x[1].lower())
