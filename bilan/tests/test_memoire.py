"""The garbage collector's suspension during evaluations (bilan.moteur.memoire)."""

import gc
import os
import threading

import pytest

from bilan.moteur.memoire import ramasse_miettes_suspendu


@pytest.fixture(autouse=True)
def _gc_actif():
    etait = gc.isenabled()
    gc.enable()
    yield
    if not etait:
        gc.disable()


class _Cycle:
    def __init__(self):
        self.moi = self


def test_suspendu_pendant_puis_retabli_et_cycles_liberes():
    import weakref

    with ramasse_miettes_suspendu():
        assert not gc.isenabled()
        c = _Cycle()
        ref = weakref.ref(c)
        del c
        assert ref() is not None  # a cycle: only the collector frees it
    assert gc.isenabled()
    assert ref() is None  # freed by the pass at the end of the use


def test_imbrique_et_concurrent():
    with ramasse_miettes_suspendu():
        with ramasse_miettes_suspendu():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer use is still running
    assert gc.isenabled()

    entre, sortir = threading.Event(), threading.Event()

    def autre():
        with ramasse_miettes_suspendu():
            entre.set()
            sortir.wait(5)

    t = threading.Thread(target=autre)
    with ramasse_miettes_suspendu():
        t.start()
        entre.wait(5)
    assert not gc.isenabled()  # the other thread's use is not over
    sortir.set()
    t.join()
    assert gc.isenabled()


def test_reste_desactive_si_il_l_etait():
    gc.disable()
    with ramasse_miettes_suspendu():
        pass
    assert not gc.isenabled()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork n'existe pas sur ce système")
def test_processus_fils_repart_avec_le_ramasse_miettes():
    lecture, ecriture = os.pipe()
    with ramasse_miettes_suspendu():
        pid = os.fork()
        if pid == 0:  # child: report, then leave without running the parent's code
            os.write(ecriture, b"1" if gc.isenabled() else b"0")
            os._exit(0)
        os.waitpid(pid, 0)
    assert os.read(lecture, 1) == b"1"
    os.close(lecture)
    os.close(ecriture)
