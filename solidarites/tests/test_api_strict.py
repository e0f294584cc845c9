"""The API's contract is strict and complete (issue 18, « Found when probed »: unknown fields
accepted silently, `"loyer": false` accepted, naive date-times declared `date-time`, answers
not described in the OpenAPI)."""

from __future__ import annotations

import ast
import inspect
import json
import re
import textwrap
import typing

import pytest
from pydantic import BaseModel

from solidarites.api import api
from solidarites.strict import MESSAGE_BOOLEEN, MESSAGE_TEXTE


def _operations():
    for _prefix, router in api._routers:
        for chemin, vue in router.path_operations.items():
            for op in vue.operations:
                yield chemin, op


def _modeles(annotation, vus: set) -> set:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation not in vus:
            vus.add(annotation)
            for champ in annotation.model_fields.values():
                _modeles(champ.annotation, vus)
    for arg in typing.get_args(annotation):
        _modeles(arg, vus)
    return vus


def test_tout_corps_de_l_api_est_strict():
    """Every model a body of the API is read into (and every model nested in it) refuses
    unknown fields and booleans for numbers: it derives from `solidarites.schemas.Entree` or
    `solidarites.strict.Strict`."""
    laxistes = set()
    corps = 0
    for chemin, op in _operations():
        for modele in op.models:
            if modele.__ninja_param_source__ != "body":
                continue
            for champ in modele.model_fields.values():
                for m in _modeles(champ.annotation, set()):
                    corps += 1
                    validateurs = m.__pydantic_decorators__.field_validators
                    if m.model_config.get("extra") != "forbid" or "_refuser_booleen" not in (
                        validateurs
                    ):
                        laxistes.add(f"{op.methods} {chemin}: {m.__module__}.{m.__name__}")
    assert corps > 30 and sorted(laxistes) == []


def _post(client, chemin, corps):
    return client.post(chemin, data=json.dumps(corps), content_type="application/json")


@pytest.mark.django_db
def test_bilan_refuse_un_booleen_pour_un_nombre_et_un_champ_inconnu(client):
    from bilan.tests.factories import situation_json

    corps = situation_json()
    corps["logement"]["loyer"] = False
    corps["personnes"][0]["age"] = True
    corps["inconnu"] = 1
    corps["logement"]["charges"] = 80
    r = _post(client, "/api/v1/bilan", corps)
    assert r.status_code == 400
    erreurs = {e["champ"]: e["message"] for e in r.json()["erreurs"]}
    assert erreurs == {
        "logement.loyer": MESSAGE_BOOLEEN,
        "personnes.0.age": MESSAGE_BOOLEEN,
        "inconnu": "Ce champ n'est pas reconnu.",
        "logement.charges": "Ce champ n'est pas reconnu.",
    }


def test_openapi_interdit_les_champs_inconnus():
    schema = api.get_openapi_schema()
    composants = schema["components"]["schemas"]
    corps = [
        op["requestBody"]["content"]["application/json"]["schema"]
        for chemins in schema["paths"].values()
        for op in chemins.values()
        if "application/json" in op.get("requestBody", {}).get("content", {})
    ]
    noms = {c["$ref"].rsplit("/", 1)[1] for c in corps if "$ref" in c}
    assert noms and all(composants[n].get("additionalProperties") is False for n in noms)


def test_date_heure_sans_fuseau_rendue_avec_son_decalage(settings):
    """A naive date-time (the directory's opening slots are computed in local time) is
    answered with its offset, as `format: date-time` promises."""
    import datetime as dt

    from solidarites.api import Encodeur

    settings.TIME_ZONE = "Europe/Paris"
    texte = json.dumps(
        {"hiver": dt.datetime(2026, 12, 2, 14, 0), "ete": dt.datetime(2026, 7, 1, 9, 30)},
        cls=Encodeur,
    )
    assert json.loads(texte) == {
        "hiver": "2026-12-02T14:00:00+01:00",
        "ete": "2026-07-01T09:30:00+02:00",
    }


# --- every answer an operation gives is described ---------------------------------------------

CODE = re.compile(r"HttpError\(\s*(\d{3})|return\s+(\d{3})\s*,|status=(\d{3})")


def _codes(source: str) -> set[str]:
    return {next(g for g in m.groups() if g) for m in CODE.finditer(source)}


def _codes_des_fonctions(module) -> dict[str, set[str]]:
    """The statuses each module-level function of an API module answers by itself."""
    arbre = ast.parse(inspect.getsource(module))
    return {
        n.name: _codes(ast.get_source_segment(inspect.getsource(module), n) or "")
        for n in arbre.body
        if isinstance(n, ast.FunctionDef)
    }


def test_chaque_reponse_possible_est_decrite_dans_l_openapi():
    """The statuses an operation answers (`HttpError(409…)`, `return 409, …`, or through a
    helper of its module that does) are in its OpenAPI responses, with 400, 401, 403, 404 and
    413 that the gate and the middleware answer around every operation."""
    schema = api.get_openapi_schema()
    par_id = {
        op["operationId"]: op for chemins in schema["paths"].values() for op in chemins.values()
    }
    manquants = []
    modules = {}
    for chemin, op in _operations():
        fonction = inspect.unwrap(op.view_func)
        module = inspect.getmodule(fonction)
        if module.__name__ not in modules:
            modules[module.__name__] = _codes_des_fonctions(module)
        source = textwrap.dedent(inspect.getsource(fonction))
        codes = _codes(source)
        appels = {
            n.func.id
            for n in ast.walk(ast.parse(source))
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
        }
        for appel in appels - {fonction.__name__}:
            codes |= modules[module.__name__].get(appel, set())
        decrites = set(par_id[api.get_openapi_operation_id(op)]["responses"])
        absents = {c for c in codes if c.startswith("4")} - decrites
        if absents:
            manquants.append(f"{op.methods} {chemin}: {sorted(absents)}")
    assert manquants == []


@pytest.mark.django_db
def test_openapi_sans_code_de_reponse_en_double(client):
    """django-ninja keys declared answers by int and the generic ones were added as str: the
    served JSON had two "400" keys in an operation (the last one winning in a reader)."""
    doubles = []

    def sans_double(paires):
        cles = [k for k, _ in paires]
        if len(cles) != len(set(cles)):
            doubles.append(cles)
        return dict(paires)

    r = client.get("/api/v1/openapi.json")
    json.loads(r.content, object_pairs_hook=sans_double)
    assert r.status_code == 200 and doubles == []


def test_un_nom_de_schema_pour_un_seul_modele():
    """The OpenAPI names a component by its model's name: two apps' `OrientationIn` (or
    `Erreur`) made one operation point at the other's schema (its body or answer documented
    wrong). Each name belongs to one model."""
    par_nom: dict[str, set] = {}
    for _chemin, op in _operations():
        modeles = set()
        for modele in op.models:
            for champ in modele.model_fields.values():
                _modeles(champ.annotation, modeles)
        for reponse in (op.response_models or {}).values():
            if isinstance(reponse, type) and issubclass(reponse, BaseModel):
                for champ in reponse.model_fields.values():
                    _modeles(champ.annotation, modeles)
        for m in modeles:
            if m.__module__.startswith("ninja."):
                continue
            par_nom.setdefault(m.model_config.get("title") or m.__name__, set()).add(
                f"{m.__module__}.{m.__qualname__}"
            )
    assert {n: sorted(c) for n, c in par_nom.items() if len(c) > 1} == {}


@pytest.mark.django_db
def test_un_montant_est_un_nombre_json_et_l_openapi_le_dit(client):
    """A `Decimal` of a body: pydantic declared « number or string » and read « 450 » as 450;
    the schema says a JSON number and the API refuses a text (schemathesis' negative data)."""
    from aides_financieres.tests.factories import SITUATION_PARENT

    besoin = api.get_openapi_schema()["components"]["schemas"]["BesoinIn"]["properties"]
    assert besoin["montant"]["type"] == "number" and "anyOf" not in besoin["montant"]
    corps = {"situation": SITUATION_PARENT, "besoins": [{"besoin": "energie", "montant": "450"}]}
    r = _post(client, "/api/v1/aides-financieres/proposition", corps)
    assert r.status_code == 400
    assert r.json()["erreurs"] == [{"champ": "besoins.0.montant", "message": MESSAGE_TEXTE}]
    corps["besoins"][0]["montant"] = 450
    assert _post(client, "/api/v1/aides-financieres/proposition", corps).status_code == 200
