"""Faults while uploading a screening file (issue 18): a full disk, 1 GB, a wrong type, a 5 Mo
header field. Each ends in a French message, nothing half-written (no file, no row), and the
big or wrong uploads are refused before their content is read."""

from __future__ import annotations

import errno
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import StopUpload, TemporaryFileUploadHandler
from django.urls import reverse

from comptes.models import EvenementAudit
from comptes.roles import Role
from comptes.tests.factories import StructureFactory, agent
from depistage import stockage
from depistage.models import Depistage
from solidarites import televersement

pytestmark = pytest.mark.django_db

EN_TETE = b"menage;commune;logement_statut;loyer;droits_percus;role;age;activite;salaire_net\n"
LIGNE = b"M001;77288;locataire_prive;650;;demandeur;34;sans_emploi;0\n"


@pytest.fixture
def deposant(client, settings, tmp_path):
    settings.DEPISTAGE_DIR = tmp_path / "depistage"
    settings.FILE_UPLOAD_TEMP_DIR = tmp_path / "tmp"
    (tmp_path / "tmp").mkdir()
    client.force_login(agent(StructureFactory(), Role.TRAVAILLEUR_SOCIAL))
    return client


def deposer(client, contenu: bytes, nom="menages.csv"):
    fichier = SimpleUploadedFile(nom, contenu, content_type="text/csv")
    return client.post(reverse("depistage:liste"), {"fichier": fichier, "mois": "2026-11"})


def rien_d_ecrit(tmp_path):
    fichiers = [p for p in (tmp_path / "depistage").rglob("*") if p.is_file()]
    temporaires = list((tmp_path / "tmp").iterdir())
    return (
        not Depistage.objects.exists()
        and not fichiers
        and not temporaires
        and not EvenementAudit.objects.filter(objet="depistage").exists()
    )


class DisquePlein(io.FileIO):
    """A file whose disk fills up after a few bytes (ENOSPC, as the kernel says it)."""

    def write(self, donnees):
        super().write(bytes(donnees[:10]))
        raise OSError(errno.ENOSPC, "No space left on device")


def test_disque_plein_en_ecrivant_le_depot(deposant, monkeypatch, tmp_path):
    monkeypatch.setattr(
        stockage, "open", lambda chemin, mode: DisquePlein(chemin, "w"), raising=False
    )
    r = deposer(deposant, EN_TETE + LIGNE * 50)
    assert r.status_code == 200
    assert "Espace disque insuffisant sur le serveur" in r.content.decode()
    assert rien_d_ecrit(tmp_path)  # no partial entree.csv, no directory file, no row


def test_disque_plein_en_recevant_le_fichier(deposant, monkeypatch, settings, tmp_path):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0  # every upload goes to a temporary file

    def plein(self, raw_data, start):
        self.file.write(raw_data[:10])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(TemporaryFileUploadHandler, "receive_data_chunk", plein)
    r = deposer(deposant, EN_TETE + LIGNE * 50)
    assert r.status_code == 507
    assert "Espace disque insuffisant sur le serveur" in r.content.decode()
    assert rien_d_ecrit(tmp_path)  # the temporary upload file deleted too


class CorpsEspion:
    """A request body that records whether anyone read it."""

    def __init__(self):
        self.lu = 0

    def read(self, *args):
        self.lu += 1
        return b""

    readline = read


@pytest.mark.parametrize("chemin", ["/depistage/", "/api/v1/depistages"])
def test_un_go_refuse_avant_de_lire_le_corps(deposant, tmp_path, chemin):
    corps = CorpsEspion()
    r = deposant.generic(
        "POST",
        chemin,
        CONTENT_TYPE="multipart/form-data; boundary=frontiere",
        CONTENT_LENGTH=str(1024**3),
        **{"wsgi.input": corps},
    )
    assert r.status_code == 413
    assert corps.lu == 0  # not one byte of the gigabyte read
    if chemin.startswith("/api/"):
        assert r.json()["erreurs"][0]["champ"] == "fichier"
        assert "taille maximale" in r.json()["erreurs"][0]["message"]
    else:
        assert "Fichier trop volumineux" in r.content.decode()
    assert rien_d_ecrit(tmp_path)


def test_mauvais_type_refuse_des_le_debut_du_fichier(deposant, monkeypatch, tmp_path):
    lus = []
    origine = televersement.LimiteTeleversement.receive_data_chunk
    monkeypatch.setattr(
        televersement.LimiteTeleversement,
        "receive_data_chunk",
        lambda self, donnees, debut: lus.append(len(donnees)) or origine(self, donnees, debut),
    )
    r = deposer(deposant, b"PK\x03\x04" + b"\x00" * 300_000, nom="menages.xlsx")
    assert r.status_code == 415
    page = r.content.decode()
    assert "Type de fichier refusé" in page and "menages.xlsx" in page and ".csv" in page
    assert lus == []  # refused when its part began: its content never read
    assert rien_d_ecrit(tmp_path)


def test_limite_en_flux_sans_longueur_fiable(rf, settings):
    """The handler stops at the limit by itself (a body whose length was not declared)."""
    settings.TELEVERSEMENT_MAX = 1000
    requete = rf.post("/depistage/")
    garde = televersement.LimiteTeleversement(requete, 1000, (".csv",))
    garde.new_file("fichier", "menages.csv", "text/csv", None)
    assert garde.receive_data_chunk(b"x" * 600, 0) == b"x" * 600
    with pytest.raises(StopUpload) as arret:
        garde.receive_data_chunk(b"x" * 600, 600)
    assert arret.value.connection_reset  # the rest of the body is not read
    assert requete._televersement_refus.status == 413


def test_en_tete_de_5_mo_erreur_francaise_sans_fichier(deposant, tmp_path):
    contenu = b"menage;commune;" + b"x" * (5 * 1024 * 1024) + b"\n" + LIGNE
    r = deposer(deposant, contenu)
    assert r.status_code == 200
    assert "La première ligne (l&#x27;en-tête) dépasse 64 Ko" in r.content.decode()
    assert rien_d_ecrit(tmp_path)
