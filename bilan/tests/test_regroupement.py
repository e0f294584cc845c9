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


def _arrivees_espacees(r, n: int, ecart: float) -> dict:
    """n requests, one every `ecart` seconds (each in its own thread, like a server's)."""
    resultats: dict = {}

    def client(k):
        resultats[k] = r.evaluer(k, delai=30)

    fils = []
    for k in range(n):
        fils.append(threading.Thread(target=client, args=(k,)))
        fils[-1].start()
        time.sleep(ecart)
    for f in fils:
        f.join()
    return resultats


def test_un_groupe_qui_arrive_echelonne_forme_un_seul_lot():
    """Requests that keep coming (each within `fenetre` of the previous one) join the same batch,
    even when the whole group takes longer than `fenetre` to arrive: the responses of a batch come
    back one by one, and a group split in two paid a simulation's fixed cost twice (the tail of
    the p95 under 50 clients)."""
    appels = []

    def evaluateur(situations):
        appels.append(list(situations))
        return [f"résultat {s}" for s in situations]

    r = Regroupeur(fenetre=0.25, attente_max=5, evaluateur=evaluateur)
    resultats = _arrivees_espacees(r, 5, 0.08)  # 0.32 s from the first to the last
    assert resultats == {k: f"résultat {k}" for k in range(5)}
    assert appels == [[0, 1, 2, 3, 4]]  # one batch, in the order of arrival


def test_attente_bornee_par_attente_max():
    """A steady stream never holds the first request back more than `attente_max`."""
    appels = []

    def evaluateur(situations):
        appels.append(len(situations))
        return list(situations)

    r = Regroupeur(fenetre=0.25, attente_max=0.3, evaluateur=evaluateur)
    resultats = _arrivees_espacees(r, 12, 0.08)  # 0.88 s of arrivals
    assert resultats == {k: k for k in range(12)}
    assert sum(appels) == 12 and len(appels) >= 2 and appels[0] < 12
