"""Regroupement des requêtes (micro-batching): concurrent bilans gathered and evaluated together
(plain Python, no Django).

Computed one by one, a bilan costs about a second of CPU, whatever the size of the household;
computed together, fifty cost barely more than one. A single worker thread per server process
takes the requests waiting in a queue — those that arrived while the previous batch was being
computed, plus those arriving within `fenetre` seconds — and evaluates them in one vectorised
`evaluer` call. Under light load a request waits at most `fenetre`; under heavy load batches
grow by themselves (up to `taille_max`) and throughput follows.
"""

from __future__ import annotations

import queue
import threading
import time
from concurrent.futures import Future

from bilan.moteur import ResultatBilan, Situation, evaluer

FENETRE = 0.02  # seconds to wait for companions once a request is there
TAILLE_MAX = 200  # households per batch at most (memory ~110 KB each)


class Regroupeur:
    def __init__(self, fenetre: float = FENETRE, taille_max: int = TAILLE_MAX, evaluateur=None):
        self.evaluateur = evaluateur or evaluer
        self.fenetre = fenetre
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
            limite = time.monotonic() + self.fenetre
            while len(lot) < self.taille_max:
                try:
                    lot.append(self._file.get_nowait())
                    continue
                except queue.Empty:
                    pass
                reste = limite - time.monotonic()
                if reste <= 0:
                    break
                try:
                    lot.append(self._file.get(timeout=reste))
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
