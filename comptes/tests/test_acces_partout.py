"""Every URL of the project and every API operation goes through the one gate (comptes.acces),
or is explicitly marked public. A new page or endpoint that is neither makes this test fail."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, get_resolver

from comptes.acces import api_acces

# Patterns with their own gate, outside the project's code: Django's admin site (staff login and
# model permissions) and the OpenAPI description and docs of the API (no data).
EXEMPTES_PREFIXES = ("admin/",)
EXEMPTES_NOMS = {"api:openapi-json", "api:openapi-view", "api:api-root"}

CONSIGNE_PAGE = (
    "décorez la vue avec @page(regle) (comptes.acces, règle dans <app>/perms.py) ou, si elle ne "
    "montre aucune donnée personnelle, avec @page_publique ; puis ajoutez ses lignes dans "
    "<app>/tests/acces.py (matrice d'accès, voir docs/modules/comptes.md)"
)
CONSIGNE_API = (
    "donnez au routeur ou à l'opération auth=api_acces(regle) (comptes.acces) ou, si elle ne "
    "renvoie aucune donnée personnelle, décorez la fonction avec @page_publique ; puis ajoutez "
    "ses lignes dans <app>/tests/acces.py (voir docs/modules/comptes.md)"
)


def _motifs(resolver, prefixe="", espace=""):
    for motif in resolver.url_patterns:
        if isinstance(motif, URLResolver):
            ns = motif.namespace or ""
            yield from _motifs(
                motif, prefixe + str(motif.pattern), f"{espace}{ns}:" if ns else espace
            )
        else:
            yield prefixe + str(motif.pattern), f"{espace}{motif.name or ''}", motif


def _est_vue_ninja(motif: URLPattern) -> bool:
    return motif.callback.__module__.startswith("ninja.")


def pages_sans_porte(resolver=None) -> list[str]:
    manquantes = []
    for route, nom, motif in _motifs(resolver or get_resolver()):
        if route.startswith(EXEMPTES_PREFIXES) or nom in EXEMPTES_NOMS or _est_vue_ninja(motif):
            continue
        vue = motif.callback
        if getattr(vue, "acces_regle", None) is None and not getattr(vue, "acces_public", False):
            manquantes.append(f"/{route} ({vue.__module__}.{vue.__name__})")
    return manquantes


def operations_api():
    from solidarites.api import api

    for routeur in api._get_bound_routers():
        for chemin, vue in routeur.path_operations.items():
            for op in vue.operations:
                yield chemin, op


def operations_sans_porte() -> list[str]:
    manquantes = []
    for chemin, op in operations_api():
        protegee = any(isinstance(a, api_acces) for a in op.auth_callbacks)
        publique = getattr(op.view_func, "acces_public", False)
        if not (protegee or publique):
            f = op.view_func
            manquantes.append(f"{'/'.join(op.methods)} {chemin} ({f.__module__}.{f.__name__})")
    return manquantes


def test_chaque_page_passe_par_la_porte():
    manquantes = pages_sans_porte()
    assert not manquantes, (
        "Pages sans contrôle d'accès ni marque « publique » :\n  "
        + "\n  ".join(manquantes)
        + f"\nPour chacune, {CONSIGNE_PAGE}."
    )


def test_chaque_operation_api_passe_par_la_porte():
    manquantes = operations_sans_porte()
    assert not manquantes, (
        "Opérations d'API sans contrôle d'accès ni marque « publique » :\n  "
        + "\n  ".join(manquantes)
        + f"\nPour chacune, {CONSIGNE_API}."
    )


def test_le_parcours_voit_les_pages_et_l_api():
    """The walk itself finds what it must (a broken walk would let everything pass)."""
    routes = {route for route, _, _ in _motifs(get_resolver())}
    assert "accueil/personnes/<int:pk>/" in routes and "comptes/audit/" in routes
    chemins = {chemin for chemin, _ in operations_api()}
    assert "/accueil/personnes/{pk}" in chemins and "/droits" in chemins


def test_une_vue_non_marquee_est_signalee():
    from django.urls import path
    from django.urls.resolvers import RegexPattern

    from comptes.acces import page, page_publique
    from comptes.permissions import est_agent

    def vue_oubliee(request):  # neither @page nor @page_publique
        raise AssertionError

    motifs = [
        path("oubli/", vue_oubliee),
        path("publique/", page_publique(lambda request: None)),
        path("gardee/", page(est_agent)(lambda request: None)),
    ]
    manquantes = pages_sans_porte(URLResolver(RegexPattern(r"^/"), motifs))
    assert len(manquantes) == 1 and "/oubli/" in manquantes[0]
    assert "vue_oubliee" in manquantes[0]


def test_api_verifie_le_jeton_csrf(db):
    """Like ninja's session auth: an unsafe method without the CSRF token is refused."""
    from django.test import Client

    from comptes.roles import Role
    from comptes.tests.factories import StructureFactory, agent

    client = Client(enforce_csrf_checks=True)
    client.force_login(agent(StructureFactory(), Role.ACCUEIL))
    r = client.post("/api/v1/accueil/personnes", {"nom": "X"}, content_type="application/json")
    assert r.status_code == 403 and "CSRF" in r.json()["detail"]
    assert client.get("/api/v1/accueil/personnes").status_code == 200
    anonyme = Client(enforce_csrf_checks=True)
    r = anonyme.post("/api/v1/accueil/personnes", {}, content_type="application/json")
    assert r.status_code == 401
