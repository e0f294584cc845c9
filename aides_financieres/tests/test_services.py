"""The single fund's writes: filing from a bilan code, documents, statuses, decisions (with the
second of two simultaneous deciders told), payments, envelopes, the accounting export; bad input
named in French and nothing half-saved."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accueil.tests.factories import ContactFactory, PersonneFactory
from aides_financieres import selectors, services
from aides_financieres.models import (
    AideAccordee,
    Decision,
    DemandeAide,
    Echeance,
    Paiement,
    PieceJustificative,
)
from aides_financieres.services import DonneesBesoin, DonneesDecision, DonneesDemande
from aides_financieres.services import DonneesLigneDecision as Ligne
from aides_financieres.tests.factories import (
    CHARGES_PARENT,
    SITUATION_PARENT,
    CommissionFactory,
    EnveloppeFactory,
)
from bilan.services import conserver_bilan
from comptes.models import EvenementAudit
from comptes.tests.factories import StructureFactory, UserFactory
from solidarites.erreurs import ErreurChamps

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
pytestmark = pytest.mark.django_db


def _bilan():
    return conserver_bilan(
        SITUATION_PARENT,
        {
            "droits": [
                {"slug": "rsa", "eligible": True, "montant_mensuel": 700, "nature": "national"},
                {"slug": "aide-logement", "eligible": True, "montant_mensuel": 400},
                {"slug": "allocations-familiales", "eligible": True, "montant_mensuel": 150},
                {"slug": "asf", "eligible": True, "montant_mensuel": 350},
                {"slug": "css", "eligible": True, "montant_mensuel": 0},
                {"slug": "fsl-77", "eligible": True, "nature": "departemental"},
            ]
        },
    )


def _donnees(pre, **kw):
    return DonneesDemande(
        situation=pre["situation"],
        prestations=pre["prestations"],
        charges=kw.pop("charges", CHARGES_PARENT),
        besoins=kw.pop(
            "besoins",
            [
                DonneesBesoin("impaye_loyer", "2200", "bailleur", "Habitat 77"),
                DonneesBesoin("energie", "450", "fournisseur_energie", "EDF"),
            ],
        ),
        evaluation_sociale="Dette née d'une baisse de ressources, plan d'apurement accepté.",
        code_bilan=pre["code_bilan"],
        **kw,
    )


@pytest.fixture
def ccas():
    return StructureFactory(nom="CCAS de Melun (test)", typologie="ccas")


@pytest.fixture
def deposee(ccas, requete):
    user = UserFactory()
    personne = PersonneFactory(structure=ccas)
    bilan = _bilan()
    pre = services.pre_remplissage(personne, bilan.code)
    return services.creer_demande(requete(user), personne, ccas, _donnees(pre), deposer=True)


def test_pre_remplissage_depuis_un_code_de_bilan(ccas):
    personne = PersonneFactory(structure=ccas)
    bilan = _bilan()
    pre = services.pre_remplissage(personne, bilan.code_affiche.lower())
    assert pre["situation"] == SITUATION_PARENT
    # National rights with an amount only (not CSS at 0 €, not the departmental FSL).
    assert pre["prestations"] == {
        "rsa": 700.0,
        "aide-logement": 400.0,
        "allocations-familiales": 150.0,
        "asf": 350.0,
    }
    assert pre["source"] == f"bilan {bilan.code_affiche}"
    with pytest.raises(ErreurChamps) as exc:
        services.pre_remplissage(personne, "ZZZZ-ZZZZ")
    assert exc.value.erreurs[0]["champ"] == "code_bilan"


def test_pre_remplissage_depuis_le_dernier_contact_puis_le_dossier(ccas):
    personne = PersonneFactory(structure=ccas, date_naissance=dt.date(1990, 1, 1))
    assert services.pre_remplissage(personne)["source"] == "dossier de la personne"
    bilan = _bilan()
    ContactFactory(personne=personne, code_bilan=bilan.code_affiche)
    assert services.pre_remplissage(personne)["code_bilan"] == bilan.code_affiche


def test_creation_calcule_la_proposition_et_journalise(deposee):
    d = deposee
    assert d.reference == f"AF-77-{d.cree_le:%Y}-{d.pk:06d}"
    assert d.statut == "deposee" and d.deposee_le is not None
    assert d.montant_demande == Decimal("2650.00")
    assert d.proposition["total"] == "2120.00"
    assert d.proposition["decision"] == "commission"
    assert [ligne["fonds"] for ligne in d.proposition["lignes"]] == [
        "fsl-maintien-77",
        "fsl-energie-77",
    ]
    assert [h.vers for h in d.historique.all()] == ["brouillon", "deposee"]
    assert EvenementAudit.objects.filter(objet="demande_aide", objet_id=d.pk).count() == 2


def test_mauvaise_saisie_nommee_et_rien_d_enregistre(ccas, requete):
    personne = PersonneFactory(structure=ccas)
    pre = services.pre_remplissage(personne, _bilan().code)
    donnees = _donnees(
        pre,
        besoins=[DonneesBesoin("impaye_loyer", "-300", "bailleur"), DonneesBesoin("caviar", "10")],
        charges={"loyer": "abc"},
    )
    with pytest.raises(ErreurChamps) as exc:
        services.creer_demande(requete(UserFactory()), personne, ccas, donnees)
    champs = {e["champ"]: e["message"] for e in exc.value.erreurs}
    assert champs["besoins.0.montant"] == "Le montant ne peut pas être négatif."
    assert champs["besoins.1.besoin"].startswith("Besoin inconnu")
    assert "nombre" in champs["charges.loyer"]
    assert DemandeAide.objects.count() == 0


def test_situation_invalide_nommee(ccas, requete):
    personne = PersonneFactory(structure=ccas)
    situation = dict(SITUATION_PARENT, commune="99999")
    donnees = _donnees({"situation": situation, "prestations": {}, "code_bilan": ""})
    with pytest.raises(ErreurChamps) as exc:
        services.creer_demande(requete(UserFactory()), personne, ccas, donnees)
    assert exc.value.erreurs[0]["champ"] == "situation.commune"


def test_piece_pdf_verifiee_et_rangee_hors_racine_web(deposee, requete, pieces_temporaires):
    user = UserFactory()
    faux = SimpleUploadedFile("quittance.pdf", b"<html>pas un pdf</html>", "application/pdf")
    with pytest.raises(ErreurChamps) as exc:
        services.ajouter_piece(requete(user), deposee, faux, "bail")
    assert exc.value.erreurs[0]["champ"] == "fichier"
    assert "n'est pas un PDF" in exc.value.erreurs[0]["message"]
    assert PieceJustificative.objects.count() == 0
    gros = SimpleUploadedFile("gros.pdf", PDF + b"0" * (5 * 1024 * 1024), "application/pdf")
    with pytest.raises(ErreurChamps, match="5 Mo au plus"):
        services.ajouter_piece(requete(user), deposee, gros, "bail")
    exe = SimpleUploadedFile("virus.exe", b"MZ\x90\x00", "application/octet-stream")
    with pytest.raises(ErreurChamps, match="PDF, JPEG et PNG"):
        services.ajouter_piece(requete(user), deposee, exe, "bail")
    vrai = SimpleUploadedFile("../../quittance.pdf", PDF, "text/plain")
    piece = services.ajouter_piece(requete(user), deposee, vrai, "bail")
    assert piece.type_mime == "application/pdf" and piece.taille == len(PDF)
    chemin = piece.fichier.path
    assert chemin.startswith(str(pieces_temporaires)) and "quittance" not in chemin
    with open(chemin, "rb") as f:
        assert f.read() == PDF


def _en_instruction(d, requete, user):
    services.changer_statut(requete(user), d, "complete", d.version)
    services.changer_statut(requete(user), d, "en_instruction", d.version)
    return d


def test_transition_interdite(deposee, requete):
    with pytest.raises(ErreurChamps, match="ne peut pas passer"):
        services.changer_statut(requete(UserFactory()), deposee, "payee", deposee.version)


def test_au_dela_du_seuil_la_commission_decide(deposee, requete):
    user = UserFactory()
    d = _en_instruction(deposee, requete, user)
    with pytest.raises(ErreurChamps, match="seuil de délégation"):
        services.decider(
            requete(user),
            d,
            DonneesDecision("accordee", [Ligne("fsl-maintien-77", "1760")]),
            d.version,
        )
    commission = CommissionFactory()
    services.inscrire_commission(requete(user), d, commission, d.version)
    assert d.statut == "en_commission" and d.commission == commission


def test_decision_partielle_sans_motif_refusee_puis_enregistree(deposee, requete):
    user = UserFactory()
    d = _en_instruction(deposee, requete, user)
    services.inscrire_commission(requete(user), d, CommissionFactory(), d.version)
    lignes = [
        Ligne("fsl-maintien-77", "1500", besoin="impaye_loyer"),
        Ligne("fsl-energie-77", "-5"),
    ]
    with pytest.raises(ErreurChamps) as exc:
        services.decider(
            requete(user), d, DonneesDecision("partiellement_accordee", lignes), d.version
        )
    champs = {e["champ"] for e in exc.value.erreurs}
    assert champs == {"motif_refus", "lignes.1.montant"}
    assert Decision.objects.count() == 0 and DemandeAide.objects.get().statut == "en_commission"
    lignes[1] = Ligne("fsl-energie-77", "300")
    decision = services.decider(
        requete(user),
        d,
        DonneesDecision("partiellement_accordee", lignes, motif_refus="plafond_atteint"),
        d.version,
    )
    d.refresh_from_db()
    assert d.statut == "partiellement_accordee" and d.montant_accorde == Decimal("1800.00")
    assert decision.mode == "commission" and decision.commission == d.commission
    aides = list(d.aides.order_by("pk"))
    assert [(a.beneficiaire, a.beneficiaire_nom) for a in aides] == [
        ("bailleur", "Habitat 77"),
        ("fournisseur_energie", "EDF"),
    ]


def test_deux_decisions_simultanees_la_seconde_est_prevenue(deposee, requete):
    user = UserFactory()
    d = _en_instruction(deposee, requete, user)
    services.inscrire_commission(requete(user), d, CommissionFactory(), d.version)
    lue = d.version
    autre = DemandeAide.objects.get(pk=d.pk)  # the second person read the same version
    services.decider(
        requete(user), d, DonneesDecision("refusee", motif_refus="autre_dispositif"), lue
    )
    with pytest.raises(services.ConflitDeVersion):
        services.decider(
            requete(UserFactory()),
            autre,
            DonneesDecision("accordee", [Ligne("fsl-maintien-77", "1760")]),
            lue,
        )
    assert Decision.objects.count() == 1 and AideAccordee.objects.count() == 0
    assert DemandeAide.objects.get().statut == "refusee"


def test_pret_avec_echeancier_et_paiements(ccas, requete):
    user = UserFactory()
    personne = PersonneFactory(structure=ccas)
    situation = {
        "mois": "2026-11",
        "commune": "77288",
        "logement": {"statut": "sans_domicile"},
        "personnes": [
            {"role": "demandeur", "age": 29, "activite": "salarie", "revenus": {"salaire_net": 800}}
        ],
    }
    donnees = DonneesDemande(
        situation=situation,
        charges={"loyer": 450},
        besoins=[DonneesBesoin("acces_logement", "900", "bailleur", "Bailleur privé (test)")],
    )
    d = services.creer_demande(requete(user), personne, ccas, donnees, deposer=True)
    assert d.proposition["decision"] == "delegation"
    _en_instruction(d, requete, user)
    services.decider(
        requete(user), d, DonneesDecision("accordee", [Ligne("fsl-acces-77", "900")]), d.version
    )
    aide = d.aides.get()
    assert aide.forme == "pret"
    echeances = list(Echeance.objects.filter(aide=aide))
    assert len(echeances) == 24 and sum(e.montant for e in echeances) == Decimal("900.00")
    with pytest.raises(ErreurChamps, match="reste à payer"):
        services.payer(requete(user), aide, "901")
    with pytest.raises(ErreurChamps, match="négatif"):
        services.payer(requete(user), aide, "-1")
    services.rembourser_echeance(requete(user), echeances[0])
    with pytest.raises(ErreurChamps, match="déjà"):
        services.rembourser_echeance(requete(user), echeances[0])
    with pytest.raises(ErreurChamps, match="futur"):
        services.rembourser_echeance(
            requete(user), echeances[1], timezone.localdate() + dt.timedelta(days=3)
        )
    assert Echeance.objects.filter(remboursee_le__isnull=False).count() == 1
    services.payer(requete(user), aide, "400", reference_mandat="M-1")
    d.refresh_from_db()
    assert d.statut == "accordee"
    services.payer(requete(user), aide, "500", reference_mandat="M-2")
    d.refresh_from_db()
    assert d.statut == "payee" and [h.vers for h in d.historique.all()][-1] == "payee"


def test_enveloppe_et_export_comptable(deposee, requete):
    user = UserFactory()
    d = _en_instruction(deposee, requete, user)
    services.inscrire_commission(requete(user), d, CommissionFactory(), d.version)
    services.decider(
        requete(user),
        d,
        DonneesDecision(
            "partiellement_accordee",
            [Ligne("fsl-maintien-77", "1500")],
            motif_refus="plafond_atteint",
        ),
        d.version,
    )
    EnveloppeFactory(montant=Decimal("1800"))
    etat = selectors.etat_enveloppes("77", timezone.localdate().year)[0]["etat"]
    assert etat.engage == Decimal("1500.00") and etat.alerte == "seuil"
    services.payer(requete(user), d.aides.get(), "1500", reference_mandat="MANDAT-42")
    assert Paiement.objects.get().beneficiaire_nom == "Habitat 77"
    aujourdhui = timezone.localdate()
    csv_texte = selectors.export_comptable("77", aujourdhui, aujourdhui)
    lignes = csv_texte.lstrip("\ufeff").splitlines()
    assert lignes[0].startswith("date_paiement;numero_mandat;reference_demande")
    assert "MANDAT-42" in lignes[1] and ";1500.00;" in lignes[1] and "le bailleur" in lignes[1]
    assert "ressources" not in csv_texte.lower()  # no social notes
    bord = selectors.tableau_de_bord("77", aujourdhui.year)
    assert bord["engage"] == Decimal("1500.00") and bord["fsl"]["menages_aides"] == 1
    assert bord["refus"] == [("Plafond annuel du fonds déjà atteint", 1)]
