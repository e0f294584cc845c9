"""The commune picker (#16): "chalon" must not silently pick Chalon (Isère, 176 inhabitants);
the list offers Chalon-sur-Saône first, with postcode and département; the user's chosen
département comes first; an autocomplete label "Nom (code postal)" is read exactly."""

import pytest

from bilan.communes import chercher_communes
from territoires.formulaires import resoudre_commune
from territoires.recherche import choix_evident, lire_libelle, normaliser
from territoires.tests.factories import CommuneFactory

SERVIS = ("77", "94", "71")


@pytest.fixture
def communes(db):
    for code, nom, cp, population in [
        ("38074", "Chalon", "38122", 176),
        ("71076", "Chalon-sur-Saône", "71100", 45102),
        ("51108", "Châlons-en-Champagne", "51000", 42971),
        ("71196", "Farges-lès-Chalon", "71150", 829),
        ("77288", "Melun", "77000", 41000),
        ("77495", "Vaux-le-Pénil", "77000", 11000),
        ("74243", "Saint-Martin-Bellevue", "74370", 1500),
        ("94068", "Saint-Maur-des-Fossés", "94100", 75000),
        ("71418", "Saint-Maurice-lès-Châteauneuf", "71740", 500),
    ]:
        CommuneFactory(code_insee=code, nom=nom, codes_postaux=cp, population=population)


def test_chalon_propose_chalon_sur_saone_d_abord(communes):
    r = resoudre_commune("chalon")
    assert r.commune is None
    assert [c.nom for c in r.choix[:2]] == ["Chalon-sur-Saône", "Châlons-en-Champagne"]
    assert "Chalon" in [c.nom for c in r.choix]  # still offered, never picked silently


def test_nom_exact_sans_ambiguite_pris_directement(communes):
    assert resoudre_commune("melun").commune.code_insee == "77288"
    assert resoudre_commune("MELUN").commune.code_insee == "77288"


def test_code_postal_partage_donne_le_choix_le_plus_peuple_d_abord(communes):
    r = resoudre_commune("77000")
    assert [c.nom for c in r.choix] == ["Melun", "Vaux-le-Pénil"]


def test_libelle_de_l_autocompletion(communes):
    assert lire_libelle("Chalon-sur-Saône (71100) — Saône-et-Loire") == (
        "Chalon-sur-Saône",
        "71100",
    )
    assert lire_libelle("Melun") is None
    assert resoudre_commune("Chalon-sur-Saône (71100)").commune.code_insee == "71076"
    assert resoudre_commune("Vaux-le-Pénil (77000)").commune.code_insee == "77495"


def test_departement_choisi_d_abord(communes):
    # "saint ma": by population Saint-Maur (94) leads; with the Saône-et-Loire chosen, its
    # commune comes first even though smaller.
    sans = resoudre_commune("saint ma").choix
    assert sans[0].nom == "Saint-Maur-des-Fossés"
    avec = resoudre_commune("saint ma", departement_prefere="71").choix
    assert avec[0].nom == "Saint-Maurice-lès-Châteauneuf"


def test_referentiel_du_bilan_meme_classement():
    # The bilan's questionnaire reads the full list of communes (no database).
    trouvees = chercher_communes("chalon", preferes=SERVIS)
    assert trouvees[0].nom == "Chalon-sur-Saône"
    assert choix_evident(trouvees, "chalon", nom=lambda c: normaliser(c.nom)) is None
    melun = chercher_communes("melun", preferes=SERVIS)
    assert choix_evident(melun, "melun", nom=lambda c: normaliser(c.nom)).code_insee == "77288"
    assert chercher_communes("Chalon-sur-Saône (71100)")[0].code_insee == "71076"


def test_api_des_communes(client, communes):
    r = client.get("/api/v1/communes", {"q": "chalon", "limite": 3})
    assert r.status_code == 200
    premiere = r.json()[0]
    assert premiere["nom"] == "Chalon-sur-Saône" and premiere["nom_departement"] == "Saône-et-Loire"


def test_commune_de_la_demande_d_aide_par_son_nom(communes):
    """The aid application form (#16: no INSEE code to type): a name, a postal code or the
    autocomplete label gives the code; an ambiguous text is kept for the validation to name."""
    from aides_financieres.formulaires import code_commune

    assert code_commune("melun") == "77288"
    assert code_commune("Chalon-sur-Saône (71100)") == "71076"
    assert code_commune("77288") == "77288"
    assert code_commune("chalon") == "chalon"  # two communes of the fund's départements match
    assert code_commune("") == ""
