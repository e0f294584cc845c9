"""Imports between the project's apps go one way: no cycle (read from the source, with `ast`).

An app may import a lower one (`accueil` imports `comptes`, the gate); a cycle between two apps
(`comptes` importing `accueil` while `accueil` imports `comptes`) makes this test fail, naming the
import lines to change. Tests and migrations are left out. `solidarites` is the project, not a
capability: its wiring (`urls.py`, `api.py`, `settings.py`, the jobs' registry `taches.py`, its
own pages, commands) assembles every app, and the apps import its shared helpers (errors,
sendings, PDF, charts, spreadsheets); so it is left out of the graph of the apps, and a second
test checks that the helpers the apps import from it import no app themselves."""

from __future__ import annotations

import ast
from pathlib import Path

from django.apps import apps
from django.conf import settings

RACINE = Path(settings.BASE_DIR)
CABLAGE = {
    "solidarites/urls.py",
    "solidarites/api.py",
    "solidarites/settings.py",
    "solidarites/wsgi.py",
    "solidarites/asgi.py",
    "solidarites/cli.py",
    # The registry of durable and periodic jobs calls into the apps (orientations follow-up,
    # purge, screening); the apps import only its `tache` decorator. To be split one day into a
    # `taches.py` per app, registered here like the API's routers.
    "solidarites/taches.py",
}


PROJET = "solidarites"


def applications() -> list[str]:
    noms = {c.name.split(".")[0] for c in apps.get_app_configs()}
    return sorted(n for n in noms if (RACINE / n).is_dir() and n != PROJET)


def _ignore(chemin: Path) -> bool:
    rel = chemin.relative_to(RACINE)
    return (
        "tests" in rel.parts
        or "migrations" in rel.parts
        or rel.as_posix() in CABLAGE
        or rel.parts[:2] == ("solidarites", "management")
    )


def _imports(chemin: Path):
    for noeud in ast.walk(ast.parse(chemin.read_text(encoding="utf-8"))):
        if isinstance(noeud, ast.Import):
            for a in noeud.names:
                yield a.name, noeud.lineno
        elif isinstance(noeud, ast.ImportFrom) and noeud.level == 0 and noeud.module:
            yield noeud.module, noeud.lineno


def graphe() -> tuple[dict[str, set[str]], dict[tuple[str, str], list[str]]]:
    noms = applications()
    aretes: dict[str, set[str]] = {n: set() for n in noms}
    lignes: dict[tuple[str, str], list[str]] = {}
    for app in noms:
        for chemin in sorted((RACINE / app).rglob("*.py")):
            if _ignore(chemin):
                continue
            for noeud in ast.walk(ast.parse(chemin.read_text(encoding="utf-8"))):
                if isinstance(noeud, ast.Import):
                    modules = [a.name for a in noeud.names]
                elif isinstance(noeud, ast.ImportFrom) and noeud.level == 0 and noeud.module:
                    modules = [noeud.module]
                else:
                    continue
                for module in modules:
                    cible = module.split(".")[0]
                    if cible in aretes and cible != app:
                        aretes[app].add(cible)
                        rel = chemin.relative_to(RACINE).as_posix()
                        lignes.setdefault((app, cible), []).append(f"{rel}:{noeud.lineno}")
    return aretes, lignes


def cycles(aretes: dict[str, set[str]]) -> list[list[str]]:
    """Every elementary cycle found by a depth-first walk (each reported once)."""
    trouves, vus = [], set()

    def visiter(chemin: list[str]):
        for suivant in sorted(aretes[chemin[-1]]):
            if suivant == chemin[0]:
                cle = frozenset(chemin)
                if cle not in vus:
                    vus.add(cle)
                    trouves.append([*chemin, suivant])
            elif suivant not in chemin and suivant > chemin[0]:
                visiter([*chemin, suivant])

    for depart in sorted(aretes):
        visiter([depart])
    return trouves


def test_aucun_cycle_entre_applications():
    aretes, lignes = graphe()
    trouves = cycles(aretes)
    details = []
    for cycle in trouves:
        details.append(" → ".join(cycle))
        for a, b in zip(cycle, cycle[1:], strict=False):
            details.append(f"    {a} importe {b} : {', '.join(lignes[(a, b)][:3])}")
    assert not trouves, (
        "Cycle d'imports entre applications (les dépendances vont dans un seul sens ; voir "
        "docs/architecture.md) :\n" + "\n".join(details)
    )


def test_comptes_n_importe_aucune_application():
    """The gate is at the bottom: every app imports it, it imports none of them."""
    aretes, lignes = graphe()
    assert aretes["comptes"] == set(), {b: lignes[("comptes", b)] for b in aretes["comptes"]}


def test_le_detecteur_voit_un_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c", "a"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_les_aides_du_projet_n_importent_aucune_application():
    """What the apps import from `solidarites` (errors, sendings, PDF…) imports no app."""
    noms = set(applications())
    utilises: set[str] = set()
    for app in noms:
        for chemin in (RACINE / app).rglob("*.py"):
            if not _ignore(chemin):
                utilises |= {m for m, _ in _imports(chemin) if m.startswith(PROJET + ".")}
    fautes = []
    for module in sorted(utilises):
        chemin = RACINE / (module.replace(".", "/") + ".py")
        if not chemin.exists() or _ignore(chemin):
            continue
        for m, ligne in _imports(chemin):
            if m.split(".")[0] in noms:
                fautes.append(f"{chemin.relative_to(RACINE)}:{ligne} importe {m}")
    assert not fautes, fautes
