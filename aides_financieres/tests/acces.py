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


def _post(regle, ok=302):
    """A write: the same refusals as `regle`, `ok` where it allows (302: back to the page with
    a message, the empty form being refused; 400: the page or API names the missing fields)."""

    def attendu(c):
        statut = regle(c)
        return ok if statut == 200 else statut

    return attendu


# Modify a filed application: the filing structure (still "déposée") and the aid service;
# the same for adding a document and noting the letter sent.
MODIFIER = _ensuite(lambda c: c.role != R.COMMISSION, 403)
# Decide an application on a commission's agenda: the commission's members recorded present
# at the session (the account dep77.commission is) and the aid service.
DECIDER = _ensuite(lambda c: c.role in (R.COMMISSION, R.AIDES_FINANCIERES), 403)
# Instruct (statuses, the commission's agenda): the aid service only.
INSTRUIRE = _ensuite(lambda c: c.role == R.AIDES_FINANCIERES, 403)
PAIEMENT = selon({R.AIDES_FINANCIERES, R.FINANCES}, {"dep77"})
ENVELOPPES = selon({R.AIDES_FINANCIERES, R.FINANCES})


def _ensuite_role(regle, roles):
    def attendu(c):
        statut = regle(c)
        if statut != 200:
            return statut
        return 200 if c.role in roles else 403

    return attendu


def _seance(c):
    """One session of the 77, written by the aid service only (its commission: 403)."""
    statut = SEANCE(c)
    if statut != 200:
        return statut
    return 200 if c.role == R.AIDES_FINANCIERES else 403


def _budget_ecrire(c):
    statut = BUDGET(c)
    if statut != 200:
        return statut
    return 400 if c.role in (R.AIDES_FINANCIERES, R.FINANCES) else 403


API = "/api/v1/aides-financieres"
# The API's writes: the role gate first (403); an empty body is then refused with its fields
# named (400), before any object is looked up.
API_ECRIRE = _post(LISTE, 400)

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
    Ligne(
        "api recherche de demandes",
        "post",
        "/api/v1/aides-financieres/demandes/recherche",
        LISTE,
        montre=VOIT,
        corps={"q": "AF-77-2026"},
    ),
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
    Ligne("prêts", "get", "/aides-financieres/prets/", PAIEMENTS, montre=dans("dep77")),
    Ligne(
        "prêts en retard",
        "get",
        "/aides-financieres/prets/?retard=1",
        PAIEMENTS,
        montre=dans("dep77"),
    ),  # fmt: skip
    Ligne("prêt", "get", "/aides-financieres/prets/{af_pret}/", PAIEMENT),
    Ligne("relance pdf", "get", "/aides-financieres/prets/{af_pret}/relance.pdf", PAIEMENT),
    Ligne("api prêts", "get", f"{API}/prets?en_retard=true", PAIEMENTS, montre=dans("dep77")),
    Ligne("api prêt", "get", f"{API}/prets/{{af_pret}}", PAIEMENT),
    Ligne("api lettre", "get", f"{API}/demandes/{{af_decidee}}/lettre", LECTURE),
    # Every write (POST, PUT), sent empty: refused by role (403), by visibility (404), or
    # refused for its missing fields / read version once allowed.
    Ligne(
        "nouvelle POST",
        "post",
        "/aides-financieres/personnes/{af_personne}/nouvelle/",
        _post(NOUVELLE, 400),
    ),  # fmt: skip
    Ligne(
        "modifier POST",
        "post",
        "/aides-financieres/demandes/{af_demande}/modifier/",
        _post(MODIFIER),
    ),  # fmt: skip
    Ligne(
        "statut POST", "post", "/aides-financieres/demandes/{af_demande}/statut/", _post(INSTRUIRE)
    ),  # fmt: skip
    Ligne(
        "inscrire POST",
        "post",
        "/aides-financieres/demandes/{af_demande}/commission/",
        _post(INSTRUIRE),
    ),  # fmt: skip
    Ligne(
        "pièce POST", "post", "/aides-financieres/demandes/{af_demande}/pieces/", _post(MODIFIER)
    ),  # fmt: skip
    Ligne(
        "décider POST",
        "post",
        "/aides-financieres/demandes/{af_en_commission}/decision/",
        _post(LECTURE),
    ),  # fmt: skip  (the version read is checked first: "someone acted")
    Ligne(
        "lettre envoi POST",
        "post",
        "/aides-financieres/demandes/{af_decidee}/lettre/envoi/",
        _post(MODIFIER),
    ),  # fmt: skip
    Ligne(
        "commissions POST",
        "post",
        "/aides-financieres/commissions/",
        _post(_ensuite_role(SEANCES, {R.AIDES_FINANCIERES}), 400),
    ),  # fmt: skip
    Ligne(
        "commission POST", "post", "/aides-financieres/commissions/{af_commission}/", _post(_seance)
    ),  # fmt: skip
    Ligne(
        "présences POST",
        "post",
        "/aides-financieres/commissions/{af_commission}/presences/",
        _post(_seance),
    ),  # fmt: skip
    Ligne("payer POST", "post", "/aides-financieres/aides/{af_aide}/paiement/", _post(PAIEMENT)),
    Ligne(
        "échéance POST",
        "post",
        "/aides-financieres/echeances/{af_echeance}/remboursee/",
        _post(PAIEMENT),
    ),  # fmt: skip
    Ligne(
        "remboursement POST",
        "post",
        "/aides-financieres/prets/{af_pret}/remboursements/",
        _post(PAIEMENT),
    ),  # fmt: skip
    Ligne(
        "relance POST", "post", "/aides-financieres/prets/{af_pret}/relances/", _post(PAIEMENT)
    ),  # fmt: skip
    Ligne("budget POST", "post", "/aides-financieres/budget/", _budget_ecrire),
    Ligne("api créer POST", "post", f"{API}/demandes", _post(selon(DEPOSANTS), 400)),
    Ligne("api modifier PUT", "put", f"{API}/demandes/{{af_demande}}", API_ECRIRE),
    Ligne("api statut POST", "post", f"{API}/demandes/{{af_demande}}/statut", API_ECRIRE),
    Ligne("api inscrire POST", "post", f"{API}/demandes/{{af_demande}}/commission", API_ECRIRE),
    Ligne(
        "api décision POST", "post", f"{API}/demandes/{{af_en_commission}}/decision", API_ECRIRE
    ),  # fmt: skip
    Ligne("api pièce POST", "post", f"{API}/demandes/{{af_demande}}/pieces", API_ECRIRE),
    Ligne(
        "api lettre envoi POST", "post", f"{API}/demandes/{{af_decidee}}/lettre/envoi", API_ECRIRE
    ),  # fmt: skip
    Ligne(
        "api commissions POST",
        "post",
        f"{API}/commissions",
        _post(selon({R.AIDES_FINANCIERES}), 400),
    ),  # fmt: skip
    Ligne(
        "api présences PUT",
        "put",
        f"{API}/commissions/{{af_commission}}/presences",
        _post(SEANCES, 400),
    ),  # fmt: skip
    Ligne(
        "api paiement POST", "post", f"{API}/aides/{{af_aide}}/paiements", _post(PAIEMENTS, 400)
    ),  # fmt: skip
    Ligne(
        "api échéance POST",
        "post",
        f"{API}/echeances/{{af_echeance}}/remboursement",
        _post(PAIEMENTS, 400),
    ),  # fmt: skip
    Ligne(
        "api remboursement POST",
        "post",
        f"{API}/prets/{{af_pret}}/remboursements",
        _post(PAIEMENTS, 400),
    ),  # fmt: skip
    Ligne(
        "api relance POST", "post", f"{API}/prets/{{af_pret}}/relances", _post(PAIEMENTS, 400)
    ),  # fmt: skip
    Ligne("api enveloppes PUT", "put", f"{API}/enveloppes", _post(ENVELOPPES, 400)),
]


def objets(monde) -> dict:
    import datetime as dt
    from decimal import Decimal

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from accueil.tests.factories import PersonneFactory
    from aides_financieres.models import (
        AideAccordee,
        Decision,
        PieceJustificative,
        PresenceCommission,
    )
    from aides_financieres.tests.factories import (
        BesoinFactory,
        CommissionFactory,
        DemandeAideFactory,
        EnveloppeFactory,
        pret,
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
    aide = AideAccordee.objects.create(
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
    # A loan of A's file, four instalments late; the commission's member of the 77 sits.
    pret_a = pret(
        decision__demande__structure=s["A"],
        decision__demande__personne=personne,
        decision__demande__reference="AF-77-2026-M00004",
    )
    PresenceCommission.objects.create(
        commission=commission,
        utilisateur=monde["comptes"]["dep77.commission"],
        nom="Membre de la commission (test)",
        present=True,
    )
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
        "_traces": [demande.reference, "AF-77-2026-M00003", "AF-77-2026-M00004"],
        "af_autre": autre.pk,
        "af_aide": aide.pk,
        "af_pret": pret_a.pk,
        "af_echeance": pret_a.echeances.first().pk,
    }
