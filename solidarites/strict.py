"""Strict input models, shared by every body the API accepts (issue 18: unknown fields were
accepted silently, `"loyer": false` was read as 0).

Plain pydantic, no Django (the bilan's engine uses it too). Two rules, in one place:
- an unknown field is refused (`extra="forbid"`: 400 naming the field, « Ce champ n'est pas
  reconnu. »), and the OpenAPI says so (`additionalProperties: false`);
- a boolean where a number is expected is refused (pydantic's lax mode reads `true` as 1 and
  `false` as 0: a client's mistake would silently become a value).

`Strict` is the base of the engine's models (`bilan.moteur.situation`); the API's input schemas
derive from `solidarites.schemas.Entree` (a django-ninja `Schema` with the same rules). A test
walks every operation of the API and fails on a body model that is not strict.
"""

from __future__ import annotations

import types
import typing
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, ValidationInfo, field_validator

NOMBRES = (int, float, Decimal)
MESSAGE_BOOLEEN = "Un nombre est attendu (et non vrai / faux)."
MESSAGE_TEXTE = "Un nombre est attendu (et non un texte)."


def attend_un_nombre(annotation) -> bool:
    """`float`, `int | None`, `Annotated[Decimal, …]`… but not `bool` (a subclass of int)."""
    if annotation is bool:
        return False
    if isinstance(annotation, type):
        return issubclass(annotation, NOMBRES)
    origine = typing.get_origin(annotation)
    if origine is typing.Annotated:
        return attend_un_nombre(typing.get_args(annotation)[0])
    if origine in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return bool(args) and all(attend_un_nombre(a) for a in args)
    return False


def refuser_booleen(cls, valeur, info: ValidationInfo):
    """Before-validator of every field: only a bool is looked at (cheap for everything else)."""
    if isinstance(valeur, bool) and info.field_name:
        champ = cls.model_fields.get(info.field_name)
        if champ is not None and attend_un_nombre(champ.annotation):
            raise ValueError(MESSAGE_BOOLEEN)
    return valeur


CONFIG = ConfigDict(extra="forbid")


class Strict(BaseModel):
    model_config = CONFIG

    _refuser_booleen = field_validator("*", mode="before")(classmethod(refuser_booleen))


def refuser_texte(cls, valeur, info: ValidationInfo):
    """Before-validator of the API's bodies (`solidarites.schemas.Entree`): a text where a
    number is expected is refused, as its OpenAPI says (a JSON number; pydantic's lax mode read
    « 12 » as 12 and `Decimal` was declared « number or string »)."""
    if isinstance(valeur, str) and info.field_name:
        champ = cls.model_fields.get(info.field_name)
        if champ is not None and attend_un_nombre(champ.annotation):
            raise ValueError(MESSAGE_TEXTE)
    return valeur


def nombres_sans_texte(schema: dict, modele) -> None:
    """JSON schema of a body model: a `Decimal` field is a JSON number (pydantic lists « number
    or string »), as `refuser_texte` enforces."""
    for nom, champ in modele.model_fields.items():
        propriete = schema.get("properties", {}).get(champ.alias or nom)
        if propriete is None or not attend_un_nombre(champ.annotation):
            continue
        branches = propriete.get("anyOf")
        if branches is None:
            continue
        gardees = [b for b in branches if b.get("type") != "string"]
        if len(gardees) == 1:
            propriete.pop("anyOf")
            propriete.update(gardees[0])
        else:
            propriete["anyOf"] = gardees
