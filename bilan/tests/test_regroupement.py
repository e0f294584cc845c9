"""Micro-batching: concurrent requests are evaluated together, each gets its own result."""

import threading
import time

import pytest

from bilan.regroupement import Regroupeur


def test_requetes_concurrentes_regroupees_en_lots():
    appels = []

    def evaluateur(situations):
        appels.append(len(situations))
        time.sleep(0.05)  # a batch takes time: requests pile up meanwhile
        return [f"résultat {s}" for s in situations]

    r = Regroupeur(fenetre=0.02, taille_max=100, evaluateur=evaluateur)
    resultats = {}

    def client(k):
        resultats[k] = r.evaluer(k)

    fils = [threading.Thread(target=client, args=(k,)) for k in range(40)]
    for f in fils:
        f.start()
    for f in fils:
        f.join()
    assert resultats == {k: f"résultat {k}" for k in range(40)}
    assert sum(appels) == 40 and len(appels) < 10  # batched, not one by one


def test_taille_max_et_erreur_transmise():
    r = Regroupeur(fenetre=0.01, taille_max=1, evaluateur=lambda lot: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        r.evaluer("x", delai=5)
