"""Writing directory records so that the history keeps only real changes."""

from __future__ import annotations

from typing import Any


def mettre_a_jour_ou_creer(modele, defaults: dict[str, Any] | None = None, **critere):
    """Like `Model.objects.update_or_create`, but an existing record is saved (which writes a
    history row and reindexes it) only when one of `defaults` differs from what it holds.
    Reloading the same content then leaves the history untouched. Returns (record, created)."""
    defaults = defaults or {}
    obj = modele.objects.filter(**critere).first()
    if obj is None:
        return modele.objects.create(**critere, **defaults), True
    changes = {k: v for k, v in defaults.items() if getattr(obj, k) != v}
    if changes:
        for k, v in changes.items():
            setattr(obj, k, v)
        obj.save()
    return obj, False
