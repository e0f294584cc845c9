"""Resumability after SIGKILL, and the same results whatever the mode (here, process pool,
Dask local cluster)."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.core.management import call_command

from depistage.tests.factories import ecrire_csv, menages_varies, personne

RACINE = Path(__file__).resolve().parents[2]


def _fichier(tmp_path: Path, n: int) -> Path:
    lignes = menages_varies(n)
    # A bad row in the middle: rejects must survive the resumption too, written once.
    debut = next(i for i, ligne in enumerate(lignes) if ligne["menage"] == "H0003")
    lignes.insert(
        debut, personne("ZZ", "demandeur", 250, commune="77288", logement_statut="locataire_hlm")
    )
    return ecrire_csv(tmp_path / "entree.csv", lignes)


def _lancer(entree: Path, sortie: Path, *args: str) -> None:
    call_command("depistage", str(entree), "--sortie", str(sortie), "--mois", "2026-11", *args)


def _resultats(sortie: Path) -> tuple[bytes, bytes, dict]:
    synthese = json.loads(sortie.with_name(sortie.stem + ".synthese.json").read_text("utf-8"))
    for cle in ("genere_le", "duree_s"):
        synthese.pop(cle)
    return (
        sortie.read_bytes(),
        sortie.with_name(sortie.stem + ".rejets.csv").read_bytes(),
        synthese,
    )


def test_reprise_apres_sigkill_sans_perte_ni_doublon(tmp_path):
    entree = _fichier(tmp_path, 11)  # + 1 rejected: 6 chunks of 2 households
    interrompue = tmp_path / "interrompue.csv"
    travail = tmp_path / "interrompue.csv.encours"
    cmd = [
        sys.executable,
        "-m",
        "solidarites.cli",
        "depistage",
        str(entree),
        "--sortie",
        str(interrompue),
        "--mois",
        "2026-11",
        "--taille-lot",
        "2",
        "--processus",
        "1",
    ]
    proc = subprocess.Popen(cmd, cwd=RACINE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        limite = time.monotonic() + 240
        while time.monotonic() < limite and len(list(travail.glob("lot-*.json"))) < 2:
            assert proc.poll() is None, "the run ended before it could be killed"
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait()
    faits = len(list(travail.glob("lot-*.json")))
    assert 2 <= faits < 6, faits  # killed halfway: some chunks committed, not all
    assert not interrompue.exists()

    _lancer(entree, interrompue, "--taille-lot", "2", "--processus", "1")  # same arguments
    _lancer(entree, tmp_path / "directe.csv", "--taille-lot", "2", "--processus", "1")
    repris, direct = _resultats(interrompue), _resultats(tmp_path / "directe.csv")
    assert repris == direct
    lignes = repris[0].decode().splitlines()[1:]
    assert len(lignes) == len(set(lignes)) > 5  # none written twice
    assert repris[1].decode().count("\n") == 2  # header + the bad row, once
    assert repris[2]["menages_depistes"] == 11 and not travail.exists()


def test_memes_resultats_en_pool_et_sur_un_cluster_dask_local(tmp_path):
    entree = _fichier(tmp_path, 9)  # + 1 rejected: 2 chunks of 5, one per worker
    _lancer(entree, tmp_path / "pool.csv", "--taille-lot", "5", "--processus", "2")
    _lancer(
        entree, tmp_path / "dask.csv", "--taille-lot", "5", "--dask", "local", "--processus", "2"
    )
    pool = _resultats(tmp_path / "pool.csv")
    assert _resultats(tmp_path / "dask.csv") == pool
    assert pool[2]["menages_depistes"] == 9 and pool[2]["lignes_rejetees"] == 1
    assert pool[0].count(b"\n") > 5


def test_un_worker_du_pool_travaille_sans_ramasse_miettes_automatique_et_libere_ses_cycles():
    """Pool workers run with the cyclic collector off (acces_bilan.worker); the pass at the end of
    each chunk (traiter_lot) still frees the cycles a chunk leaves."""
    import concurrent.futures as cf
    import multiprocessing

    from depistage import acces_bilan

    if "fork" not in multiprocessing.get_all_start_methods():
        contexte = multiprocessing.get_context("spawn")
    else:
        contexte = multiprocessing.get_context("fork")
    with cf.ProcessPoolExecutor(1, mp_context=contexte, initializer=acces_bilan.worker) as pool:
        assert pool.submit(_etat_du_worker).result() == (False, True)


class _Cycle:
    def __init__(self):
        self.moi = self


def _etat_du_worker():
    import gc
    import weakref

    from bilan.moteur.memoire import ramasse_miettes_suspendu

    actif = gc.isenabled()
    with ramasse_miettes_suspendu():  # as traiter_lot does
        c = _Cycle()
        ref = weakref.ref(c)
        del c
    return actif, ref() is None
