from pathlib import Path

import pytest
import yaml

from droits.recherche import index
from droits.recherche.normalisation import mots, normaliser, racine
from droits.recherche.requete import (
    Analyseur,
    ErreurSynonymes,
    Synonyme,
    Vocabulaire,
    lire_synonymes,
)
from droits.tests.factories import DroitFactory

# --- Plain Python: normalisation and query analysis ----------------------------------------------


def test_normaliser_casse_accents_apostrophes():
    assert normaliser("Je n’arrive PLUS à payer l'électricité") == (
        "je n arrive plus a payer l electricite"
    )
    assert normaliser("Œuvre, sœur !") == "oeuvre soeur"


@pytest.mark.parametrize(
    "a, b",
    [
        ("loyer", "loyers"),
        ("handicapé", "handicap"),
        ("handicapées", "handicap"),
        ("Logement", "logements"),
        ("allocation", "allocations"),
        ("âgée", "âgées"),
    ],
)
def test_meme_racine(a, b):
    assert [racine(m) for m in mots(a)] == [racine(m) for m in mots(b)]


def test_mots_vides_retires():
    assert mots("je n'arrive plus à payer mon loyer") == ["arrive", "payer", "loyer"]


def analyseur(*synonymes, vocabulaire=("logement", "handicap", "loyer", "chomage")):
    return Analyseur([Synonyme(*s) for s in synonymes], Vocabulaire(vocabulaire))


def test_une_faute_corrigee_dans_un_mot_long():
    requete = analyseur().analyser("logment")
    assert requete.corrections == {"logment": "logement"}
    assert "logement" in requete.mots


def test_pas_de_correction_des_mots_courts_ni_connus():
    a = analyseur()
    assert a.analyser("loyr").corrections == {}  # 4 letters
    assert a.analyser("logements").corrections == {}  # known through its stem
    assert a.analyser("lxgxment").corrections == {}  # two typos


def test_synonymes_expression_et_pluriel():
    a = analyseur(
        (("impayé de loyer",), ("fsl",)),
        (("vieux", "personne âgée"), ("senior",)),
    )
    assert a.analyser("J'ai des impayés de loyer").synonymes == ["fsl"]
    assert a.analyser("aide pour personnes âgées").synonymes == ["senior"]
    assert a.analyser("mes parents sont vieux").synonymes == ["senior"]
    assert a.analyser("loyer").synonymes == []


def test_synonyme_apres_correction():
    a = analyseur((("chômage",), ("demandeur d'emploi",)))
    requete = a.analyser("chomagr")
    assert requete.synonymes == ["demandeur", "emploi"]


def test_synonymes_invalides_nomment_l_entree():
    with pytest.raises(ErreurSynonymes, match="entrée 2 : champ « equivalents »"):
        lire_synonymes(
            [{"expressions": ["a"], "equivalents": ["b"]}, {"expressions": ["c"]}],
            "synonymes.yaml",
        )


def test_fichier_synonymes_du_projet_valide(settings):
    path = Path(settings.BASE_DIR) / "content" / "recherche" / "synonymes.yaml"
    if not path.exists():
        pytest.fail("content/recherche/synonymes.yaml manque")
    assert lire_synonymes(yaml.safe_load(path.read_text(encoding="utf-8")))


# --- Against the database (SQLite FTS5 or PostgreSQL full-text) ----------------------------------


def slugs(texte, **kwargs):
    return [r.slug for r in index.rechercher(texte, **kwargs).resultats]


def test_accents_casse_pluriels(droits_test):
    assert slugs("LOYERS")[:2] == slugs("loyer")[:2]
    assert "pch" in slugs("handicapés")
    assert slugs("complementaire sante")[0] == "css"


def test_titre_avant_resume_avant_corps(db, contenu_test):
    DroitFactory(slug="corps", titre="Aide A", resume="Rien.", pour_qui=["Pour le jardinage."])
    DroitFactory(slug="resume", titre="Aide B", resume="Pour le jardinage.")
    DroitFactory(slug="titre", titre="Aide au jardinage", resume="Rien.")
    assert slugs("jardinage") == ["titre", "resume", "corps"]


def test_synonymes_du_fichier(droits_test):
    assert slugs("mutuelle")[0] == "css"
    assert slugs("fauteuil roulant")[0] == "pch"


def test_une_faute_de_frappe(droits_test):
    assert slugs("complemntaire")[0] == "css"
    assert slugs("autonomei")[0] == "apa"


def test_loyer_impaye_fsl_et_aide_au_logement_en_tete(droits_test):
    assert set(slugs("je n'arrive plus à payer mon loyer")[:2]) == {"fsl", "aide-logement"}


def test_filtre_territorial(droits_test):
    sans = slugs("aide", limite=None)
    assert "pass-le-cap" in slugs("pass le cap")
    # Without a département: the 94 version is folded under the national FSL page.
    assert "fsl" in slugs("impayé de loyer") and "fsl-94" not in slugs("impayé de loyer")
    # A resident of 94: national + 94, the 94 FSL replaces the national one, nothing of 77.
    avec94 = slugs("impayé de loyer", departement="94")
    assert "fsl-94" in avec94 and "fsl" not in avec94
    assert slugs("pass le cap", departement="94") == []
    assert "pass-le-cap" in slugs("pass le cap", departement="77")
    assert "fsl" in slugs("impayé de loyer", departement="77")
    assert "aides-financieres-71" not in slugs("aide", departement="77", limite=None)
    assert len(sans) == len(set(sans))


def test_filtre_thematique(droits_test):
    assert slugs("aide", thematique="logement-hebergement", limite=None) == [
        s for s in slugs("aide", limite=None) if s in {"fsl", "aide-logement"}
    ]
    assert slugs("aide", thematique="sante--acces-aux-soins") == ["css"]


def test_seuls_les_droits_publies(droits_test):
    from droits.models import Droit

    css = Droit.objects.get(slug="css")
    css.statut = Droit.Statut.BROUILLON
    css.save()
    assert "css" not in slugs("complementaire sante")
    css.statut = Droit.Statut.PUBLIE
    css.save()
    assert slugs("complementaire sante")[0] == "css"


def test_requete_vide(droits_test):
    assert slugs("") == [] and slugs("  le la les ") == []


def test_elagage_des_mots_courants_sur_un_grand_index():
    from droits.recherche.requete import Requete

    def etat(n, frequences):
        return index._Etat(None, None, {}, {}, {}, {}, {}, frequences, n)

    requete = Requete("x", mots=["loyer", "aide", "fsl", "logement"])
    racines = [racine(m) for m in requete.mots]
    # More than half of the documents: null weight in bm25, left out whatever the size.
    petit = etat(100, dict(zip(racines, [10, 80, 2, 30], strict=True)))
    assert index._racines_utiles(requete, petit) == [racines[0], racines[2], racines[3]]
    # Large index, too many documents to score: the most common words go, the rarest stay.
    grand = etat(10_000, dict(zip(racines, [1500, 9000, 200, 2000], strict=True)))
    assert index._racines_utiles(requete, grand) == [racines[0], racines[2]]
    assert index._racines_utiles(requete, grand, exact=True) == [
        racines[0],
        racines[2],
        racines[3],
    ]
