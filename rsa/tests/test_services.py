"""Writes of the pathway: French field errors, nothing half-saved, history and audit."""

import datetime

import pytest
from django.core import mail
from django.test import RequestFactory
from django.utils import timezone

from comptes.models import EvenementAudit
from rsa import services
from rsa.models import Designation, EtapeFaite
from rsa.tests.factories import RendezVousFactory
from solidarites.envois import MemoireSMS
from solidarites.erreurs import ErreurChamps

DIAG_SOCIAL = {
    "situation_emploi": "eloigne",
    "mobilite": "aucune",
    "garde_enfants": "a_trouver",
    "sante": "bonne",
    "logement": "sans",
}


def requete(user):
    r = RequestFactory().post("/rsa/")
    r.user = user
    return r


def champs(exc) -> dict:
    return {e["champ"]: e["message"] for e in exc.value.erreurs}


def test_diagnostic_suggere_et_explique(monde_rsa):
    b = monde_rsa["beneficiaire"]
    d = services.enregistrer_diagnostic(b, DIAG_SOCIAL, requete(monde_rsa["comptes"]["insertion"]))
    assert d.suggestion == "sociale"
    assert d.explication.startswith("Suggéré : sociale, parce que au moins trois freins")
    with pytest.raises(ErreurChamps) as e:
        services.enregistrer_diagnostic(b, {**DIAG_SOCIAL, "sante": "excellente", "logement": ""})
    assert set(champs(e)) == {"sante", "logement"}
    assert b.diagnostics.count() == 1


def test_orienter_designer_et_reorienter(monde_rsa):
    b, c = monde_rsa["beneficiaire"], monde_rsa["comptes"]
    req = requete(c["insertion"])
    services.enregistrer_diagnostic(b, DIAG_SOCIAL, req)
    decision = services.orienter(
        b, {"orientation": "sociale", "structure": monde_rsa["mds"].pk}, req
    )
    b.refresh_from_db()
    assert (b.orientation, b.structure_referente, b.oriente_le) == (
        "sociale",
        monde_rsa["mds"],
        timezone.localdate(),
    )
    assert decision.suggestion == "sociale" and decision.decide_par == c["insertion"]
    assert not decision.reorientation
    with pytest.raises(ErreurChamps) as e:
        services.designer_referent(b, {"referent": 999999}, req)
    assert champs(e) == {"referent": "Référent inconnu : choisissez-le."}
    with pytest.raises(ErreurChamps) as e:
        services.designer_referent(b, {"referent": c["accueil"].pk}, req)
    assert "rôles" in champs(e)["referent"]
    with pytest.raises(ErreurChamps) as e:
        services.designer_referent(b, {"referent": c["autre_ts"].pk}, req)
    assert "structure d'orientation" in champs(e)["referent"]
    services.designer_referent(b, {"referent": c["ts"].pk}, req)
    b.refresh_from_db()
    assert (
        b.referent == c["ts"]
        and services.referents_possibles(b) == [c["ts"], c["ts2"]]
        or set(services.referents_possibles(b)) == {c["ts"], c["ts2"]}
    )
    # A professional re-orientation to France Travail: the history is kept, the référent ends.
    with pytest.raises(ErreurChamps) as e:
        services.orienter(
            b, {"orientation": "professionnelle", "structure": monde_rsa["mds"].pk}, req
        )
    assert "ne se fait pas vers une structure de type" in champs(e)["structure"]
    services.orienter(b, {"orientation": "professionnelle", "structure": monde_rsa["ft"].pk}, req)
    b.refresh_from_db()
    assert b.orientation == "professionnelle" and b.referent is None
    assert b.decisions_orientation.count() == 2 and b.decisions_orientation.first().reorientation
    assert Designation.objects.get(beneficiaire=b).fin_le == timezone.localdate()
    services.designer_referent(b, {"referent": c["conseiller"].pk}, req)
    types = list(b.evenements.values_list("type", flat=True))
    assert types.count("orientation") == 2 and types.count("referent") == 2
    assert EvenementAudit.objects.filter(objet="orientation_rsa").count() == 2


def test_orienter_erreurs(monde_rsa):
    b = monde_rsa["beneficiaire"]
    with pytest.raises(ErreurChamps) as e:
        services.orienter(
            b, {"orientation": "astrale", "structure": "abc", "decide_le": "31/02/2026"}
        )
    assert set(champs(e)) == {"orientation", "structure", "decide_le"}
    assert not b.decisions_orientation.exists()


def test_inviter_presence_et_reinviter(monde_rsa, envois_immediats):
    b, c = monde_rsa["beneficiaire"], monde_rsa["comptes"]
    req = requete(c["insertion"])
    il_y_a_3_jours = timezone.localdate() - datetime.timedelta(days=3)
    services.orienter(
        b,
        {"orientation": "sociale", "structure": monde_rsa["mds"].pk, "decide_le": il_y_a_3_jours},
        req,
    )
    demain = (timezone.localtime() + datetime.timedelta(days=1)).replace(hour=10, minute=0)
    b.personne.courriel = ""
    b.personne.save()
    donnees = {"objet": "orientation", "le": demain.isoformat(), "lieu": monde_rsa["mds"].pk}
    with pytest.raises(ErreurChamps) as e:
        services.inviter(b, {**donnees, "canal": "courriel"}, req)
    assert "adresse électronique" in champs(e)["canal"]
    rdv = services.inviter(b, {**donnees, "canal": "sms"}, req)
    assert MemoireSMS.boite and "RSA : rendez-vous le" in MemoireSMS.boite[0].texte
    assert rdv.invitation_envoyee_le is not None
    b.personne.courriel = "camille@example.org"
    b.personne.save()
    services.inviter(b, {**donnees, "canal": "courriel"}, req)
    assert mail.outbox[0].subject == "Invitation à un rendez-vous (RSA)"
    with pytest.raises(ErreurChamps) as e:
        services.noter_presence(rdv, "venu", req)
    assert champs(e) == {"presence": "Le rendez-vous n'a pas encore eu lieu."}
    passe = RendezVousFactory(beneficiaire=b, lieu=monde_rsa["mds"])
    services.noter_presence(passe, "absent", req)
    nouveau = services.inviter(b, {**donnees, "canal": "courrier"}, req, reinvitation_de=passe)
    assert nouveau.reinvitation_de == passe and nouveau.invitation_envoyee_le is None
    hier = RendezVousFactory(beneficiaire=b, lieu=monde_rsa["mds"])
    services.noter_presence(hier, "venu", req)
    b.refresh_from_db()
    assert b.premier_rdv_le == timezone.localtime(hier.le).date()
    with pytest.raises(ErreurChamps) as e:
        services.inviter(b, {"objet": "orientation", "le": "demain", "lieu": 0, "canal": "pigeon"})
    assert set(champs(e)) == {"le", "lieu", "canal"}


def test_contrat(monde_rsa):
    b = monde_rsa["beneficiaire"]
    aujourdhui = timezone.localdate()
    d = services.DonneesContrat(
        type="cer",
        objectifs=["Trouver un logement stable", "Reprendre une formation"],
        debut_le=aujourdhui,
        fin_le=aujourdhui + datetime.timedelta(days=365),
        heures_hebdomadaires=15,
        signe_le=aujourdhui,
        actions=[
            services.DonneesAction("Dossier de logement social", aujourdhui, None, 2),
            services.DonneesAction("Inscription à la formation", aujourdhui, aujourdhui, None),
        ],
    )
    c = services.enregistrer_contrat(b, d)
    assert c.actions.count() == 2 and c.revues.count() == 1  # 6 months (département's rule)
    d.actions[1] = services.DonneesAction("", "2020-01-01", "2019-01-01", "beaucoup")
    d.fin_le = aujourdhui - datetime.timedelta(days=1)
    with pytest.raises(ErreurChamps) as e:
        services.enregistrer_contrat(b, d, contrat=c)
    assert set(champs(e)) == {
        "fin_le",
        "actions.1.libelle",
        "actions.1.echeance_le",
        "actions.1.heures",
    }
    c.refresh_from_db()
    assert c.version == 1 and c.actions.count() == 2
    d = services.DonneesContrat(
        type="cer",
        objectifs=["x"],
        debut_le=aujourdhui,
        fin_le=aujourdhui + datetime.timedelta(days=30),
        actions=[services.DonneesAction("Une", aujourdhui)],
        version=7,
    )
    with pytest.raises(ErreurChamps) as e:
        services.enregistrer_contrat(b, d, contrat=c)
    assert "rechargez la page" in champs(e)["version"]


def test_accompagnement_global(monde_rsa):
    b, c = monde_rsa["beneficiaire"], monde_rsa["comptes"]
    with pytest.raises(ErreurChamps) as e:
        services.demarrer_accompagnement_global(
            b, {"travailleur_social": c["conseiller"].pk, "conseiller": c["ts"].pk, "plan": ""}
        )
    assert set(champs(e)) == {"travailleur_social", "conseiller", "plan"}
    ag = services.demarrer_accompagnement_global(
        b,
        {"travailleur_social": c["ts"].pk, "conseiller": c["conseiller"].pk, "plan": "Plan commun"},
    )
    assert ag.conseiller == c["conseiller"]
    with pytest.raises(ErreurChamps):
        services.demarrer_accompagnement_global(
            b, {"travailleur_social": c["ts"].pk, "conseiller": c["conseiller"].pk, "plan": "x"}
        )
    services.terminer_accompagnement_global(ag)
    ag.refresh_from_db()
    assert ag.fin_le == timezone.localdate()


def test_parcours_types(monde_rsa):
    b = monde_rsa["beneficiaire"]
    assert {"hotellerie-restauration", "agriculture", "aide-a-domicile"} <= set(
        services.parcours_disponibles("77")
    )
    assert "hotellerie-restauration" not in services.parcours_disponibles("71")
    with pytest.raises(ErreurChamps):
        services.attacher_parcours(b, "astronaute")
    suivi = services.attacher_parcours(b, "aide-a-domicile")
    for code in ("information", "immersion", "permis", "formation"):
        services.marquer_etape(suivi, code)
    with pytest.raises(ErreurChamps) as e:
        services.marquer_etape(suivi, "information")
    assert champs(e) == {"etape": "Cette étape est déjà marquée faite."}
    suivi.refresh_from_db()
    assert suivi.termine_le is None
    services.marquer_etape(suivi, "emploi")
    suivi.refresh_from_db()
    assert suivi.termine_le == timezone.localdate() and EtapeFaite.objects.count() == 5


def test_inscrire_a_la_main(monde_rsa):
    from accueil.tests.factories import PersonneFactory

    p = PersonneFactory(structure=monde_rsa["mds"])
    b = services.inscrire(p, departement="77", date_entree="2026-11-02", numero_allocataire="")
    assert b.source == "saisie" and b.territoire == monde_rsa["mds"]
    with pytest.raises(ErreurChamps) as e:
        services.inscrire(p, departement="77", date_entree="demain", organisme="ursaff")
    assert set(champs(e)) == {"date_entree", "organisme", "personne"}
