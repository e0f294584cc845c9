"""Rows of the access matrix for the single fund (comptes/tests/test_matrice_acces.py).

Applications filed by MDS A (département 77): A's agents see them (and B's agents do not: 404);
the aid service and the commission of 77 see every application of 77 (those of 94: 404);
finance sees payments and the budget, never an application or a document (403); steering sees
the budget only. Deciding: the aid service under the threshold, the commission in session."""

from comptes.roles import Role
from comptes.tests.matrice import Ligne, dans, selon

R = Role
DEPOSANTS = {R.ACCUEIL, R.TRAVAILLEUR_SOCIAL}
LECTEURS = DEPOSANTS | {R.AIDES_FINANCIERES, R.COMMISSION}
VISIBLE = {"A", "dep77"}

LECTURE = selon(LECTEURS, VISIBLE)
LISTE = selon(LECTEURS)
SERVICE = selon({R.AIDES_FINANCIERES})
SEANCES = selon({R.AIDES_FINANCIERES, R.COMMISSION})
SEANCE = selon({R.AIDES_FINANCIERES, R.COMMISSION}, {"dep77"})
PAIEMENTS = selon({R.AIDES_FINANCIERES, R.FINANCES})
BUDGET = selon({R.AIDES_FINANCIERES, R.FINANCES, R.COMMISSION, R.PILOTAGE})
NOUVELLE = selon(DEPOSANTS, {"A"})
VOIT = dans(*VISIBLE)


def _ensuite(regle, refus):
    """Visible first (else 404), then the action's own rule (else 403)."""

    def attendu(c):
        premier = LECTURE(c)
        if premier != 200:
            return premier
        return 200 if regle(c) else refus

    return attendu


# Modify a filed application: the filing structure (still "déposée") and the aid service.
MODIFIER = _ensuite(lambda c: c.role != R.COMMISSION, 403)
# Decide an application on a commission's agenda: the commission and the aid service.
DECIDER = _ensuite(lambda c: c.role in (R.COMMISSION, R.AIDES_FINANCIERES), 403)

LIGNES = [
    Ligne("demandes", "get", "/aides-financieres/", LISTE, montre=VOIT),
    Ligne("demande", "get", "/aides-financieres/demandes/{af_demande}/", LECTURE),
    Ligne("modifier", "get", "/aides-financieres/demandes/{af_demande}/modifier/", MODIFIER),
    Ligne("décider", "get", "/aides-financieres/demandes/{af_en_commission}/decision/", DECIDER),
    Ligne("lettre", "get", "/aides-financieres/demandes/{af_decidee}/lettre.pdf", LECTURE),
    Ligne("pièce", "get", "/aides-financieres/pieces/{af_piece}/", LECTURE),
    Ligne("nouvelle", "get", "/aides-financieres/personnes/{af_personne}/nouvelle/", NOUVELLE),
    Ligne("instruction", "get", "/aides-financieres/instruction/", SERVICE, montre=dans("dep77")),
    Ligne("commissions", "get", "/aides-financieres/commissions/", SEANCES),
    Ligne("commission", "get", "/aides-financieres/commissions/{af_commission}/", SEANCE),
    Ligne(
        "procès-verbal",
        "get",
        "/aides-financieres/commissions/{af_commission}/proces-verbal.pdf",
        SEANCE,
    ),
    Ligne("paiements", "get", "/aides-financieres/paiements/", PAIEMENTS, montre=dans("dep77")),
    Ligne("export comptable", "get", "/aides-financieres/paiements/export.csv", PAIEMENTS),
    Ligne("budget", "get", "/aides-financieres/budget/", BUDGET),
    Ligne("budget csv", "get", "/aides-financieres/budget/export.csv", BUDGET),
    Ligne("api demandes", "get", "/api/v1/aides-financieres/demandes", LISTE, montre=VOIT),
    Ligne("api demande", "get", "/api/v1/aides-financieres/demandes/{af_demande}", LECTURE),
    Ligne("api pièce", "get", "/api/v1/aides-financieres/pieces/{af_piece}", LECTURE),
    Ligne("api commissions", "get", "/api/v1/aides-financieres/commissions", SEANCES),
    Ligne("api commission", "get", "/api/v1/aides-financieres/commissions/{af_commission}", SEANCE),
    Ligne("api aides", "get", "/api/v1/aides-financieres/aides", PAIEMENTS, montre=dans("dep77")),
    Ligne(
        "api export",
        "get",
        "/api/v1/aides-financieres/paiements/export?du=2020-01-01&au=2100-01-01",
        PAIEMENTS,
    ),
    Ligne("api budget", "get", "/api/v1/aides-financieres/budget", BUDGET),
]


def objets(monde) -> dict:
    import datetime as dt
    from decimal import Decimal

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from accueil.tests.factories import PersonneFactory
    from aides_financieres.models import AideAccordee, Decision, PieceJustificative
    from aides_financieres.tests.factories import (
        BesoinFactory,
        CommissionFactory,
        DemandeAideFactory,
        EnveloppeFactory,
    )

    s = monde["structures"]
    personne = PersonneFactory(structure=s["A"])
    commission = CommissionFactory(departement="77")
    demande = DemandeAideFactory(
        structure=s["A"], personne=personne, statut="deposee", reference="AF-77-2026-M00001"
    )
    BesoinFactory(demande=demande)
    en_commission = DemandeAideFactory(
        structure=s["A"],
        personne=personne,
        statut="en_commission",
        commission=commission,
        reference="AF-77-2026-M00002",
    )
    decidee = DemandeAideFactory(
        structure=s["A"],
        personne=personne,
        statut="partiellement_accordee",
        reference="AF-77-2026-M00003",
        decidee_le=timezone.now(),
        montant_accorde=Decimal("1000"),
    )
    decision = Decision.objects.create(
        demande=decidee,
        nature="partiellement_accordee",
        mode="delegation",
        montant=Decimal("1000"),
        motif_refus="plafond_atteint",
    )
    AideAccordee.objects.create(
        decision=decision,
        demande=decidee,
        fonds="fsl-maintien-77",
        fonds_label="FSL maintien dans le logement",
        besoin="impaye_loyer",
        montant=Decimal("1000"),
        beneficiaire="bailleur",
        beneficiaire_nom="Habitat 77 (test)",
        annee=timezone.localdate().year,
    )
    piece = PieceJustificative(
        demande=demande,
        nature="bail",
        nom="bail.pdf",
        type_mime="application/pdf",
        taille=9,
        empreinte="0" * 64,
    )
    piece.fichier.save("bail.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    piece.save()
    EnveloppeFactory()
    # The same in 94, invisible to 77's service and to A's agents.
    autre = DemandeAideFactory(
        departement="94", reference="AF-94-2026-M00009", deposee_le=timezone.now() - dt.timedelta(1)
    )
    return {
        "af_personne": personne.pk,
        "af_demande": demande.pk,
        "af_en_commission": en_commission.pk,
        "af_decidee": decidee.pk,
        "af_piece": piece.pk,
        "af_commission": commission.pk,
        "_traces": [demande.reference, "AF-77-2026-M00003"],
        "af_autre": autre.pk,
    }
