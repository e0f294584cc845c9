"""The one door to the bilan engine (plain Python, no Django).

The screening computes nothing itself: it validates each household with the bilan's `Situation`
and evaluates whole chunks with the bilan's vectorised `evaluer`, so that for the same household
the screening's amounts are the bilan's.
"""

from __future__ import annotations

from collections.abc import Sequence


def situation(data: dict):
    """Validate a situation dict; raises pydantic.ValidationError (French via messages_champs)."""
    from bilan.moteur import Situation

    return Situation.model_validate(data)


def evaluer(situations: Sequence) -> list:
    """One vectorised evaluation (one OpenFisca simulation) for the whole chunk."""
    from bilan.moteur import evaluer as evaluer_bilan

    return evaluer_bilan(list(situations))


def prechauffer() -> None:
    """Warm the engine in this process (see bilan.moteur.prechauffer). Called in the
    coordinator before it forks its workers, so that they all start warm (copy-on-write)
    instead of each paying the warm-up."""
    from bilan.moteur import prechauffer as prechauffer_bilan

    prechauffer_bilan()


def worker() -> None:
    """Start of a pool worker: no automatic cyclic collection at all. A worker only unpickles a
    chunk (a million small objects: the collector would walk them many times over), screens it
    and sends the result back; `traiter_lot` ends with a young-generation pass that frees the
    chunk's cycles (bilan.moteur.memoire)."""
    import gc

    gc.disable()


def worker_a_froid() -> None:
    """The same, for a worker started without fork: warm the engine first."""
    prechauffer()
    worker()


def non_demandes(resultat) -> list[tuple[str, float, float | None, str, str]]:
    """The rights the bilan flags `probablement_non_demande`:
    (slug, monthly amount, amount per payment for a yearly / one-off aid, periodicity, reason)."""
    return [
        (d.slug, float(d.montant_mensuel or 0.0), d.montant, d.periodicite, d.explication)
        for d in resultat.droits
        if d.probablement_non_demande
    ]
