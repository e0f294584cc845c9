import pytest
from django.core.management import call_command

from territoires.models import Commune, Departement
from territoires.recherche import normaliser, rang
from territoires.selectors import rechercher_communes
from territoires.tests.factories import commune_reelle


@pytest.mark.parametrize(
    "texte,attendu",
    [
        ("Saint-Rémy-l'Honoré", "saint remy l honore"),
        ("ST REMY L HONORE", "saint remy l honore"),
        ("Ste-Foy", "sainte foy"),
        ("Châlons-en-Champagne", "chalons en champagne"),
        ("  Œuilly ", "oeuilly"),
        ("", ""),
    ],
)
def test_normaliser(texte, attendu):
    assert normaliser(texte) == attendu


def test_rang():
    assert rang("melun", "melun") == 0
    assert rang("melun sud", "melun") == 1
    assert rang("dammarie les lys", "les lys") == 2
    assert rang("lesigny", "sign") == 3


@pytest.fixture
def communes(db):
    for code in ["77288", "77495", "71306", "71076", "94081", "85113", "77431"]:
        commune_reelle(code)


def test_recherche_par_nom_et_code_postal(communes):
    assert [c.nom for c in rechercher_communes("melun")] == ["Melun"]
    assert [c.nom for c in rechercher_communes("MONTCEAU les mines")] == ["Montceau-les-Mines"]
    assert [c.nom for c in rechercher_communes("chalon sur saone")] == ["Chalon-sur-Saône"]
    assert [c.nom for c in rechercher_communes("71300")] == ["Montceau-les-Mines"]
    assert [c.nom for c in rechercher_communes("94400")] == ["Vitry-sur-Seine"]
    assert [c.nom for c in rechercher_communes("77288")] == ["Melun"]
    assert rechercher_communes("") == [] and rechercher_communes("--") == []


def test_recherche_st_saint(communes):
    # 77431: Saint-Pierre-lès-Nemours
    assert [c.nom for c in rechercher_communes("St Pierre les Nemours")] == [
        "Saint-Pierre-lès-Nemours"
    ]
    assert [c.nom for c in rechercher_communes("ile d yeu")] == ["L'Île-d'Yeu"]


@pytest.mark.django_db
def test_charger_territoires_idempotent():
    call_command("charger_territoires", departement=["71"])
    n = Commune.objects.count()
    assert 500 < n < 600
    call_command("charger_territoires", departement=["71"])
    assert Commune.objects.count() == n
    montceau = Commune.objects.get(pk="71306")
    assert montceau.nom_normalise == "montceau les mines"
    assert montceau.epci is not None and "71300" in montceau.liste_codes_postaux
    assert Departement.objects.filter(code="94").exists()
