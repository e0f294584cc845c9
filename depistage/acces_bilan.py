"""The one door to the bilan engine (plain Python, no Django).

The screening computes nothing itself: it validates each household with the bilan's `Situation`
and evaluates whole chunks with the bilan's vectorised screening path (`non_demandes`: the
same rules and values as `evaluer`), so that for the same household the screening's amounts
are the bilan's.
"""

from __future__ import annotations

from collections.abc import Sequence


def situation(data: dict):
    """Validate a situation dict; raises pydantic.ValidationError (French via messages_champs)."""
    from bilan.moteur import Situation

    return Situation.model_validate(data)


def non_demandes(situations: Sequence) -> list:
    """For each household of the chunk, the rights the bilan would flag
    `probablement_non_demande`: (slug, monthly amount, amount per payment for a yearly / one-off
    aid, periodicity, reason). One vectorised evaluation (one OpenFisca simulation per profile)
    for the whole chunk, through the bilan's screening path (bilan.moteur.non_demandes)."""
    from bilan.moteur import non_demandes as non_demandes_bilan

    return non_demandes_bilan(list(situations))


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
