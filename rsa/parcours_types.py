"""The département's parcours types towards the trades that hire (content/rsa/parcours/*.yaml),
read and checked in plain Python (no Django): steps, partner structures, training offers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

RE_CODE = re.compile(r"^[a-z0-9][a-z0-9-]{0,59}$")


class ParcoursInvalide(ValueError):
    pass


@dataclass(frozen=True)
class Etape:
    code: str
    titre: str
    description: str = ""
    structures: tuple[str, ...] = ()
    formation: str = ""


@dataclass(frozen=True)
class ParcoursType:
    slug: str
    titre: str
    metiers: tuple[str, ...]
    departements: tuple[str, ...]
    description: str
    source: str
    verifie_le: str
    demonstration: bool
    etapes: tuple[Etape, ...]

    def etape(self, code: str) -> Etape | None:
        return next((e for e in self.etapes if e.code == code), None)

    def pour(self, departement: str) -> bool:
        return not self.departements or departement in self.departements


def lire_parcours(donnees: dict, fichier: str) -> ParcoursType:
    if not isinstance(donnees, dict):
        raise ParcoursInvalide(f"{fichier} : le fichier doit décrire un objet.")
    for cle in ("slug", "titre", "etapes", "source", "verifie_le"):
        if not donnees.get(cle):
            raise ParcoursInvalide(f"{fichier}:{cle} : champ obligatoire.")
    if not RE_CODE.match(str(donnees["slug"])):
        raise ParcoursInvalide(f"{fichier}:slug : minuscules, chiffres et tirets.")
    etapes = []
    for i, e in enumerate(donnees["etapes"]):
        chemin = f"{fichier}:etapes.{i}"
        if not isinstance(e, dict) or not e.get("code") or not e.get("titre"):
            raise ParcoursInvalide(f"{chemin} : « code » et « titre » sont obligatoires.")
        if not RE_CODE.match(str(e["code"])):
            raise ParcoursInvalide(f"{chemin}.code : minuscules, chiffres et tirets.")
        if any(x.code == e["code"] for x in etapes):
            raise ParcoursInvalide(f"{chemin}.code : « {e['code']} » est déjà utilisé.")
        etapes.append(
            Etape(
                code=str(e["code"]),
                titre=str(e["titre"]),
                description=str(e.get("description") or ""),
                structures=tuple(e.get("structures") or ()),
                formation=str(e.get("formation") or ""),
            )
        )
    return ParcoursType(
        slug=str(donnees["slug"]),
        titre=str(donnees["titre"]),
        metiers=tuple(donnees.get("metiers") or ()),
        departements=tuple(str(d) for d in donnees.get("departements") or ()),
        description=str(donnees.get("description") or "").strip(),
        source=str(donnees["source"]),
        verifie_le=str(donnees["verifie_le"]),
        demonstration=bool(donnees.get("demonstration")),
        etapes=tuple(etapes),
    )


_CACHE: dict[tuple, dict[str, ParcoursType]] = {}


def tous(dossier: str | Path) -> dict[str, ParcoursType]:
    """Every parcours type of the folder, by slug (cached by the files' modification times)."""
    fichiers = sorted(Path(dossier).glob("*.yaml"))
    cle = tuple((str(f), f.stat().st_mtime_ns) for f in fichiers)
    if cle not in _CACHE:
        out = {}
        for f in fichiers:
            with f.open(encoding="utf-8") as flux:
                p = lire_parcours(yaml.safe_load(flux), f.name)
            if p.slug in out:
                raise ParcoursInvalide(f"{f.name}:slug : « {p.slug} » est déjà utilisé.")
            out[p.slug] = p
        _CACHE.clear()
        _CACHE[cle] = out
    return _CACHE[cle]
