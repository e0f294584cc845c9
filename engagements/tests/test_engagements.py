"""Les engagements du Val-de-Marne tels que livrés : décompte calculé, changement de statut par
la direction du pilotage (page et API), historique, refus."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from annuaire.tests.factories import StructureFactory
from chiffres.tests.demo import compte, module_charge
from comptes.models import EvenementAudit
from engagements import services
from engagements.models import ChangementStatut, Engagement

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with module_charge(django_db_blocker, ("94", "77")):
        yield


@pytest.fixture
def pilotage_94(demo):
    s = StructureFactory(
        nom="Direction du pilotage (test)",
        typologie="departement",
        commune_id="94028",
        departement_id="94",
    )
    return compte(s, "pilotage", "pilotage-94")


@pytest.fixture
def pilotage_77(demo):
    s = StructureFactory(
        nom="Direction du pilotage 77 (test)",
        typologie="departement",
        commune_id="77288",
        departement_id="77",
    )
    return compte(s, "pilotage", "pilotage-77")


def _decompte(html: str, cle: str) -> dict:
    bloc = html[html.index(f'data-decompte="{cle}"') :]
    bloc = bloc[: bloc.index("</ul>")]
    return {k: int(v) for k, v in re.findall(r'data-compte="(\w+)">(\d+)<', bloc)}


def engagement_2016(numero: int) -> Engagement:
    return Engagement.objects.get(schema__cle="94-etats-generaux-2016", numero=numero)


def test_la_page_publique_calcule_5_tenus_et_3_en_cours_pour_2016(client, demo):
    r = client.get("/engagements/94/")
    assert r.status_code == 200
    html = r.content.decode()
    d = _decompte(html, "94-etats-generaux-2016")
    assert d["tenu"] == 5 and d["en_cours"] == 3
    # « d'ici 2020 » : deux engagements en cours ont passé leur échéance
    assert d["en_retard"] == 2
    assert _decompte(html, "94-conference-2019")["a_venir"] == 3
    # le nombre vient des enregistrements : aucun « 5 » écrit dans le contenu
    assert (
        Engagement.objects.filter(schema__cle="94-etats-generaux-2016", statut="tenu").count() == 5
    )


def test_historique_date_et_source_sur_la_page_d_un_engagement(client, demo):
    e = engagement_2016(5)
    r = client.get(f"/engagements/engagement/{e.pk}/")
    html = r.content.decode()
    assert "4 comités de vie sociale sont effectifs" in html
    assert "27/03/2019" in html and "24/11/2016" in html
    assert "vérifié le" in html
    assert list(e.changements.values_list("nouveau", flat=True)) == ["a_venir", "en_cours"]


def test_la_direction_du_pilotage_change_un_statut_et_la_page_suit(client, pilotage_94):
    e = engagement_2016(7)
    client.force_login(pilotage_94)
    r = client.get(f"/engagements/engagement/{e.pk}/statut/")
    assert r.status_code == 200
    r = client.post(
        f"/engagements/engagement/{e.pk}/statut/",
        {
            "statut": "tenu",
            "date": timezone.localdate().isoformat(),
            "preuve": "Compte rendu de la conférence locale.",
            "version": e.version,
        },
    )
    assert r.status_code == 302
    e.refresh_from_db()
    assert e.statut == "tenu"
    dernier = e.changements.last()
    assert (dernier.ancien, dernier.nouveau, dernier.auteur) == ("en_cours", "tenu", pilotage_94)
    d = _decompte(client.get("/engagements/94/").content.decode(), "94-etats-generaux-2016")
    assert d["tenu"] == 6 and d["en_cours"] == 2
    assert EvenementAudit.objects.filter(objet="engagement", objet_id=e.pk).exists()


def test_saisie_invalide_message_en_francais_rien_d_ecrit(client, pilotage_94):
    e = engagement_2016(7)
    client.force_login(pilotage_94)
    avant = ChangementStatut.objects.count()
    futur = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    r = client.post(
        f"/engagements/engagement/{e.pk}/statut/",
        {"statut": "tenu", "date": futur, "preuve": "x", "version": e.version},
    )
    assert r.status_code == 200
    assert "ne peut pas être dans le futur" in r.content.decode()
    r = client.post(
        f"/engagements/engagement/{e.pk}/statut/",
        {"statut": "fini", "date": "pas une date", "preuve": "", "version": e.version},
    )
    html = r.content.decode()
    assert "Choisissez un statut de la liste." in html
    assert "Indiquez une date valide" in html
    assert "Ce champ est obligatoire." in html
    assert ChangementStatut.objects.count() == avant


def test_un_autre_departement_ou_un_autre_role_ne_modifie_pas(client, pilotage_77, demo):
    e = engagement_2016(7)
    client.force_login(pilotage_77)
    assert client.get(f"/engagements/engagement/{e.pk}/statut/").status_code == 404
    assert EvenementAudit.objects.filter(action="refus", objet="engagement").exists()
    partenaire = compte(
        StructureFactory(departement_id="94", commune_id="94028"), "partenaire", "p94"
    )
    client.force_login(partenaire)
    assert client.get(f"/engagements/engagement/{e.pk}/statut/").status_code == 403
    client.logout()
    r = client.get(f"/engagements/engagement/{e.pk}/statut/")
    assert r.status_code == 302 and "/comptes/connexion/" in r["Location"]


def test_api_lecture_publique_et_changement_par_le_pilotage(client, pilotage_94):
    r = client.get("/api/v1/engagements/94")
    assert r.status_code == 200
    s2016 = next(s for s in r.json()["schemas"] if s["cle"] == "94-etats-generaux-2016")
    assert (s2016["decompte"]["tenu"], s2016["decompte"]["en_cours"]) == (5, 3)
    e = engagement_2016(4)
    url = f"/api/v1/engagements/engagement/{e.pk}/statut"
    corps = {
        "statut": "tenu",
        "date": str(timezone.localdate()),
        "preuve": "Base ouverte.",
        "version": e.version,
    }
    assert client.post(url, corps, content_type="application/json").status_code == 401
    client.force_login(pilotage_94)
    r = client.post(url, {**corps, "statut": "fini"}, content_type="application/json")
    assert r.status_code == 400
    assert r.json()["erreurs"][0]["champ"] == "statut"
    r = client.post(url, corps, content_type="application/json")
    assert r.status_code == 200, r.content
    assert r.json()["statut"] == "tenu"
    assert r.json()["historique"][-1]["preuve"] == "Base ouverte."
    # version périmée : refus, rien d'écrit
    r = client.post(url, {**corps, "statut": "en_cours"}, content_type="application/json")
    assert r.status_code == 400 and r.json()["erreurs"][0]["champ"] == "version"


def test_rechargement_idempotent_garde_les_changements_saisis(pilotage_94):
    e = engagement_2016(7)
    services.changer_statut(
        e, nouveau="tenu", date=timezone.localdate(), preuve="Fait.", auteur=pilotage_94
    )
    services.charger()
    services.charger()
    e.refresh_from_db()
    assert e.statut == "tenu"
    assert e.changements.count() == 3
    assert Engagement.objects.filter(schema__departement_id="94").count() == 11


def test_le_pilotage_ajoute_et_modifie_un_engagement(client, pilotage_94, pilotage_77):
    from engagements.models import Schema

    s2019 = Schema.objects.get(cle="94-conference-2019")
    client.force_login(pilotage_94)
    r = client.post("/engagements/nouveau/", {"schema": s2019.pk, "titre": "", "porteur": ""})
    assert r.status_code == 400 and "Ce champ est obligatoire." in r.content.decode()
    r = client.post(
        "/engagements/nouveau/",
        {
            "schema": s2019.pk,
            "titre": "Un comité d'usagers dans chaque Espace insertion",
            "porteur": "Direction de l'insertion",
            "echeance": "2027-06-30",
        },
    )
    assert r.status_code == 302
    e = Engagement.objects.get(schema=s2019, numero=4)
    assert (e.statut, e.changements.get().nouveau) == ("a_venir", "a_venir")
    d = _decompte(client.get("/engagements/94/").content.decode(), "94-conference-2019")
    assert d["a_venir"] == 4
    r = client.post(
        f"/engagements/engagement/{e.pk}/modifier/",
        {"titre": e.titre, "porteur": "DGA solidarités", "echeance": "2027-12-31"},
    )
    assert r.status_code == 302
    e.refresh_from_db()
    assert (e.porteur, str(e.echeance)) == ("DGA solidarités", "2027-12-31")
    # une démarche d'un autre département n'est pas proposée
    s77 = Schema.objects.get(cle="77-schema-2019-2024")
    r = client.post("/engagements/nouveau/", {"schema": s77.pk, "titre": "x", "porteur": "y"})
    assert "Choisissez une démarche de la liste." in r.content.decode()
    client.force_login(pilotage_77)
    assert client.get(f"/engagements/engagement/{e.pk}/modifier/").status_code == 404
