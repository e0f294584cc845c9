"""Running a screening: stream the file in chunks, evaluate them on all cores (process pool) or on
a Dask cluster, write each chunk's results atomically, resume after a kill, merge at the end
(plain Python, no Django).

Resumability. Chunks are numbered in file order and are the same for the same file and chunk
size. Each finished chunk leaves three files in the work folder `SORTIE.encours/`:
`lot-N.csv`, `lot-N.rejets.csv`, then `lot-N.json` (its partial summary), each written to a
temporary name and renamed: the `.json` is written last and is the chunk's commit mark. After a
kill (even SIGKILL) the same command finds the manifest (same input file contents, month, chunk
size, format), skips the committed chunks and recomputes the others. When all are committed the
parts are concatenated in order into the final files (temporary name, then rename) and the work
folder is removed. So no household is lost and none is written twice.
"""

from __future__ import annotations

import concurrent.futures as cf
import gc
import hashlib
import json
import multiprocessing
import os
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from bilan.moteur.memoire import ramasse_miettes_suspendu
from depistage import acces_bilan
from depistage.calcul_lot import (
    COLONNES_REJETS,
    COLONNES_SORTIE,
    ResultatLot,
    en_csv,
    fusionner_syntheses,
    synthese_vide,
    traiter_lot,
)
from depistage.lecture import EnTete, Lot, compter_lignes, lire_en_tete, lire_lots
from depistage.synthese import ecrire_html, finaliser

VERSION_MANIFESTE = 1


class ErreurDepistage(Exception):
    """A run cannot start (bad arguments, another run's work folder…): French message."""


@dataclass
class Options:
    entree: Path
    sortie: Path
    mois: str
    taille_lot: int = 10000
    processus: int = field(default_factory=lambda: os.cpu_count() or 1)
    dask: str | None = None  # scheduler address, or "local"
    format: str = "auto"
    recommencer: bool = False
    nom_fichier: str | None = None  # the name people know the file by (default: its own)


@dataclass(frozen=True)
class Fichiers:
    sortie: Path
    rejets: Path
    synthese_json: Path
    synthese_html: Path
    travail: Path

    @classmethod
    def pour(cls, sortie: Path) -> Fichiers:
        base = sortie.with_suffix("") if sortie.suffix.lower() == ".csv" else sortie
        return cls(
            sortie=sortie,
            rejets=base.with_name(base.name + ".rejets.csv"),
            synthese_json=base.with_name(base.name + ".synthese.json"),
            synthese_html=base.with_name(base.name + ".synthese.html"),
            travail=sortie.with_name(sortie.name + ".encours"),
        )


@dataclass
class Avancement:
    """What a progress display needs; `lignes_total` counts the data lines of the file."""

    lignes_total: int
    lignes_faites: int = 0
    menages_faits: int = 0
    lots_faits: int = 0
    lots_repris: int = 0
    debut: float = field(default_factory=time.monotonic)


Rapport = Callable[[Avancement], None]


def _empreinte(chemin: Path) -> str:
    h = hashlib.sha256()
    with open(chemin, "rb") as f:
        while bloc := f.read(1 << 20):
            h.update(bloc)
    return h.hexdigest()


def _ecrire_atomique(chemin: Path, contenu: bytes) -> None:
    tmp = chemin.with_name(chemin.name + ".tmp")
    with open(tmp, "wb") as f:
        f.write(contenu)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, chemin)


def _nom_lot(travail: Path, numero: int, suffixe: str) -> Path:
    return travail / f"lot-{numero:07d}{suffixe}"


def _ecrire_lot(travail: Path, res: ResultatLot) -> None:
    _ecrire_atomique(_nom_lot(travail, res.numero, ".csv"), res.sortie)
    _ecrire_atomique(_nom_lot(travail, res.numero, ".rejets.csv"), res.rejets)
    # Written last: the chunk's commit mark.
    _ecrire_atomique(
        _nom_lot(travail, res.numero, ".json"),
        json.dumps(res.synthese, ensure_ascii=False, sort_keys=True).encode("utf-8"),
    )


def _preparer_travail(opts: Options, fichiers: Fichiers, en_tete: EnTete) -> set[int]:
    """Create or check the work folder; return the numbers of already committed chunks."""
    manifeste = {
        "version": VERSION_MANIFESTE,
        "empreinte_entree": _empreinte(opts.entree),
        "mois": opts.mois,
        "taille_lot": opts.taille_lot,
        "format": en_tete.format,
    }
    chemin = fichiers.travail / "manifeste.json"
    if fichiers.travail.exists() and opts.recommencer:
        shutil.rmtree(fichiers.travail)
    if fichiers.travail.exists():
        try:
            existant = json.loads(chemin.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            existant = None
        if existant is not None and existant != manifeste:
            raise ErreurDepistage(
                f"Le dossier {fichiers.travail} contient un dépistage interrompu d'un autre "
                "fichier ou avec d'autres options (mois, taille de lot). Relancez avec les mêmes "
                "options pour le reprendre, ou avec --recommencer pour repartir de zéro."
            )
        if existant is None:  # killed before the manifest was written: nothing to keep
            shutil.rmtree(fichiers.travail)
    fichiers.travail.mkdir(parents=True, exist_ok=True)
    if not chemin.exists():
        _ecrire_atomique(chemin, json.dumps(manifeste, sort_keys=True).encode("utf-8"))
    faits = set()
    for p in fichiers.travail.glob("lot-*.json"):
        faits.add(int(p.name[4:11]))
    return faits


class _Execution:
    """Where chunks are evaluated: here, a local process pool, or a Dask cluster."""

    def __init__(self, opts: Options, processus: int):
        self.opts = opts
        self.pool = None
        self.client = None
        self.cluster = None
        if opts.dask:
            from distributed import Client, LocalCluster

            if opts.dask == "local":
                self.cluster = LocalCluster(
                    n_workers=max(1, min(processus, os.cpu_count() or 1)),
                    threads_per_worker=1,
                    dashboard_address=None,
                    host="127.0.0.1",
                    processes=True,
                )
                self.client = Client(self.cluster)
            else:
                self.client = Client(opts.dask)
            self.en_vol = 2 * max(1, len(self.client.scheduler_info().get("workers", {})) or 1)
        elif processus > 1:
            # fork: workers share what this process has already loaded (copy-on-write): warm
            # the engine once here rather than in each worker. They never touch the database
            # nor this process's threads (none are started before the pool).
            if "fork" in multiprocessing.get_all_start_methods():
                acces_bilan.prechauffer()
                contexte, initialiseur = multiprocessing.get_context("fork"), acces_bilan.worker
            else:
                contexte = multiprocessing.get_context("spawn")
                initialiseur = acces_bilan.worker_a_froid
            self.pool = cf.ProcessPoolExecutor(
                max_workers=processus, mp_context=contexte, initializer=initialiseur
            )
            self.en_vol = processus + 1
        else:
            self.en_vol = 1

    def soumettre(self, lot: Lot, en_tete: EnTete, mois: str):
        if self.client is not None:
            return self.client.submit(traiter_lot, lot, en_tete, mois, pure=False)
        if self.pool is not None:
            return self.pool.submit(traiter_lot, lot, en_tete, mois)
        f: cf.Future = cf.Future()
        f.set_result(traiter_lot(lot, en_tete, mois))
        return f

    def attendre(self, futures: set) -> tuple[set, set]:
        if self.client is not None:
            from distributed import wait

            done, pending = wait(list(futures), return_when="FIRST_COMPLETED")
            return set(done), set(pending)
        done, pending = cf.wait(futures, return_when=cf.FIRST_COMPLETED)
        return set(done), set(pending)

    def fermer(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
        if self.client is not None:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def _ecrire_progression(fichiers: Fichiers, av: Avancement) -> None:
    try:
        _ecrire_atomique(
            fichiers.travail / "progression.json",
            json.dumps(asdict(av) | {"maj": time.time()}).encode("utf-8"),
        )
    except OSError:
        pass


def lire_progression(sortie: Path) -> dict | None:
    """Progress of a running screening, for the web page (None before the first chunk)."""
    try:
        return json.loads(
            (Fichiers.pour(sortie).travail / "progression.json").read_text(encoding="utf-8")
        )
    except (OSError, ValueError):
        return None


def _concatener(destination: Path, en_tete: list[str], parties: Iterator[Path], delim: str):
    tmp = destination.with_name(destination.name + ".tmp")
    with open(tmp, "wb") as out:
        out.write(en_csv([en_tete], delim))
        for p in parties:
            with open(p, "rb") as f:
                shutil.copyfileobj(f, out, 1 << 20)
        out.flush()
        os.fsync(out.fileno())
    os.replace(tmp, destination)


def depister(opts: Options, rapport: Rapport | None = None) -> dict:
    """Run (or resume) a screening; returns the summary (also written as JSON and HTML)."""
    if opts.taille_lot < 1:
        raise ErreurDepistage("--taille-lot doit être un entier positif.")
    if opts.processus < 1:
        raise ErreurDepistage("--processus doit être un entier positif.")
    if not opts.entree.is_file():
        raise ErreurDepistage(f"Fichier introuvable : {opts.entree}")
    fichiers = Fichiers.pour(opts.sortie)
    en_tete = lire_en_tete(opts.entree, opts.format)
    faits = _preparer_travail(opts, fichiers, en_tete)
    av = Avancement(lignes_total=compter_lignes(opts.entree))
    # No more workers than chunks (a small file is computed here, without a pool).
    processus = max(1, min(opts.processus, -(-av.lignes_total // opts.taille_lot)))
    execution = _Execution(opts, processus)
    synthese = synthese_vide()
    nb_lots = 0

    def termine(res_synthese: dict, repris: bool) -> None:
        fusionner_syntheses(synthese, res_synthese)
        av.lignes_faites += res_synthese["lignes"]
        av.menages_faits += res_synthese["menages"] + res_synthese["menages_rejetes"]
        av.lots_faits += 1
        av.lots_repris += repris
        _ecrire_progression(fichiers, av)
        if rapport is not None:
            rapport(av)
        if av.lots_faits % 10 == 0:
            gc.collect(0)

    # The coordinator reads the whole file: millions of short-lived rows that the cyclic
    # collector would walk again and again (measured: half of its reading time). Suspended for
    # the run (see bilan.moteur.memoire), with one young-generation pass every ten finished
    # chunks for the rare cycles (each pass walks the chunks read ahead: 0.15 s).
    def recevoir(en_cours: set) -> set:
        """Wait for at least one chunk in flight, write the finished ones; the others."""
        fini, en_cours = execution.attendre(en_cours)
        for f in fini:
            res = f.result()
            _ecrire_lot(fichiers.travail, res)
            termine(res.synthese, False)
        return en_cours

    with ramasse_miettes_suspendu():
        try:
            en_cours: set = set()
            for lot in lire_lots(opts.entree, en_tete, opts.taille_lot):
                nb_lots += 1
                if lot.numero in faits:
                    marque = _nom_lot(fichiers.travail, lot.numero, ".json")
                    termine(json.loads(marque.read_text(encoding="utf-8")), True)
                    continue
                while len(en_cours) >= execution.en_vol:
                    en_cours = recevoir(en_cours)
                en_cours.add(execution.soumettre(lot, en_tete, opts.mois))
            while en_cours:
                en_cours = recevoir(en_cours)
        finally:
            execution.fermer()

    delim = en_tete.delimiteur
    _concatener(
        fichiers.sortie,
        list(COLONNES_SORTIE),
        (_nom_lot(fichiers.travail, i, ".csv") for i in range(nb_lots)),
        delim,
    )
    _concatener(
        fichiers.rejets,
        list(COLONNES_REJETS),
        (_nom_lot(fichiers.travail, i, ".rejets.csv") for i in range(nb_lots)),
        delim,
    )
    resume = finaliser(
        synthese,
        mois=opts.mois,
        entree=opts.nom_fichier or opts.entree.name,
        duree_s=time.monotonic() - av.debut,
    )
    _ecrire_atomique(
        fichiers.synthese_json,
        json.dumps(resume, ensure_ascii=False, indent=2, sort_keys=False).encode("utf-8"),
    )
    _ecrire_atomique(fichiers.synthese_html, ecrire_html(resume).encode("utf-8"))
    shutil.rmtree(fichiers.travail, ignore_errors=True)
    return resume
