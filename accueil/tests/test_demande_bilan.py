"""The call-back form with a bilan code and its confirmation (#16, resident side): the code comes
from the bilan's result, is checked (unknown or expired: a French error naming the field), and
the agent opening the request reads the bilan without retyping (page and API, audited); the
confirmation gives the office's phone and goes by e-mail and/or SMS only when the person
chooses it, through the durable queue."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from accueil.models import Demande
from accueil.services import texte_confirmation
from accueil.tests.test_parcours import FORMULAIRE
from bilan.models import BilanConserve
from bilan.services import conserver_bilan
from bilan.tests.test_restitution import RESULTAT, SITUATION
from comptes.models import EvenementAudit


@pytest.fixture
def bilan(db):
    return conserver_bilan(SITUATION, RESULTAT)


def test_du_resultat_du_bilan_au_formulaire_pre_rempli(client, monde, bilan):
    s = client.session
    s["bilan_resultat"] = {"situation": SITUATION, "resultat": RESULTAT, "code": bilan.code_affiche}
    s.save()
    r = client.post("/bilan/etre-rappele/")
    assert r.status_code == 302 and "code_bilan=" in r.url
    page = client.get(r.url).content.decode()
    assert f'value="{bilan.code_affiche}"' in page  # the code field, pre-filled
    assert 'value="Melun (77000)"' in page  # the bilan's commune, as a resident reads it
    assert f"Votre bilan des droits <strong>{bilan.code_affiche}</strong>" in page


def test_code_inconnu_ou_expire_refuse_en_nommant_le_champ(client, monde, bilan):
    r = client.post("/accueil/demande/", {**FORMULAIRE, "code_bilan": "ZZZZ-ZZZZ"})
    page = r.content.decode()
    assert r.status_code == 200 and "<title>Erreur : " in page
    assert "Code du bilan : aucun bilan conservé ne correspond à ce code" in page
    assert 'aria-describedby="id_code_bilan_helptext id_code_bilan-erreur"' in page
    BilanConserve.objects.filter(pk=bilan.pk).update(expire_le=timezone.now() - timedelta(1))
    r = client.post("/accueil/demande/", {**FORMULAIRE, "code_bilan": bilan.code_affiche})
    assert "ou il a expiré" in r.content.decode()
    assert Demande.objects.count() == 0


def test_l_agent_voit_le_bilan_joint_sans_ressaisie(client, monde, bilan):
    code = bilan.code_affiche.lower().replace("-", " ")  # as typed by a resident
    r = client.post("/accueil/demande/", {**FORMULAIRE, "code_bilan": code})
    assert r.status_code == 302
    d = Demande.objects.get()
    assert d.code_bilan == bilan.code_affiche
    assert bilan.code_affiche in client.get(r.url).content.decode()

    client.force_login(monde["comptes"]["A.accueil"])
    page = client.get(f"/accueil/demandes/{d.pk}/").content.decode()
    for texte in (
        f"Bilan des droits joint par la personne ({bilan.code_affiche})",
        "Les réponses de la personne",
        "650,50",  # the rent the person declared
        "Revenu de solidarité active (RSA)",
        "412,00 € par mois",
        "Vos ressources sont sous le montant garanti.",
    ):
        assert texte in page, texte
    ouvertures = EvenementAudit.objects.filter(
        action=EvenementAudit.Action.CONSULTATION, objet="bilan", objet_id=str(bilan.pk)
    )
    assert ouvertures.count() == 1
    # The contact opened from the request carries the code: the rights are copied, not retyped.
    p = monde["personne"]
    form = client.get(f"/accueil/personnes/{p.pk}/contacts/nouveau/?demande={d.pk}")
    assert f'value="{bilan.code_affiche}"' in form.content.decode()

    # The API gives the same bilan, audited too.
    j = client.get(f"/api/v1/accueil/demandes/{d.pk}").json()
    assert j["code_bilan"] == bilan.code_affiche
    assert j["bilan"]["droits_probables"][0]["titre"] == "Revenu de solidarité active (RSA)"
    assert j["bilan"]["mois"] == "novembre 2026" and j["bilan"]["total_mensuel"] == 412.0
    assert any("650,50" in ligne for ligne in j["bilan"]["reponses"])
    assert ouvertures.count() == 2

    # Past its 30 days the bilan is no longer shown: the page says so.
    BilanConserve.objects.filter(pk=bilan.pk).update(expire_le=timezone.now() - timedelta(1))
    page = client.get(f"/accueil/demandes/{d.pk}/").content.decode()
    assert "plus conservé" in page and "Les réponses de la personne" not in page
    assert client.get(f"/api/v1/accueil/demandes/{d.pk}").json()["bilan"] is None


def test_confirmation_par_courriel_et_sms_au_choix(
    client, monde, envois_immediats, _sms_en_memoire
):
    r = client.post(
        "/accueil/demande/",
        {**FORMULAIRE, "courriel": "camille@example.org", "confirmation": ["sms", "courriel"]},
    )
    assert r.status_code == 302
    d = Demande.objects.get()
    assert d.confirmation == ["courriel", "sms"]
    mds = monde["mds_a"]
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["camille@example.org"]
    corps = mail.outbox[0].body
    assert d.reference in corps and mds.nom in corps and mds.telephone in corps
    assert "3919" in corps and "Camille" not in corps  # nothing else about the person
    assert len(_sms_en_memoire) == 1 and _sms_en_memoire[0].numero == "0611223344"
    sms = _sms_en_memoire[0].texte
    assert d.reference in sms and mds.telephone in sms and len(sms) < 320
    page = client.get(r.url).content.decode()
    assert "Une confirmation avec ces informations vous est envoyée par courriel et par SMS" in page
    client.force_login(monde["comptes"]["A.accueil"])
    assert "par courriel et par SMS" in client.get(f"/accueil/demandes/{d.pk}/").content.decode()


def test_pas_de_confirmation_sans_choix_ni_sans_coordonnee(
    client, monde, envois_immediats, _sms_en_memoire
):
    # Asking for an SMS without a number: the field is named, nothing recorded, nothing sent.
    r = client.post(
        "/accueil/demande/",
        {**FORMULAIRE, "telephone": "", "courriel": "a@example.org", "confirmation": ["sms"]},
    )
    assert "Pour recevoir la confirmation par SMS, indiquez votre numéro" in r.content.decode()
    assert Demande.objects.count() == 0
    client.post("/accueil/demande/", {**FORMULAIRE, "courriel": "a@example.org"})
    assert Demande.objects.get().confirmation == []
    assert not mail.outbox and not _sms_en_memoire


def test_texte_de_confirmation_sans_bureau(db):
    d = Demande(reference="D-ABCD-EFGH", commune_code="99999")
    assert "les services sociaux du Département" in texte_confirmation(d)
    assert "Tél." not in texte_confirmation(d, court=True)


def test_commune_choisie_dans_une_liste_sans_javascript(client, monde):
    """#16: "chalon" no longer picks Chalon (Isère) silently: the form lists the communes,
    Chalon-sur-Saône first (population, départements served), with postcode and département."""
    r = client.post("/accueil/demande/", {**FORMULAIRE, "commune": "chalon"})
    page = r.content.decode()
    assert r.status_code == 200 and Demande.objects.count() == 0
    assert "Plusieurs communes correspondent : choisissez la vôtre dans la liste." in page
    assert "<title>Erreur : " in page
    premier = page.index("Chalon-sur-Saône (71100) — Saône-et-Loire")
    assert premier < page.index("Chalon (38")
    r = client.post(
        "/accueil/demande/", {**FORMULAIRE, "commune": "chalon", "code_commune": "71076"}
    )
    assert r.status_code == 302 and Demande.objects.get().commune_code == "71076"
    # The autocomplete's label ("Name (postcode)") names one commune: no list.
    r = client.post("/accueil/demande/", {**FORMULAIRE, "commune": "Melun (77000)"})
    assert r.status_code == 302 and Demande.objects.filter(commune_code="77288").count() == 1
