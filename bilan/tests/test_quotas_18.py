"""Quotas of the public forms that keep or send a bilan (issue 18, « Found when probed »:
unlimited kept bilans from one address). Each form answers 429 with a French message and
stores nothing past its quota; another address is not affected."""

from django.core import mail
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from bilan.models import BilanConserve
from bilan.services import conserver_bilan
from bilan.tests.test_restitution import RESULTAT, SITUATION


def _session(client):
    session = client.session
    session["bilan_resultat"] = {"situation": SITUATION, "resultat": RESULTAT}
    session.pop("bilan_envois", None)  # the per-session limit is not what is tested here
    session.save()


def test_bilans_conserves_limites_par_adresse(client, db, settings):
    settings.BILAN_CONSERVES_PAR_HEURE = 2
    for _ in range(2):
        _session(client)
        r = client.post(reverse("bilan:conserver"), {"consentement": "oui"})
        assert r.status_code == 200
    _session(client)
    r = client.post(reverse("bilan:conserver"), {"consentement": "oui"})
    page = r.content.decode()
    assert r.status_code == 429 and "<title>Erreur : " in page
    assert "2 bilans ont déjà été conservés dans l&#x27;heure" in page
    # The call-back form (which keeps the bilan too) counts on the same quota.
    r = client.post(reverse("bilan:etre_rappele"), {"consentement": "oui"})
    assert r.status_code == 429 and "c&#x27;est le maximum" in r.content.decode()
    assert BilanConserve.objects.count() == 2
    # Another address is not affected.
    _session(client)
    r = client.post(reverse("bilan:conserver"), {"consentement": "oui"}, REMOTE_ADDR="192.0.2.9")
    assert r.status_code == 200 and BilanConserve.objects.count() == 3


def test_courriels_limites_par_destinataire_et_par_adresse(
    client, db, settings, django_capture_on_commit_callbacks
):
    settings.BILAN_COURRIELS_PAR_DESTINATAIRE = 2
    settings.BILAN_COURRIELS_PAR_HEURE = 3
    for adresse in ("10.0.0.1", "10.0.0.2"):
        _session(client)
        with django_capture_on_commit_callbacks(execute=True):
            r = client.post(
                reverse("bilan:envoyer"), {"courriel": "Cible@example.org"}, REMOTE_ADDR=adresse
            )
        assert r.status_code == 302
    _session(client)
    r = client.post(
        reverse("bilan:envoyer"), {"courriel": "cible@example.org "}, REMOTE_ADDR="10.0.0.3"
    )
    assert r.status_code == 429
    assert "a déjà reçu 2 bilans aujourd&#x27;hui" in r.content.decode()
    # Per address of the sender: 3 an hour, whatever the recipients.
    for i in range(3):
        _session(client)
        with django_capture_on_commit_callbacks(execute=True):
            r = client.post(
                reverse("bilan:envoyer"), {"courriel": f"a{i}@example.org"}, REMOTE_ADDR="10.0.0.3"
            )
        assert r.status_code == 302
    _session(client)
    r = client.post(reverse("bilan:envoyer"), {"courriel": "b@example.org"}, REMOTE_ADDR="10.0.0.3")
    assert r.status_code == 429 and "3 bilans ont déjà été envoyés" in r.content.decode()
    # Queued: one job per e-mail allowed (the refused ones took no unit of the other quota).
    assert DBTaskResult.objects.filter(task_path__endswith="envoyer_courriel").count() == 5
    assert mail.outbox == []  # sent by the worker, not in the request


def test_codes_errones_limites_par_adresse(client, db, settings):
    settings.BILAN_CODES_ESSAIS_PAR_HEURE = 3
    conserve = conserver_bilan(SITUATION, RESULTAT)
    for _ in range(3):
        assert client.post(reverse("bilan:retrouver"), {"code": "ZZZZ-ZZZZ"}).status_code == 400
    # Past the quota even the right code is refused (else guessing would go on).
    r = client.post(reverse("bilan:retrouver"), {"code": conserve.code_affiche})
    assert r.status_code == 429 and "Trop de codes erronés" in r.content.decode()
    r = client.post(
        reverse("bilan:retrouver"), {"code": conserve.code_affiche}, REMOTE_ADDR="192.0.2.7"
    )
    assert r.status_code == 302
