"""Durable jobs of the single fund (solidarites/taches.py: django-tasks, run by the worker)."""

from __future__ import annotations

from solidarites.taches import tache


@tache(essais=3)
def generer_lettre(decision_pk: int) -> int:
    """The notification letter of a decision, generated and kept once it is recorded (the
    download generates it too if this job has not run yet: either way, one copy)."""
    from aides_financieres.models import Decision
    from aides_financieres.services import lettre_de

    decision = Decision.objects.filter(pk=decision_pk).select_related("demande").first()
    if decision is None:
        return 0
    return lettre_de(decision).pk
