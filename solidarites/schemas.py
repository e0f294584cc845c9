"""The base of every input schema of the API (`from solidarites.schemas import Entree`): a
django-ninja `Schema` with the strict rules of `solidarites.strict` (unknown fields and
booleans for numbers refused, in French, naming the field)."""

from __future__ import annotations

from ninja import Field, Schema
from pydantic import field_validator

from solidarites.strict import CONFIG, refuser_booleen


class Erreur(Schema):
    """A refusal (401, 403, 404, 409…): its French message."""

    detail: str


class ErreurChamp(Schema):
    champ: str = Field(description="Chemin du champ en cause (personnes.0.age), __all__ sinon.")
    message: str


class ErreurApi(Schema):
    """A 400: the French message and each field in error."""

    detail: str
    erreurs: list[ErreurChamp] = []


class Entree(Schema):
    model_config = CONFIG

    _refuser_booleen = field_validator("*", mode="before")(classmethod(refuser_booleen))
