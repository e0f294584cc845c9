import json

import pytest
from django.core.management import CommandError, call_command

from annuaire.data_inclusion import exporter_json, importer
from annuaire.import_csv import ImportInvalide
from annuaire.import_csv import importer as importer_csv
from annuaire.models import Service, Structure, ZoneStructure
from annuaire.tests.factories import ServiceFactory, StructureFactory
from solidarites.erreurs import ErreurChamps
from territoires.tests.factories import commune_reelle

pytestmark = pytest.mark.django_db


@pytest.fixture
def annuaire():
    melun = commune_reelle("77288")
    s = StructureFactory(
        commune=melun, typologie="caf", reseaux_porteurs=["caf"], courriel="accueil@example.org"
    )
    ServiceFactory(
        structure=s, zone_eligibilite=["77", "247700057"], publics=["familles", "jeunes"]
    )
    ServiceFactory(structure=StructureFactory(commune=melun), thematiques=[])
    return s


def test_aller_retour_data_inclusion(annuaire):
    premier = exporter_json()
    donnees = json.loads(premier)
    assert len(donnees["structures"]) == 2 and len(donnees["services"]) == 2
    assert donnees["services"][0]["publics"] == ["familles", "jeunes"]
    # empty the directory (raw deletes: other apps' relations to structures are not ours)
    for modele in (ZoneStructure, Service, Structure):
        modele.objects.all()._raw_delete(modele.objects.db)
    assert not Structure.objects.exists()
    assert importer(donnees) == {"structures": 2, "services": 2}
    assert exporter_json() == premier
    assert Structure.objects.get(reseaux_porteurs=["caf"]).typologie == "caf"


def test_import_data_inclusion_tout_ou_rien(annuaire):
    donnees = json.loads(exporter_json())
    donnees["structures"][0]["courriel"] = "pas-un-courriel"
    donnees["services"][1]["thematiques"] = ["pas-une-thematique"]
    donnees["services"][1]["nom"] = "Nouveau nom"
    with pytest.raises(ErreurChamps) as e:
        importer(donnees)
    champs = {x["champ"] for x in e.value.erreurs}
    assert "structures.0.courriel" in champs and any(
        c.startswith("services.1.thematiques") for c in champs
    )
    assert not Service.objects.filter(nom="Nouveau nom").exists()


def test_commandes_export_import(annuaire, tmp_path):
    fichier = tmp_path / "di.json"
    call_command("exporter_data_inclusion", sortie=fichier)
    call_command("importer_data_inclusion", str(fichier))
    assert Structure.objects.count() == 2
    fichier.write_text("{pas du json", encoding="utf-8")
    with pytest.raises(CommandError, match="illisible"):
        call_command("importer_data_inclusion", str(fichier))


CSV_BON = (
    "nom;typologie;code_insee;telephone;horaires_accueil;service_nom;thematiques;publics\n"
    "Épicerie sociale de Melun;association;77288;01 99 00 00 01;Tu,Th 14:00-18:00;Épicerie;"
    "equipement-et-alimentation--alimentation;tous-publics\n"
)


def test_import_csv(annuaire):
    assert importer_csv(CSV_BON) == {"structures": 1, "services": 1}
    s = Structure.objects.get(nom="Épicerie sociale de Melun")
    assert s.departement_id == "77" and s.code_postal == "77000"
    assert s.services.get().thematiques == ["equipement-et-alimentation--alimentation"]
    importer_csv(CSV_BON)  # idempotent: same generated identifier
    assert Structure.objects.filter(nom="Épicerie sociale de Melun").count() == 1


def test_import_csv_erreurs_par_ligne_et_colonne(annuaire):
    texte = (
        "nom,typologie,code_insee,courriel,horaires_accueil\n"
        "Asso,association,77288,ok@example.org,Mo-Fr 09:00-12:00\n"
        "Asso B,fusee,99999,pas-un-courriel,lundi matin\n"
    )
    with pytest.raises(ImportInvalide) as e:
        importer_csv(texte)
    messages = [str(x) for x in e.value.erreurs]
    assert "Ligne 3, colonne « typologie » : " in messages[0]
    colonnes = {(x.ligne, x.colonne) for x in e.value.erreurs}
    assert colonnes == {
        (3, "typologie"),
        (3, "code_insee"),
        (3, "courriel"),
        (3, "horaires_accueil"),
    }
    assert not Structure.objects.filter(nom="Asso").exists()  # nothing written
    with pytest.raises(ImportInvalide) as e:
        importer_csv("nom;ville\nA;B\n")
    assert {(x.ligne, x.colonne) for x in e.value.erreurs} == {
        (1, "ville"),
        (1, "typologie"),
        (1, "code_insee"),
    }


def test_commande_import_csv(annuaire, tmp_path):
    fichier = tmp_path / "a.csv"
    fichier.write_text("nom;typologie;code_insee\nX;association;00000\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Ligne 2, colonne « code_insee »"):
        call_command("importer_annuaire_csv", str(fichier))


def test_chargement_yaml_invalide_ne_rien_ecrire(tmp_path, annuaire):
    from annuaire.chargement import charger

    (tmp_path / "services-types.yaml").write_text("{}", encoding="utf-8")
    (tmp_path / "77.yaml").write_text(
        """
departement: "77"
verifie_le: 2026-11-23
source: test
structures:
  - id: mds-x
    nom: MDS X
    typologie: mds
    commune: "77288"
    horaires_accueil: lundi matin
    secteur: {communes: ["77288", "71306"]}
  - id: asso
    nom: Asso
    typologie: fusee
""",
        encoding="utf-8",
    )
    avant = Structure.objects.count()
    with pytest.raises(ErreurChamps) as e:
        charger(dossier=tmp_path, departements=["77"])
    messages = " ".join(f"{x['champ']} {x['message']}" for x in e.value.erreurs)
    assert "77.yaml:structures.0.horaires_accueil" in messages
    assert "77.yaml:structures.1.typologie" in messages
    assert Structure.objects.count() == avant
