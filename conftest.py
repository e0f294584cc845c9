"""Fixtures shared by every app's tests.

End-to-end tests (marker `e2e`) drive Debian's Chromium through Playwright, without any
browser download: see `browser_type_launch_args`.
"""

import functools
import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "fr-FR", "timezone_id": "Europe/Paris"}


# --- axe-core: accessibility audit inside the browser tests ----------------------------------
# axe-core is vendored under vendor/axe-core/ (MPL-2.0, see its LICENSE): read from disk, never
# fetched. `axe()` audits the page as it is now (current viewport); `axe.largeurs(url)` loads a
# URL at a phone width (390 px) and a desktop width and audits each. See docs/accessibilite.md.

AXE_DIR = Path(__file__).resolve().parent / "vendor" / "axe-core"
LARGEURS = {"téléphone": {"width": 390, "height": 844}, "bureau": {"width": 1280, "height": 900}}
IMPACTS_BLOQUANTS = ("critical", "serious")


@functools.cache
def _source_axe() -> str:
    return (AXE_DIR / "axe.min.js").read_text(encoding="utf-8")


@functools.cache
def _locale_axe() -> str:
    return (AXE_DIR / "fr.json").read_text(encoding="utf-8")


def _resume_violations(violations: list[dict]) -> str:
    lignes = []
    for v in violations:
        lignes.append(f"- [{v['impact']}] {v['id']} : {v['help']} ({v['helpUrl']})")
        for noeud in v["nodes"][:5]:
            cible = " ".join(str(c) for c in noeud["target"])
            lignes.append(f"    {cible} : {noeud.get('failureSummary', '').splitlines()[-1:]}")
        if len(v["nodes"]) > 5:
            lignes.append(f"    … et {len(v['nodes']) - 5} autre(s) élément(s)")
    return "\n".join(lignes)


class Axe:
    """Runs axe-core in a Playwright page and fails on blocking violations."""

    def __init__(self, page):
        self.page = page

    def _injecter(self, page) -> None:
        if not page.evaluate("typeof window.axe === 'object'"):
            # Evaluated through the DevTools protocol: not blocked by the page's CSP.
            page.evaluate(_source_axe() + "\n;undefined")
            page.evaluate(f"window.axe.configure({{locale: {_locale_axe()}}})")

    def __call__(self, page=None, *, moderes: bool = False, ignorer=(), contexte=None) -> list:
        """Audit `page` (default: the fixture's page) and fail on serious or critical
        violations, and moderate ones too when `moderes=True`. `ignorer`: rule ids left out
        (say why in the test); `contexte`: a CSS selector to audit only part of the page.
        Returns the full list of violations (minor ones included) for further checks."""
        page = page or self.page
        self._injecter(page)
        options = {"resultTypes": ["violations"]}
        if ignorer:
            options["rules"] = {regle: {"enabled": False} for regle in ignorer}
        resultats = page.evaluate(
            "([contexte, options]) => window.axe.run(contexte || document, options)",
            [contexte, options],
        )
        impacts = IMPACTS_BLOQUANTS + (("moderate",) if moderes else ())
        bloquantes = [v for v in resultats["violations"] if v["impact"] in impacts]
        largeur = (page.viewport_size or {}).get("width")
        assert not bloquantes, (
            f"axe-core : {len(bloquantes)} violation(s) sur {page.url} ({largeur} px)\n"
            + _resume_violations(bloquantes)
        )
        return resultats["violations"]

    def references(self, page=None) -> None:
        """Fail when an aria-describedby / aria-labelledby / for names an id that is not in
        the page (screen readers then read nothing; axe-core does not flag it)."""
        page = page or self.page
        cassees = page.evaluate(
            """() => {
              const out = [];
              for (const attr of ["aria-describedby", "aria-labelledby", "aria-controls"]) {
                for (const el of document.querySelectorAll(`[${attr}]`)) {
                  for (const id of el.getAttribute(attr).split(/\\s+/).filter(Boolean)) {
                    if (!document.getElementById(id)) out.push(`${el.tagName.toLowerCase()}#${el.id} ${attr}=${id}`);
                  }
                }
              }
              for (const el of document.querySelectorAll("label[for]")) {
                if (!document.getElementById(el.htmlFor)) out.push(`label for=${el.htmlFor}`);
              }
              return out;
            }"""
        )
        assert not cassees, f"Références à des id absents sur {page.url} : {cassees}"

    def largeurs(self, url: str, *, moderes: bool = False, ignorer=(), page=None) -> None:
        """Load `url` at 390 px and at 1280 px and audit each; the viewport is restored."""
        page = page or self.page
        avant = page.viewport_size
        try:
            for taille in LARGEURS.values():
                page.set_viewport_size(taille)
                page.goto(url)
                self(page, moderes=moderes, ignorer=ignorer)
        finally:
            if avant:
                page.set_viewport_size(avant)


@pytest.fixture
def axe(page):
    """`axe()` audits the current page; `axe(moderes=True)` fails on moderate violations too;
    `axe.largeurs(url)` audits a URL at a phone and a desktop width."""
    return Axe(page)


@pytest.fixture(autouse=True)
def _hachage_rapide(settings):
    """Argon2 is slow on purpose (about 0.1 s and 100 MB a hash): every test that creates an
    account would pay it. Tests use a fast hasher; production keeps Argon2 (settings.py)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _sms_en_memoire(settings):
    """SMS go to memory in the tests (e-mails too: pytest-django uses Django's locmem backend)."""
    from solidarites.envois import MemoireSMS

    settings.SOLIDARITES_SMS_BACKEND = "solidarites.envois.MemoireSMS"
    MemoireSMS.boite.clear()
    yield MemoireSMS.boite


@pytest.fixture
def envois_immediats(settings, monkeypatch):
    """E-mails and SMS, which always go through the durable queue (`solidarites.taches.
    programmer_courriel`), sent at once (django-tasks' ImmediateBackend, without waiting for the
    test's transaction to commit): for the tests that read what was sent (`mail.outbox`, the
    SMS box). `solidarites/tests/test_taches.py` tests the queue itself."""
    from solidarites import taches

    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "QUEUES": ["default", "depistage", "envois"],
        }
    }
    monkeypatch.setattr(taches, "mettre_en_file", lambda t, *a, **k: t.enqueue(*a, **k))
