"""The cyclic garbage collector, suspended while households are evaluated (plain Python).

An evaluation allocates millions of small objects (validated situations, results, OpenFisca's
holders and arrays) that almost all live until the end of the evaluation. CPython's cyclic
collector is triggered by allocation counts and, on each of its passes, walks every tracked
object still alive: measured on a 20 000-household screening chunk, it took 4 to 7 s of 13 to
16 s (the chunk takes 9 s with it suspended; same peak memory: the objects were alive anyway).

`ramasse_miettes_suspendu()` turns it off for the duration, then runs one young-generation pass
(everything allocated meanwhile is in it: the cycles the evaluation left, such as an OpenFisca
simulation and its populations, are freed there; about 0.02 s). Nested or concurrent uses (API
threads) are counted: the collector comes back, and the pass runs, when the last one ends (a
pass inside a nested use would walk every result still alive: 0.25 s per 20 000 households),
and the collector comes back only if it was on. A process forked during a use (screening
workers) starts afresh, with the collector as it was before.
Reference counting is untouched: most objects are still freed the moment they are dropped.
"""

from __future__ import annotations

import gc
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_verrou = threading.Lock()
_suspensions = 0
_actif_avant = False


@contextmanager
def ramasse_miettes_suspendu() -> Iterator[None]:
    global _suspensions, _actif_avant
    with _verrou:
        if _suspensions == 0:
            _actif_avant = gc.isenabled()
            gc.disable()
        _suspensions += 1
    try:
        yield
    finally:
        with _verrou:
            _suspensions -= 1
            dernier = _suspensions == 0
            if dernier and _actif_avant:
                gc.enable()
        if dernier:
            gc.collect(0)


def _apres_fork() -> None:
    global _verrou, _suspensions
    _verrou = threading.Lock()
    if _suspensions > 0:
        _suspensions = 0
        if _actif_avant:
            gc.enable()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_apres_fork)
