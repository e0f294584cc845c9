"""Every amount a rights page quotes is tested against the OpenFisca-France parameter it comes
from, read from openfisca-france's tax-benefit system at the page's "vérifié le" date: when a
parameter is revalued and the page's date moves on, the suite turns red until the page says the
new amount. Every amount in euros of a page must be declared (from OpenFisca, or with the source
of an amount OpenFisca does not hold)."""

from __future__ import annotations

import ast
import operator
from functools import cache
from typing import Any

import pytest

from droits import schema

OPERATIONS = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
}
FONCTIONS = {"min": min, "max": max}


@cache
def systeme():
    """OpenFisca-France as published (no shortcut of the bilan's engine: only parameters are read)."""
    from openfisca_france import CountryTaxBenefitSystem

    return CountryTaxBenefitSystem()


def _objet(noeud: ast.AST, parametres) -> Any:
    if isinstance(noeud, ast.Name):
        return getattr(parametres, noeud.id)
    if isinstance(noeud, ast.Attribute):
        return getattr(_objet(noeud.value, parametres), noeud.attr)
    if isinstance(noeud, ast.Subscript):  # a scale's amounts[0], thresholds[-1]
        return _objet(noeud.value, parametres)[int(_valeur(noeud.slice, parametres))]
    return _valeur(noeud, parametres)


def _valeur(noeud: ast.AST, parametres) -> float:
    """An arithmetic expression of parameters (+ - * /, numbers, min, max), nothing else."""
    if isinstance(noeud, ast.Expression):
        return _valeur(noeud.body, parametres)
    if isinstance(noeud, ast.Constant) and isinstance(noeud.value, int | float):
        return noeud.value
    if isinstance(noeud, ast.UnaryOp) and isinstance(noeud.op, ast.USub):
        return -_valeur(noeud.operand, parametres)
    if isinstance(noeud, ast.BinOp) and type(noeud.op) in OPERATIONS:
        return OPERATIONS[type(noeud.op)](
            _valeur(noeud.left, parametres), _valeur(noeud.right, parametres)
        )
    if (
        isinstance(noeud, ast.Call)
        and isinstance(noeud.func, ast.Name)
        and noeud.func.id in FONCTIONS
    ):
        return FONCTIONS[noeud.func.id](_valeur(a, parametres) for a in noeud.args)
    if isinstance(noeud, ast.Name | ast.Attribute | ast.Subscript):
        valeur = _objet(noeud, parametres)
        if not isinstance(valeur, int | float):
            raise ValueError(
                f"« {ast.unparse(noeud)} » n'est pas une valeur (un barème ? un nœud ?)"
            )
        return valeur
    raise ValueError(f"expression non permise : « {ast.unparse(noeud)} »")


def valeur_openfisca(expression: str, date) -> float:
    return float(
        _valeur(ast.parse(expression, mode="eval"), systeme().parameters(date.isoformat()))
    )


def en_euros(texte: str) -> tuple[float, int]:
    """« 1 041,59 » → (1041.59, 2 decimals); « 153 » → (153.0, 0)."""
    entier, _, decimales = texte.replace(" ", "").partition(",")
    return float(f"{entier}.{decimales or 0}"), len(decimales)


def _textes(valeur: Any) -> list[str]:
    if isinstance(valeur, str):
        return [valeur]
    if isinstance(valeur, dict):
        return [t for k, v in valeur.items() if k != "url" for t in _textes(v)]
    if isinstance(valeur, list):
        return [t for v in valeur for t in _textes(v)]
    return []


def texte_de_la_page(fiche: schema.FicheDroit) -> str:
    data = fiche.en_dict()
    data.pop("montants", None)
    return "\n".join(_textes(data))


FICHES = schema.fiches()
AVEC_MONTANTS = sorted(
    slug
    for slug, f in FICHES.items()
    if f.montants or schema.montants_du_texte(texte_de_la_page(f))
)


@pytest.mark.parametrize("slug", AVEC_MONTANTS)
def test_chaque_montant_de_la_page_est_declare(slug):
    fiche = FICHES[slug]
    cites = set(schema.montants_du_texte(texte_de_la_page(fiche)))
    declares = {m.texte for m in fiche.montants}
    assert cites - declares == set(), (
        f"{slug} : montants cités sans leur paramètre dans « montants »"
    )
    assert declares - cites == set(), f"{slug} : montants déclarés que la page n'écrit pas"


@pytest.mark.parametrize(
    ("slug", "montant"),
    [
        pytest.param(slug, m, id=f"{slug}: {m.texte} €")
        for slug, f in sorted(FICHES.items())
        for m in f.montants
        if m.openfisca
    ],
)
def test_montant_egal_au_parametre_openfisca_a_la_date_de_verification(slug, montant):
    fiche = FICHES[slug]
    attendu, decimales = en_euros(montant.texte)
    calcule = valeur_openfisca(montant.openfisca, fiche.verifie_le)
    assert round(calcule, decimales) == attendu, (
        f"{slug} : la page écrit {montant.texte} €, OpenFisca-France donne {calcule:.2f} € au "
        f"{fiche.verifie_le:%d/%m/%Y} ({montant.openfisca})"
    )


def test_une_revalorisation_fait_echouer():
    """The parameter is read at the page's date: the RSA's amount of March 2025 is not the one
    of November 2026 (revalued each April), so a page dated after a revaluation that still
    writes the old amount fails."""
    import datetime as dt

    rsa = (
        "prestations_sociales.solidarite_insertion.minima_sociaux.rsa.rsa_m.montant_de_base_du_rsa"
    )
    avant, apres = (
        valeur_openfisca(rsa, dt.date(2025, 3, 1)),
        valeur_openfisca(rsa, dt.date(2026, 11, 20)),
    )
    assert avant != apres


def test_expression_limitee_aux_parametres_et_a_l_arithmetique():
    import datetime as dt

    with pytest.raises(ValueError, match="non permise"):
        valeur_openfisca("__import__('os')", dt.date(2026, 1, 1))
    with pytest.raises(ValueError, match="pas une valeur"):
        valeur_openfisca("prestations_sociales.prestations_familiales", dt.date(2026, 1, 1))
    assert en_euros("1 041,59") == (1041.59, 2) and en_euros("153") == (153.0, 0)
