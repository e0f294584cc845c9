"""Regroupement des requêtes (micro-batching): concurrent bilans gathered and evaluated together
(plain Python, no Django).

Computed one by one, a bilan costs about a second of CPU, whatever the size of the household;
computed together, fifty cost barely more than one. A single worker thread per server process
takes the requests waiting in a queue — those that arrived while the previous batch was being
computed — then keeps collecting while companions keep coming: each arrival gives the next one
`fenetre` seconds more, never beyond `attente_max` after the first, and evaluates them in one
vectorised `evaluer` call, first come first served. Under light load a lone request waits
`fenetre`; under heavy load batches grow by themselves (up to `taille_max`).

Why a window that follows the arrivals: under load, the answers of a batch go out one by one
(JSON, HTTP, under the GIL) and the same clients come back spread over tens of milliseconds. A
fixed window of 20 ms after the first one cut that group in two: the second half waited for the
first half's batch, then for its own, and each half paid a simulation's fixed cost (0.2 to 0.6 s
of CPU). Measured in one process with 25 clients coming back within 60 ms: batches of 10 to 19
and 45 ms of CPU per bilan with the fixed window; batches of 25 and 27 ms with this one.
"""

from __future__ import annotations

import queue
import threading
import time
from concurrent.futures import Future

from bilan.moteur import ResultatBilan, Situation, evaluer

FENETRE = 0.02  # seconds to wait for one more companion after the last arrival
ATTENTE_MAX = 0.15  # seconds at most between the first request of a batch and its start
TAILLE_MAX = 200  # households per batch at most (memory ~110 KB each)


class Regroupeur:
    def __init__(
        self,
        fenetre: float = FENETRE,
        taille_max: int = TAILLE_MAX,
        evaluateur=None,
        attente_max: float = ATTENTE_MAX,
    ):
        self.evaluateur = evaluateur or evaluer
        self.fenetre = fenetre
        self.attente_max = max(attente_max, fenetre)
        self.taille_max = taille_max
        self._file: queue.Queue[tuple[Situation, Future]] = queue.Queue()
        self._verrou = threading.Lock()
        self._fil: threading.Thread | None = None
        self.lots: list[int] = []  # sizes of the last batches (for measures), bounded

    def _demarrer(self) -> None:
        with self._verrou:
            if self._fil is None or not self._fil.is_alive():
                self._fil = threading.Thread(target=self._boucle, name="bilan-lots", daemon=True)
                self._fil.start()

    def evaluer(self, situation: Situation, delai: float = 60.0) -> ResultatBilan:
        futur: Future = Future()
        self._file.put((situation, futur))
        self._demarrer()
        return futur.result(timeout=delai)

    def _boucle(self) -> None:
        while True:
            lot = [self._file.get()]
            debut = time.monotonic()
            fin_au_plus_tard = debut + self.attente_max
            derniere_arrivee = debut
            while len(lot) < self.taille_max:
                try:
                    lot.append(self._file.get_nowait())
                    derniere_arrivee = time.monotonic()
                    continue
                except queue.Empty:
                    pass
                # Wait while companions keep coming: each arrival gives the next one `fenetre`
                # more, never beyond `attente_max` after the first.
                reste = min(derniere_arrivee + self.fenetre, fin_au_plus_tard) - time.monotonic()
                if reste <= 0:
                    break
                try:
                    lot.append(self._file.get(timeout=reste))
                    derniere_arrivee = time.monotonic()
                except queue.Empty:
                    break
            self.lots = (self.lots + [len(lot)])[-1000:]
            try:
                resultats = self.evaluateur([s for s, _ in lot])
            except Exception as exc:  # reported to every waiting request
                for _, futur in lot:
                    futur.set_exception(exc)
                continue
            for (_, futur), resultat in zip(lot, resultats, strict=True):
                futur.set_result(resultat)


_regroupeur = Regroupeur()


def evaluer_regroupe(situation: Situation) -> ResultatBilan:
    """Evaluate one situation together with the concurrent ones of this process."""
    return _regroupeur.evaluer(situation)
