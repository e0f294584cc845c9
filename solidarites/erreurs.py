"""Field errors in plain French, shared by the API and the command line.

Pydantic and Ninja speak English; people read French. `messages_champs` turns a list of
pydantic-style errors into [{"champ": "personnes.1.age", "message": "…"}].
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

_MESSAGES = {
    "missing": "Ce champ est obligatoire.",
    "int_parsing": "Un nombre entier est attendu.",
    "int_type": "Un nombre entier est attendu.",
    "int_from_float": "Un nombre entier est attendu.",
    "float_parsing": "Un nombre est attendu.",
    "float_type": "Un nombre est attendu.",
    "decimal_parsing": "Un nombre est attendu.",
    "bool_parsing": "Une valeur vrai / faux est attendue.",
    "bool_type": "Une valeur vrai / faux est attendue.",
    "string_type": "Un texte est attendu.",
    "list_type": "Une liste est attendue.",
    "dict_type": "Un objet est attendu.",
    "model_type": "Un objet est attendu.",
    "date_parsing": "Une date au format AAAA-MM-JJ est attendue.",
    "date_from_datetime_parsing": "Une date au format AAAA-MM-JJ est attendue.",
    "extra_forbidden": "Ce champ n'est pas reconnu.",
    "json_invalid": "Le corps de la requête n'est pas un JSON valide.",
}


def _message(err: Mapping[str, Any]) -> str:
    kind = err.get("type", "")
    ctx = err.get("ctx") or {}
    msg = str(err.get("msg", ""))
    if kind in ("value_error", "assertion_error"):
        # Our validators raise ValueError with a French message.
        for prefix in ("Value error, ", "Assertion failed, "):
            if msg.startswith(prefix):
                return msg[len(prefix) :]
        return msg
    if kind in ("greater_than_equal", "greater_than"):
        return f"La valeur doit être supérieure ou égale à {ctx.get('ge', ctx.get('gt'))}."
    if kind in ("less_than_equal", "less_than"):
        return f"La valeur doit être inférieure ou égale à {ctx.get('le', ctx.get('lt'))}."
    if kind == "string_too_long":
        return f"Ce texte est trop long ({ctx.get('max_length')} caractères au plus)."
    if kind == "string_too_short":
        return "Ce champ ne peut pas être vide."
    if kind in ("literal_error", "enum"):
        # Pydantic lists them in English ("'a', 'b' or 'c'").
        attendu = str(ctx.get("expected", "")).replace("'", "").replace(" or ", " ou ")
        return f"Valeur non reconnue. Valeurs possibles : {attendu}."
    if kind == "string_pattern_mismatch":
        return "Le format de cette valeur n'est pas reconnu."
    if kind == "too_long":
        return f"Trop d'éléments ({ctx.get('max_length')} au plus)."
    if kind == "too_short":
        return f"Pas assez d'éléments ({ctx.get('min_length')} au moins)."
    return _MESSAGES.get(kind, "Valeur invalide.")


def champ(loc: Iterable[Any], drop: Iterable[str] = ("body", "query", "path", "payload")) -> str:
    """('body', 'payload', 'personnes', 1, 'age') -> 'personnes.1.age'."""
    parts = [str(p) for p in loc if str(p) not in set(drop)]
    return ".".join(parts) or "__all__"


def messages_champs(errors: Iterable[Mapping[str, Any]]) -> list[dict[str, str]]:
    out = []
    for err in errors:
        out.append({"champ": champ(err.get("loc", ())), "message": _message(err)})
    return out


class ErreurChamps(Exception):
    """Raised by business code with French messages per field; becomes a 400 in the API."""

    def __init__(self, erreurs: Mapping[str, str] | list[dict[str, str]]):
        if isinstance(erreurs, Mapping):
            erreurs = [{"champ": k, "message": v} for k, v in erreurs.items()]
        self.erreurs = list(erreurs)
        super().__init__("; ".join(f"{e['champ']} : {e['message']}" for e in self.erreurs))


def appliquer_erreurs(form, exc: ErreurChamps) -> None:
    """Attach a service's field errors to a Django form's fields (or to the whole form when the
    field is not one of the form's): the one way pages show an ErreurChamps."""
    for e in exc.erreurs:
        form.add_error(e["champ"] if e["champ"] in form.fields else None, e["message"])
