"""Keeping a bilan's result: the page reopened with its code, the e-mail, the call-back, the
situation summary and the printout's contents (issue #16)."""

import pytest
from django.core import mail
from django.urls import reverse

from bilan.models import BilanConserve
from bilan.moteur import ResultatBilan
from bilan.restitution import mois_en_mots, resume_situation, texte_courriel
from bilan.services import conserver_bilan
from comptes.tests.factories import SecteurFactory, StructureFactory, melun

SITUATION = {
    "mois": "2026-11",
    "commune": "77288",
    "logement": {"statut": "locataire_prive", "loyer": 650.5},
    "personnes": [
        {"role": "demandeur", "age": 34, "activite": "sans_emploi", "revenus": {}},
        {"role": "enfant", "age": 3},
        {"role": "enfant", "age": 7},
    ],
    "droits_percus": [],
}
RESULTAT = {
    "mois": "2026-11",
    "commune": "77288",
    "departement": "77",
    "total_mensuel": 412.0,
    "droits": [
        {
            "slug": "rsa",
            "titre": "Revenu de solidarité active (RSA)",
            "page": "rsa",
            "eligible": True,
            "montant_mensuel": 412.0,
            "explication": "Vos ressources sont sous le montant garanti.",
        },
        {
            "slug": "aah",
            "titre": "Allocation aux adultes handicapés",
            "eligible": False,
            "explication": "Pas de handicap déclaré.",
        },
    ],
}


@pytest.fixture
def melun_et_mds(db):
    commune = melun()
    mds = StructureFactory(
        nom="MDS de Melun", typologie="mds", commune=commune, telephone="01 99 00 77 01"
    )
    SecteurFactory(structure=mds, commune=commune)
    return mds


def test_mois_en_mots():
    assert mois_en_mots("2026-11") == "novembre 2026"
    assert mois_en_mots("2027-01") == "janvier 2027"
    assert mois_en_mots("n'importe") == "n'importe"


def test_resume_de_la_situation(melun_et_mds):
    lignes = resume_situation(SITUATION)
    assert lignes[0] == "Commune : Melun (Seine-et-Marne)." or lignes[0].startswith(
        "Commune : Melun"
    )
    assert "loyer de 650,50 € par mois" in lignes[1]
    assert "seul(e) avec 2 enfants (3 ans, 7 ans)" in lignes[2]
    assert lignes[3] == "Vous : 34 ans, sans emploi ; pas de revenu déclaré."


def test_retrouver_avec_le_code_puis_page_du_bilan(client, melun_et_mds):
    conserve = conserver_bilan(SITUATION, RESULTAT)
    r = client.post(reverse("bilan:retrouver"), {"code": conserve.code_affiche.lower()})
    assert r.status_code == 302 and r.url == reverse("bilan:mon_bilan")
    page = client.get(r.url).content.decode()
    # Title, amount, then why; the date, the situation, the code, the places to go.
    titre = page.index("Revenu de solidarité active (RSA)</h3>")
    assert titre < page.index("412,00 € par mois", titre) < page.index("Pourquoi", titre)
    assert "Bilan établi le " in page and "calculé pour le mois de novembre 2026" in page
    assert "Votre situation" in page and "loyer de 650,50 € par mois" in page
    assert conserve.code_affiche in page
    assert "Où faire vos demandes" in page and "MDS de Melun" in page
    assert 'href="tel:0199007701"' in page
    assert "data-imprimer hidden" in page and "Imprimer ce résumé" in page
    assert "onclick" not in page


def test_code_inconnu(client, db):
    r = client.post(reverse("bilan:retrouver"), {"code": "ZZZZ-ZZZZ"})
    assert r.status_code == 400
    page = r.content.decode()
    assert "<title>Erreur : " in page and "aucun bilan conservé ne correspond" in page
    assert (
        'aria-describedby="id_code_helptext id_code-erreur"' in page
        and 'id="id_code-erreur"' in page
    )
    assert client.get(reverse("bilan:mon_bilan")).url == reverse("bilan:retrouver")


def _ouvrir(client, code=None):
    conserve = conserver_bilan(SITUATION, RESULTAT) if code is None else None
    client.post(reverse("bilan:retrouver"), {"code": code or conserve.code_affiche})
    return conserve


def test_envoi_par_courriel(client, melun_et_mds, envois_immediats):
    conserve = _ouvrir(client)
    r = client.post(reverse("bilan:envoyer"), {"courriel": "pas-une-adresse"})
    assert r.status_code == 400 and "<title>Erreur : " in r.content.decode()
    assert "Adresse électronique : le format attendu est nom@exemple.fr." in r.content.decode()
    assert mail.outbox == []
    r = client.post(reverse("bilan:envoyer"), {"courriel": "habitant@example.org"})
    assert r.status_code == 302
    (message,) = mail.outbox
    assert (
        message.to == ["habitant@example.org"]
        and message.subject == "Votre bilan d'accès aux droits"
    )
    assert "Revenu de solidarité active (RSA) : 412 € par mois" in message.body
    assert "novembre 2026" in message.body and "loyer de 650,5" in message.body
    assert "MDS de Melun" in message.body and "01 99 00 77 01" in message.body
    assert conserve.code_affiche in message.body
    for _ in range(2):
        client.post(reverse("bilan:envoyer"), {"courriel": "habitant@example.org"})
    r = client.post(reverse("bilan:envoyer"), {"courriel": "autre@example.org"})
    assert r.status_code == 400 and len(mail.outbox) == 3  # at most 3 per session


def test_etre_rappele_avec_le_bilan(client, melun_et_mds):
    session = client.session
    session["bilan_resultat"] = {"situation": SITUATION, "resultat": RESULTAT}
    session.save()
    r = client.post(reverse("bilan:etre_rappele"))
    assert r.status_code == 400 and "cochez la case d&#x27;accord" in r.content.decode()
    assert not BilanConserve.objects.exists()
    r = client.post(reverse("bilan:etre_rappele"), {"consentement": "oui"})
    conserve = BilanConserve.objects.get()
    assert r.status_code == 302
    assert r.url == f"{reverse('accueil:demande')}?code_bilan={conserve.code_affiche}&commune=77288"
    # Asked again: the same kept bilan, no second copy.
    client.post(reverse("bilan:etre_rappele"))
    assert BilanConserve.objects.count() == 1


def test_texte_du_courriel_sans_annuaire(db):
    texte = texte_courriel(SITUATION, ResultatBilan.model_validate(RESULTAT))
    assert "Bonjour" in texte and "Revenu de solidarité active" in texte
