from pathlib import Path

import pytest
import yaml
from django.conf import settings

from droits import schema
from droits.tests.factories import fiche


def ecrire(dossier: Path, **champs) -> Path:
    data = fiche(**champs)
    path = dossier / f"{data['slug']}.yaml"
    path.write_text(schema.dump_yaml(data), encoding="utf-8")
    return path


def erreurs(dossier: Path) -> list[str]:
    return schema.valider_dossier(dossier, base=dossier.parent).erreurs


def test_fiche_valide(tmp_path):
    ecrire(tmp_path)
    resultat = schema.valider_dossier(tmp_path)
    assert resultat.erreurs == []
    assert [f.slug for f in resultat.fiches] == ["aide-test"]


def test_resume_trop_long_nomme_fichier_et_champ(tmp_path):
    ecrire(tmp_path, resume="x" * 231)
    assert erreurs(tmp_path) == [
        f"{tmp_path.name}/aide-test.yaml : champ « resume » : 231 caractères, 200 au plus"
    ]


@pytest.mark.parametrize(
    "champs, attendu",
    [
        ({"titre": None}, "champ « titre » : Ce champ est obligatoire."),
        ({"titre": 12}, "champ « titre » : Un texte est attendu."),
        ({"conditions": []}, "champ « conditions » : Pas assez d'éléments (1 au moins)."),
        (
            {"thematiques": ["logement"]},
            "champ « thematiques » : « logement » : code de thématique",
        ),
        ({"publics": ["retraites"]}, "champ « publics » : « retraites » : code de public"),
        ({"ou_s_adresser": ["poste"]}, "champ « ou_s_adresser » : « poste » : code de lieu"),
        ({"territoire": "75"}, "champ « territoire » : « 75 » n'est pas reconnu"),
        ({"verifie_le": "hier"}, "champ « verifie_le » : Une date au format AAAA-MM-JJ"),
        ({"sources": [{"nom": "x", "url": "ftp:/x"}]}, "champ « sources.0.url » : « ftp:/x »"),
        ({"couleur": "bleu"}, "champ « couleur » : Ce champ n'est pas reconnu."),
        (
            {"ce_que_ca_apporte": {"texte": "x", "periodicite": "hebdo"}},
            "champ « ce_que_ca_apporte.periodicite » : Valeur non reconnue.",
        ),
        ({"slug": "Aide_Test"}, "champ « slug » : « Aide_Test » n'est pas un identifiant valide"),
        ({"slug": "recherche"}, "champ « slug » : « recherche » est réservé à une page du site"),
    ],
)
def test_erreurs_nomment_le_champ(tmp_path, champs, attendu):
    data = fiche(**champs)
    data = {k: v for k, v in data.items() if v is not None}
    (tmp_path / "aide-test.yaml").write_text(schema.dump_yaml(data), encoding="utf-8")
    messages = erreurs(tmp_path)
    assert any(m.startswith(f"{tmp_path.name}/aide-test.yaml : ") for m in messages), messages
    assert any(attendu in m for m in messages), messages


def test_territoire_sans_guillemets_accepte(tmp_path):
    ecrire(tmp_path, territoire=77)
    assert erreurs(tmp_path) == []


def test_slug_egal_au_nom_de_fichier(tmp_path):
    (tmp_path / "autre.yaml").write_text(schema.dump_yaml(fiche()), encoding="utf-8")
    assert erreurs(tmp_path) == [
        f"{tmp_path.name}/autre.yaml : champ « slug » : « aide-test » doit être égal au nom du "
        "fichier (« autre »)"
    ]


def test_yaml_invalide(tmp_path):
    (tmp_path / "casse.yaml").write_text("slug: [casse\n", encoding="utf-8")
    [message] = erreurs(tmp_path)
    assert message.startswith(f"{tmp_path.name}/casse.yaml : le fichier n'est pas un YAML valide")


def test_liens_entre_fichiers(tmp_path):
    ecrire(tmp_path, slug="national", voir_aussi=["inconnu"])
    ecrire(tmp_path, slug="local-94", territoire="94", variante_de="national")
    ecrire(tmp_path, slug="local-77", territoire="77", variante_de="local-94")
    ecrire(tmp_path, slug="national-bis", variante_de="national")
    ecrire(tmp_path, slug="orphelin", territoire="71", variante_de="absent")
    messages = erreurs(tmp_path)
    n = tmp_path.name
    assert f"{n}/national.yaml : champ « voir_aussi.0 » : aucun droit « inconnu »" in messages
    assert (
        f"{n}/local-77.yaml : champ « variante_de » : « local-94 » n'est pas une page nationale"
        in messages
    )
    assert any(
        m.startswith(f"{n}/national-bis.yaml : champ « variante_de » : seule") for m in messages
    )
    assert f"{n}/orphelin.yaml : champ « variante_de » : aucun droit « absent »" in messages
    assert not any("local-94.yaml" in m for m in messages)


def test_dossier_de_test_valide(contenu_test):
    assert schema.valider_dossier(contenu_test / "droits").erreurs == []


def test_tout_le_dossier_content_droits_est_valide():
    """The real content folder: every file valid, every link pointing to an existing right."""
    dossier = Path(settings.BASE_DIR) / "content" / "droits"
    resultat = schema.valider_dossier(
        dossier, departements=tuple(settings.DEPARTEMENTS), base=Path(settings.BASE_DIR)
    )
    assert resultat.erreurs == []
    assert resultat.fiches, "content/droits ne contient aucune fiche"


def test_export_yaml_relu_a_l_identique():
    data = schema.FicheDroit.model_validate(fiche(mots_cles=["garde"], populaire=True)).en_dict()
    assert yaml.safe_load(schema.dump_yaml(data)) == data
