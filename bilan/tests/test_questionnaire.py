"""The public questionnaire without JavaScript (Django test client), and kept bilans."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from bilan.communes import chercher_communes
from bilan.models import ALPHABET_CODE, BilanConserve
from bilan.services import ouvrir_bilan_conserve
from bilan.tests.parcours import parcourir

from .factories import BilanConserveFactory

PARCOURS = [
    ("commune", {"commune": "Melun"}),
    ("logement", {"statut": "locataire_prive", "loyer": "650"}),
    ("foyer", {"en_couple": "non", "nb_enfants": "2"}),
    ("enfants", {"age_enfant_1": "3", "age_enfant_2": "7"}),
    ("vous", {"vous-age": "34", "vous-activite": "sans_emploi", "vous-handicap": "0"}),
    ("revenus", {"salaire_net": "", "chomage_net": "", "retraite": "", "pension_invalidite": ""}),
    ("droits", {}),
]


def test_chercher_communes_par_nom_code_postal_et_code_insee():
    assert chercher_communes("Melun")[0].code_insee == "77288"
    assert "77288" in [c.code_insee for c in chercher_communes("77000")]
    assert chercher_communes("77288")[0].nom == "Melun"
    assert chercher_communes("zzzz") == []


@pytest.mark.django_db
def test_parcours_complet_sans_javascript(client, tbs):
    for nom, data in PARCOURS:
        r = client.post(f"/bilan/etape/{nom}/", data)
        assert r.status_code == 302, (nom, r.content[:2000])
    assert r["Location"] == "/bilan/resultats/"
    page = client.get("/bilan/resultats/").content.decode()
    assert "Revenu de solidarité active" in page
    assert "/droits/rsa/" in page and "/annuaire/?commune=77288&amp;droit=rsa" in page
    assert "€ par mois" in page
    assert BilanConserve.objects.count() == 0  # nothing kept without consent


@pytest.mark.django_db
def test_retour_en_arriere_garde_les_reponses(client):
    client.post("/bilan/etape/commune/", {"commune": "Melun"})
    client.post("/bilan/etape/logement/", {"statut": "locataire_prive", "loyer": "650"})
    r = client.post(
        "/bilan/etape/foyer/", {"en_couple": "oui", "nb_enfants": "1", "precedent": "1"}
    )
    assert r["Location"] == "/bilan/etape/logement/"
    page = client.get("/bilan/etape/logement/").content.decode()
    assert 'value="650' in page
    page = client.get("/bilan/etape/foyer/").content.decode()
    assert 'value="oui" checked' in page


@pytest.mark.django_db
def test_erreurs_en_francais_liees_au_champ(client):
    r = client.post("/bilan/etape/logement/", {"statut": "locataire_prive", "loyer": "-3"})
    page = r.content.decode()
    assert r.status_code == 200
    assert "Loyer : le montant ne peut pas être négatif." in page
    assert 'aria-describedby="id_loyer-aide id_loyer-erreurs"' in page
    r = client.post("/bilan/etape/commune/", {"commune": "Saint-Martin"})
    assert "Plusieurs communes correspondent" in r.content.decode()


@pytest.mark.django_db
def test_conserver_avec_consentement_et_ouvrir_par_code(client, tbs):
    for nom, data in PARCOURS:
        client.post(f"/bilan/etape/{nom}/", data)
    client.get("/bilan/resultats/")
    r = client.post("/bilan/conserver/", {})
    assert BilanConserve.objects.count() == 0 and r.status_code == 302
    r = client.post("/bilan/conserver/", {"consentement": "oui"})
    bilan = BilanConserve.objects.get()
    assert bilan.code_affiche in r.content.decode()
    assert set(bilan.code) <= set(ALPHABET_CODE) and len(bilan.code) == 8
    assert bilan.situation["commune"] == "77288" and bilan.resultat["droits"]
    assert bilan.consentement_texte.startswith("J'accepte")
    assert ouvrir_bilan_conserve(bilan.code_affiche.lower()) == bilan


@pytest.mark.django_db
def test_bilan_expire_introuvable_puis_purge():
    actif = BilanConserveFactory()
    expire = BilanConserveFactory(expire_le=timezone.now() - timedelta(minutes=1))
    assert ouvrir_bilan_conserve(expire.code) is None
    assert ouvrir_bilan_conserve("ZZZZ-ZZZZ") is None
    assert ouvrir_bilan_conserve("") is None
    assert actif.expire_le > timezone.now() + timedelta(days=29)
    call_command("purger_bilans", wet_run=True)
    assert list(BilanConserve.objects.all()) == [actif]


@pytest.mark.django_db
@pytest.mark.parametrize("nb", ["100000", "-3", "9", "abc"])
def test_nombre_enfants_refuse_n_est_jamais_garde(client, nb):
    """Issue #18, high: a rejected count kept in the session made the next step build one field
    per child (100 000 → 22 s and 260 MB of one worker). Rejected values are never kept."""
    client.post("/bilan/etape/commune/", {"commune": "Melun"})
    client.post("/bilan/etape/logement/", {"statut": "locataire_prive", "loyer": "650"})
    r = client.post("/bilan/etape/foyer/", {"en_couple": "non", "nb_enfants": nb})
    assert r.status_code == 200 and "fr-error-text" in r.content.decode()
    assert "nb_enfants" not in client.session["bilan_reponses"]
    # Even a "previous" click with the bad value keeps nothing, and the children step is skipped.
    client.post("/bilan/etape/foyer/", {"en_couple": "non", "nb_enfants": nb, "precedent": "1"})
    assert "nb_enfants" not in client.session["bilan_reponses"]
    r = client.get("/bilan/etape/enfants/")
    assert r.status_code == 302


def test_nombre_enfants_borne_quel_que_soit_le_contenu_de_la_session():
    from bilan.questionnaire import NB_ENFANTS_MAX, etapes_utiles, formulaire, nombre_enfants

    reponses = {"nb_enfants": "100000", "en_couple": "non"}
    assert nombre_enfants(reponses) == NB_ENFANTS_MAX
    enfants = next(e for e in etapes_utiles(reponses) if e.nom == "enfants")
    # five questions per child (age, month of birth, month of arrival of an adopted child,
    # schooling, MDPH rate), for 8 at most
    assert len(formulaire(enfants, reponses).fields) == 5 * NB_ENFANTS_MAX


@pytest.mark.django_db
def test_virgule_decimale_et_loyer_borne_a_l_etape_du_loyer(client):
    """#16: "650,50" is 650.50 (not 65050); a rent above the engine's maximum fails at the rent
    step, naming the field, instead of at the very end."""
    from bilan.questionnaire import valider

    client.post("/bilan/etape/commune/", {"commune": "Melun"})
    r = client.post("/bilan/etape/logement/", {"statut": "locataire_prive", "loyer": "50 000"})
    page = r.content.decode()
    assert r.status_code == 200 and "Loyer : le montant doit être au plus de 20" in page
    r = client.post("/bilan/etape/logement/", {"statut": "locataire_prive", "loyer": "650,50"})
    assert r.status_code == 302
    for nom, data in PARCOURS[2:]:
        client.post(f"/bilan/etape/{nom}/", data)
    situation, _ = valider(client.session["bilan_reponses"])
    assert situation["logement"]["loyer"] == 650.5
    r = client.post("/bilan/etape/revenus/", {"salaire_net": "1.200,50"})
    page = r.content.decode().replace("&#x27;", "'")
    assert "Vous — salaire ou revenu d'activité : indiquez un montant en euros" in page


@pytest.mark.django_db
def test_compteur_d_etapes_constant(client):
    """No total before the household step; from it on, the same total on every step and
    numbers that follow each other."""
    r = client.get("/bilan/etape/commune/")
    assert "dépend de votre foyer" in r.content.decode()
    client.post("/bilan/etape/commune/", {"commune": "Melun"})
    client.post("/bilan/etape/logement/", {"statut": "locataire_prive", "loyer": "650"})
    client.post("/bilan/etape/foyer/", {"en_couple": "oui", "nb_enfants": "1"})
    vus = []
    for nom in ("foyer", "enfants", "vous", "conjoint", "revenus", "droits"):
        page = client.get(f"/bilan/etape/{nom}/").content.decode()
        import re

        vus.append(re.search(r"Étape (\d+) sur (\d+)", page).groups())
    assert [n for n, _ in vus] == ["3", "4", "5", "6", "7", "8"]
    assert {t for _, t in vus} == {"8"}


@pytest.mark.django_db
def test_libelles_inclusifs_et_mois_de_naissance(client):
    client.post("/bilan/etape/commune/", {"commune": "Melun"})
    client.post("/bilan/etape/foyer/", {"en_couple": "non", "nb_enfants": "1"})
    page = client.get("/bilan/etape/vous/").content.decode()
    assert "Salarié·e" in page and "Retraité·e" in page
    r = client.post("/bilan/etape/enfants/", {"naissance_enfant_1": "13/2023"})
    page = r.content.decode().replace("&#x27;", "'")
    assert "Mois de naissance de l'enfant n° 1 : ce mois n'existe pas" in page
    r = client.post("/bilan/etape/enfants/", {})
    assert "indiquez son âge ou son mois de naissance" in r.content.decode()
    r = client.post(
        "/bilan/etape/enfants/", {"naissance_enfant_1": "novembre 2023", "scolarite_enfant_1": ""}
    )
    assert r.status_code == 302
    assert client.session["bilan_reponses"]["naissance_enfant_1"] == "novembre 2023"


HANDICAPE = [
    ("commune", {"commune": "77284"}),
    ("logement", {"statut": "locataire_prive", "loyer": "560"}),
    ("foyer", {"en_couple": "non", "nb_enfants": "0", "handicap_foyer": "oui"}),
    ("vous", {"vous-age": "45", "vous-activite": "inactif", "vous-handicap": "80"}),
    ("handicap", {"vous_absolue": "0", "vous_grave": "2"}),
    ("revenus", {}),
    ("droits", {}),
]
RETRAITES = [
    ("commune", {"commune": "77288"}),
    ("logement", {"statut": "locataire_hlm", "loyer": "420"}),
    ("foyer", {"en_couple": "oui", "nb_enfants": "0", "autonomie_foyer": "oui"}),
    ("vous", {"vous-age": "79", "vous-activite": "retraite"}),
    ("conjoint", {"conjoint-naissance": "03/1944", "conjoint-activite": "retraite"}),
    (
        "autonomie",
        {
            "vous_gir": "",
            "conjoint_gir": "",
            "conjoint_deplacements": "seul",
            "conjoint_toilette": "aide",
            "conjoint_orientation": "non",
        },
    ),
    ("revenus", {"retraite": "700", "conjoint_retraite": "350"}),
    ("droits", {}),
]


@pytest.mark.django_db
def test_adulte_handicape_aah_pch_cmi_rqth(client, tbs):
    """#17, done when: a disabled adult at home, 80 %, difficulties in two activities."""
    r = parcourir(client, HANDICAPE)
    assert r["Location"] == "/bilan/resultats/"
    page = client.get("/bilan/resultats/").content.decode()
    resultat = client.session["bilan_resultat"]["resultat"]
    eligibles = {d["slug"] for d in resultat["droits"] if d["eligible"]}
    assert {"aah", "pch", "cmi", "rqth"} <= eligibles
    for titre in ("Allocation aux adultes handicapés", "Prestation de compensation"):
        assert titre in page
    assert "/droits/pch/" in page and "aide humaine" in page


@pytest.mark.django_db
def test_couple_de_retraites_gir_estime(client, tbs):
    """#17, done when: a retired couple with small pensions, one of them GIR 4 (here estimated
    by the short guided questions, with its uncertainty said)."""
    parcourir(client, RETRAITES)
    client.get("/bilan/resultats/")
    garde = client.session["bilan_resultat"]
    conjoint = garde["situation"]["personnes"][1]
    assert conjoint["gir"] == 4 and conjoint["gir_estime"] and conjoint["naissance"] == "1944-03"
    droits = {d["slug"]: d for d in garde["resultat"]["droits"]}
    assert {"aspa", "css", "cheque-energie", "apa"} <= {
        s for s, d in droits.items() if d["eligible"]
    }
    assert "estimé à partir de quelques questions" in droits["apa"]["explication"]


def test_estimation_du_gir():
    from bilan.questionnaire import estimer_gir

    assert estimer_gir("seul", "seul", "non") is None
    assert estimer_gir("seul", "aide", "non") == 4
    assert estimer_gir("aide", "aide", "non") == 3
    assert estimer_gir("lit", "aide", "oui") == 2


HEBERGE = [
    ("commune", {"commune": "77288"}),
    ("logement", {"statut": "locataire_prive", "loyer": "750"}),
    ("foyer", {"en_couple": "non", "nb_enfants": "0", "proche_heberge": "oui"}),
    ("vous", {"vous-age": "55", "vous-activite": "salarie"}),
    (
        "autonomie",
        {
            "heberge_age": "82",
            "heberge_retraite": "950",
            "heberge_gir": "3",
        },
    ),
    ("revenus", {"salaire_net": "1700"}),
    ("droits", {}),
]


@pytest.mark.django_db
def test_parent_age_heberge_son_apa(client, tbs):
    """#17: the questionnaire describes an older relative the household hosts (asked only
    when the household says so), and the bilan gives their APA, on their own resources."""
    r = parcourir(client, HEBERGE)
    assert r["Location"] == "/bilan/resultats/"
    client.get("/bilan/resultats/")
    garde = client.session["bilan_resultat"]
    heberge = garde["situation"]["personnes"][-1]
    assert (heberge["role"], heberge["age"], heberge["gir"]) == ("autre", 82, 3)
    assert heberge["revenus"]["retraite"] == 950 and not heberge["gir_estime"]
    apa = next(d for d in garde["resultat"]["droits"] if d["slug"] == "apa")
    assert apa["eligible"] and apa["montant_mensuel"] > 1000
    assert "la personne que vous hébergez" in apa["explication"]
    # Without a hosted relative nor an older person, the autonomy step is not asked.
    from bilan.questionnaire import etapes_utiles

    noms = [e.nom for e in etapes_utiles({"en_couple": "non", "proche_heberge": "non"})]
    assert "autonomie" not in noms
