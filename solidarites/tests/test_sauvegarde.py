"""Backup then restore, compared: `solidarites sauvegarder` / `solidarites restaurer`.

Runs on the database of the run (SQLite: the online backup API; PostgreSQL with DATABASE_URL:
pg_dump / pg_restore). The whole database is compared table by table, and the files."""

from __future__ import annotations

import io
import tarfile

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection

from annuaire.tests.factories import StructureFactory
from comptes.models import DemandeAcces
from comptes.roles import Role
from comptes.tests.factories import agent


def etat_de_la_base() -> dict:
    """Every row of every table of the project's models, by model, in primary-key order."""
    etat = {}
    for modele in apps.get_models():
        meta = modele._meta
        if meta.proxy or not meta.managed:
            continue
        etat[meta.label] = list(modele._base_manager.order_by("pk").values())
    return etat


def etat_des_fichiers(*dossiers) -> dict:
    return {
        str(p.relative_to(d.parent)): p.read_bytes()
        for d in dossiers
        if d.exists()
        for p in sorted(d.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def installation(settings, tmp_path):
    """The installation's file directories under tmp_path (never the developer's var/)."""
    var = tmp_path / "var"
    settings.VAR_DIR = var
    settings.DEPISTAGE_DIR = var / "depistage"
    settings.AIDES_FINANCIERES_PIECES_DIR = var / "pieces-aides"
    settings.MEDIA_ROOT = var / "media"
    (var / "depistage" / "lot-1").mkdir(parents=True)
    (var / "depistage" / "lot-1" / "entree.csv").write_text("nom;revenus\nDupont;900\n")
    (var / "pieces-aides" / "12").mkdir(parents=True)
    (var / "pieces-aides" / "12" / "avis.pdf").write_bytes(b"%PDF-1.4 demo\x00\x01")
    (var / "cle_secrete").write_text("k" * 60 + "abcdef")
    return var


@pytest.mark.django_db(transaction=True)
def test_sauvegarde_modification_restauration_identique(installation, tmp_path):
    structure = StructureFactory(nom="MDS de Melun (sauvegarde)")
    agent(structure, Role.ADMINISTRATEUR, "admin.sauvegarde")
    demande = DemandeAcces.objects.create(courriel="avant@exemple.fr", structure=structure)
    dossiers = [installation / "depistage", installation / "pieces-aides", installation / "media"]
    base_avant, fichiers_avant = etat_de_la_base(), etat_des_fichiers(*dossiers)
    cle_avant = (installation / "cle_secrete").read_text()

    call_command("sauvegarder", sortie=str(tmp_path / "sauvegardes"))
    (archive,) = (tmp_path / "sauvegardes").glob("solidarites-*.tar")
    assert archive.stat().st_mode & 0o077 == 0  # readable by the operator only
    with tarfile.open(archive) as tar:
        noms = set(tar.getnames())
    base = "base.sqlite3" if connection.vendor == "sqlite" else "base.dump"
    assert {base, "manifeste.json", "fichiers/depistage/lot-1/entree.csv"} <= noms
    assert "fichiers/pieces-aides/12/avis.pdf" in noms and "fichiers/cle_secrete" in noms

    # Life goes on: rows changed, deleted, added; files changed, deleted, added.
    demande.courriel = "apres@exemple.fr"
    demande.save()
    structure.nom = "Renommée"
    structure.save()
    DemandeAcces.objects.create(courriel="nouvelle@exemple.fr")
    StructureFactory()
    (installation / "depistage" / "lot-1" / "entree.csv").write_text("autre")
    (installation / "pieces-aides" / "12" / "avis.pdf").unlink()
    (installation / "media" / "nouveau.txt").parent.mkdir(parents=True, exist_ok=True)
    (installation / "media" / "nouveau.txt").write_text("ajouté après la sauvegarde")
    (installation / "cle_secrete").write_text("z" * 70)
    assert etat_de_la_base() != base_avant

    with pytest.raises(CommandError, match="--oui"):
        call_command("restaurer", str(archive))
    assert DemandeAcces.objects.count() == 2  # nothing touched without confirmation

    call_command("restaurer", str(archive), oui=True)
    assert etat_de_la_base() == base_avant
    assert etat_des_fichiers(*dossiers) == fichiers_avant
    assert (installation / "cle_secrete").read_text() == cle_avant
    assert not list(installation.glob(".*ancien*"))  # no directory left aside


@pytest.mark.django_db(transaction=True)
def test_archive_corrompue_refusee_sans_rien_toucher(installation, tmp_path):
    DemandeAcces.objects.create(courriel="garde@exemple.fr")
    call_command("sauvegarder", sortie=str(tmp_path))
    (archive,) = tmp_path.glob("solidarites-*.tar")
    # A file altered inside the archive: its checksum no longer matches the manifest.
    abimee = tmp_path / "abimee.tar"
    with tarfile.open(archive) as src, tarfile.open(abimee, "w") as dst:
        for membre in src.getmembers():
            donnees = src.extractfile(membre).read()
            if membre.name.endswith("entree.csv"):
                donnees = b"falsifie;0\n"
                membre.size = len(donnees)
            dst.addfile(membre, io.BytesIO(donnees))
    DemandeAcces.objects.create(courriel="apres@exemple.fr")
    with pytest.raises(CommandError, match="corrompu"):
        call_command("restaurer", str(abimee), oui=True)
    with pytest.raises(CommandError, match="sans manifeste|illisible"):
        (tmp_path / "pas-une-sauvegarde.tar").write_bytes(b"rien")
        call_command("restaurer", str(tmp_path / "pas-une-sauvegarde.tar"), oui=True)
    assert DemandeAcces.objects.count() == 2  # the live database untouched
    assert (installation / "depistage" / "lot-1" / "entree.csv").read_text().startswith("nom")


@pytest.mark.django_db
def test_sauvegarde_postgresql_au_format_pg_dump(installation, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("branche PostgreSQL : lancée avec DATABASE_URL=postgres://…")
    call_command("sauvegarder", sortie=str(tmp_path))
    (archive,) = tmp_path.glob("solidarites-*.tar")
    with tarfile.open(archive) as tar:
        assert tar.extractfile("base.dump").read(5) == b"PGDMP"  # pg_dump's custom format
