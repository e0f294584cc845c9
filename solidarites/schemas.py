"""The base of every input schema of the API (`from solidarites.schemas import Entree`): a
django-ninja `Schema` with the strict rules of `solidarites.strict` (unknown fields and
booleans for numbers refused, in French, naming the field)."""

from __future__ import annotations

from ninja import Field, Schema
from pydantic import field_validator

from solidarites.strict import CONFIG, nombres_sans_texte, refuser_booleen, refuser_texte


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
    """A body of the API: unknown fields refused, and a number is a JSON number (neither a
    boolean nor a text), as the OpenAPI says."""

    model_config = {**CONFIG, "json_schema_extra": nombres_sans_texte}

    _refuser_booleen = field_validator("*", mode="before")(classmethod(refuser_booleen))
    _refuser_texte = field_validator("*", mode="before")(classmethod(refuser_texte))
