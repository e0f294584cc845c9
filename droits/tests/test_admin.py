import json

import pytest
from django.contrib.auth.models import User
from django.forms.models import model_to_dict

from droits.models import Droit
from droits.recherche import index


@pytest.fixture
def admin_client_droits(client, droits_test):
    user = User.objects.create_superuser("redactrice", "r@example.org", "x")
    client.force_login(user)
    return client, user


def donnees(droit: Droit, **changes) -> dict:
    data = model_to_dict(droit)
    for champ, valeur in list(data.items()):
        if isinstance(valeur, list | dict):
            data[champ] = json.dumps(valeur, ensure_ascii=False)
        elif valeur is None:
            data[champ] = ""
    data.update(changes)
    data.pop("id", None)
    return data


def test_modification_historisee_et_indexee(admin_client_droits):
    client, user = admin_client_droits
    css = Droit.objects.get(slug="css")
    r = client.post(
        f"/admin/droits/droit/{css.pk}/change/",
        donnees(css, titre="Complémentaire santé solidaire et lunettes"),
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    derniere = css.history.first()
    assert derniere.history_user == user
    assert derniere.titre == "Complémentaire santé solidaire et lunettes"
    delta = derniere.diff_against(derniere.prev_record)
    assert [c.field for c in delta.changes] == ["titre"]
    # The search index follows the admin's save.
    assert [r.slug for r in index.rechercher("lunettes").resultats] == ["css"]
    r = client.get(f"/admin/droits/droit/{css.pk}/history/")
    assert r.status_code == 200 and "redactrice" in r.content.decode()


def test_erreur_sous_le_champ(admin_client_droits):
    client, _ = admin_client_droits
    css = Droit.objects.get(slug="css")
    r = client.post(
        f"/admin/droits/droit/{css.pk}/change/",
        donnees(css, thematiques='["inconnue"]', voir_aussi='["absent"]'),
    )
    assert r.status_code == 200
    form = r.context["adminform"].form
    assert "code de thématique data·inclusion inconnu" in form.errors["thematiques"][0]
    assert Droit.objects.get(slug="css").thematiques == ["sante--acces-aux-soins"]


def test_filtre_a_reverifier(admin_client_droits):
    client, _ = admin_client_droits
    Droit.objects.filter(slug="apa").update(verifie_le="2025-03-01")
    r = client.get("/admin/droits/droit/", {"verification": "a-reverifier"})
    assert r.status_code == 200
    assert [d.slug for d in r.context["cl"].result_list] == ["apa"]


def test_actions_brouillon_publie(admin_client_droits):
    client, _ = admin_client_droits
    rsa = Droit.objects.get(slug="rsa")
    client.post("/admin/droits/droit/", {"action": "depublier", "_selected_action": [rsa.pk]})
    rsa.refresh_from_db()
    assert rsa.statut == Droit.Statut.BROUILLON
    assert rsa.history.first().history_change_reason == "Dépublié"
    assert "rsa" not in [r.slug for r in index.rechercher("revenu solidarite").resultats]


def test_lien_vers_la_page_a_reverifier(admin_client_droits):
    client, _ = admin_client_droits
    html = client.get("/admin/droits/droit/").content.decode()
    assert 'href="/droits/a-reverifier/"' in html
