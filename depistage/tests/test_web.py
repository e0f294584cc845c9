"""Web pages of the screening: upload, progress, downloads, access by structure and role, purge."""

import datetime as dt
import os
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from comptes.models import EvenementAudit
from comptes.roles import Role
from comptes.tests.factories import StructureFactory, agent
from depistage import stockage
from depistage.models import Depistage
from depistage.tests.factories import DepistageFactory

EXEMPLE = Path(__file__).resolve().parents[2] / "content" / "depistage" / "exemple.csv"
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def reglages(settings, tmp_path):
    settings.DEPISTAGE_DIR = tmp_path / "depistage"
    settings.DEPISTAGE_SYNCHRONE = True  # the calculation runs in the request (same code path)


@pytest.fixture
def structures():
    return StructureFactory(), StructureFactory()


def _deposer(client, contenu: bytes, nom="menages.csv"):
    return client.post(
        reverse("depistage:liste"),
        {"fichier": SimpleUploadedFile(nom, contenu, content_type="text/csv"), "mois": "2026-11"},
    )


def test_connexion_exigee(client):
    r = client.get(reverse("depistage:liste"))
    assert r.status_code == 302 and "/comptes/connexion/" in r["Location"]


def test_depot_calcul_et_telechargements(client, structures):
    a, _ = structures
    client.force_login(agent(a, Role.TRAVAILLEUR_SOCIAL))
    r = _deposer(client, EXEMPLE.read_bytes())
    dep = Depistage.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("depistage:detail", args=[dep.pk])
    assert dep.statut == Depistage.Statut.TERMINE and dep.structure == a
    assert dep.synthese["menages_depistes"] == 8
    page = client.get(r["Location"]).content.decode()
    assert "Chiffres clés" in page and 'http-equiv="refresh"' not in page
    r = client.get(reverse("depistage:telecharger", args=[dep.pk, "resultats.csv"]))
    contenu = b"".join(r.streaming_content).decode()
    assert r.status_code == 200 and "M001" in contenu and "rsa" in contenu
    assert r["Cache-Control"] == "private, no-store"
    # #16: the spreadsheet variant by default on the web (BOM, ;, decimal comma).
    assert contenu.startswith("\ufeff") and ";" in contenu.splitlines()[0]
    assert not re.search(r";-?\d+\.\d+(;|$)", contenu, re.M)
    brut = client.get(
        reverse("depistage:telecharger", args=[dep.pk, "resultats.csv"]), {"format": "csv"}
    )
    assert not b"".join(brut.streaming_content).decode().startswith("\ufeff")
    assert EvenementAudit.objects.filter(objet="depistage", action="export").count() == 2
    r = client.get(reverse("depistage:telecharger", args=[dep.pk, "synthese.html"]))
    synthese = b"".join(r.streaming_content).decode()
    assert "data:image/svg+xml;base64," in synthese and "<script" not in synthese
    # #16: the uploaded file's name (not the stored copy's « entree.csv »), a French local date.
    assert "Fichier « menages.csv »" in synthese and "entree.csv" not in synthese
    assert dep.synthese["fichier"] == "menages.csv"
    assert "Synthèse produite le " in synthese and "+00:00" not in synthese
    # Listed for the structure.
    assert "menages.csv" in client.get(reverse("depistage:liste")).content.decode()


def test_fichier_refuse_avec_message_sur_le_champ(client, structures):
    client.force_login(agent(structures[0]))
    r = _deposer(client, b"nom;prenom\nA;B\n")
    assert r.status_code == 200
    page = r.content.decode()
    assert (
        "Format du fichier non reconnu" in page
        and 'aria-describedby="id_fichier_helptext id_fichier-erreur"' in page
    )
    assert not Depistage.objects.exists()
    r = client.post(reverse("depistage:liste"), {"mois": "11/2026"})
    assert "Ce champ est obligatoire" in r.content.decode() or "obligatoire" in r.content.decode()
    assert "AAAA-MM" in r.content.decode()
    assert "<title>Erreur : " in r.content.decode()  # the title says the form was refused
    formulaire = client.get(reverse("depistage:liste")).content.decode()
    mois = timezone.localdate().strftime("%Y-%m")
    assert 'type="month"' in formulaire and f'value="{mois}"' in formulaire  # picker + default


def test_acces_par_structure_et_role(client, structures):
    a, b = structures
    dep = DepistageFactory(
        structure=a, statut=Depistage.Statut.TERMINE, synthese={"menages_depistes": 1}
    )
    stockage.dossier(dep).mkdir(parents=True)
    for nom in ("resultats.csv", "resultats.synthese.json"):
        (stockage.dossier(dep) / nom).write_text("x", encoding="utf-8")
    detail = reverse("depistage:detail", args=[dep.pk])
    resultats = reverse("depistage:telecharger", args=[dep.pk, "resultats.csv"])
    synthese = reverse("depistage:telecharger", args=[dep.pk, "synthese.json"])
    # Another structure: nothing, not even existence.
    client.force_login(agent(b, Role.TRAVAILLEUR_SOCIAL))
    assert client.get(detail).status_code == 404
    assert client.get(resultats).status_code == 404
    assert EvenementAudit.objects.filter(action="refus", objet="depistage").exists()
    # Encadrant of the structure: progress and summary, not the per-household results.
    client.force_login(agent(a, Role.ENCADRANT))
    assert client.get(detail).status_code == 200
    assert client.get(synthese).status_code == 200
    assert client.get(resultats).status_code == 403
    # Agents of the structure: everything.
    for role in (Role.ACCUEIL, Role.TRAVAILLEUR_SOCIAL, Role.PARTENAIRE):
        client.force_login(agent(a, role))
        assert client.get(resultats).status_code == 200
    # An account without a structure: its role is refused (403), before any object is looked up.
    from comptes.tests.factories import UserFactory

    client.force_login(UserFactory())
    assert client.get(reverse("depistage:liste")).status_code == 403
    assert client.get(detail).status_code == 403


def test_progression_suivie_sans_rechargement_puis_reprise_si_interrompu(
    client, structures, settings
):
    a, _ = structures
    client.force_login(agent(a))
    dep = DepistageFactory(
        structure=a, statut=Depistage.Statut.EN_COURS, pid=os.getpid(), lance_le=timezone.now()
    )
    page = client.get(reverse("depistage:detail", args=[dep.pk])).content.decode()
    # No self-refreshing page (RGAA 13.1): a live region re-read by a script, and a link.
    assert "http-equiv" not in page and "Calcul en cours" in page
    assert 'id="avancement"' in page and 'aria-live="polite"' in page and "avancement.js" in page
    assert "Actualiser l'avancement" in page
    fragment = client.get(reverse("depistage:detail", args=[dep.pk]), {"fragment": "avancement"})
    texte = fragment.content.decode()
    assert "Calcul en cours" in texte and "data-en-cours" in texte and "<html" not in texte
    # Its process is gone: offered for resumption, which runs it to the end.
    Depistage.objects.filter(pk=dep.pk).update(pid=2**22 + 12345)
    page = client.get(reverse("depistage:detail", args=[dep.pk])).content.decode()
    assert "Calcul interrompu" in page and 'http-equiv="refresh"' not in page
    stockage.dossier(dep).mkdir(parents=True)
    stockage.entree(dep).write_bytes(EXEMPLE.read_bytes())
    r = client.post(reverse("depistage:reprendre", args=[dep.pk]))
    assert r.status_code == 302
    dep.refresh_from_db()
    assert dep.statut == Depistage.Statut.TERMINE and dep.synthese["menages_depistes"] == 8


def test_purge_apres_le_delai_et_suppression(client, structures):
    a, _ = structures
    perime = DepistageFactory(structure=a, expire_le=timezone.now() - dt.timedelta(minutes=1))
    garde = DepistageFactory(structure=a)
    for dep in (perime, garde):
        stockage.dossier(dep).mkdir(parents=True)
        stockage.entree(dep).write_text("x", encoding="utf-8")
    orphelin = stockage.racine() / "orphelin"
    orphelin.mkdir()
    call_command("purger_depistages", wet_run=True)
    assert list(Depistage.objects.all()) == [garde]
    assert not stockage.dossier(perime).exists() and stockage.dossier(garde).exists()
    assert not orphelin.exists()
    # An expired screening is no longer reachable even before the purge runs.
    client.force_login(agent(a))
    Depistage.objects.filter(pk=garde.pk).update(expire_le=timezone.now())
    assert client.get(reverse("depistage:detail", args=[garde.pk])).status_code == 404
    Depistage.objects.filter(pk=garde.pk).update(expire_le=timezone.now() + dt.timedelta(days=1))
    r = client.post(reverse("depistage:supprimer", args=[garde.pk]))
    assert r.status_code == 302 and not Depistage.objects.exists()
    assert not stockage.dossier(garde).exists()
