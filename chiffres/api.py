"""API publique des chiffres clés, /api/v1/chiffres/{code} : le même document que l'export
JSON (schéma /chiffres/schema.json)."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404
from ninja import Router

from chiffres import selectors
from comptes.acces import page_publique

TAG = "chiffres"
router = Router()


@router.get(
    "/chiffres/{code}",
    auth=None,
    summary="Chiffres clés d'un département (agrégats, petits effectifs masqués)",
    description="Document décrit par le schéma JSON publié à /chiffres/schema.json.",
)
@page_publique
def chiffres(request, code: str):
    if code not in settings.DEPARTEMENTS:
        raise Http404
    return selectors.export(code)
