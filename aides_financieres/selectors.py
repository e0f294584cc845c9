"""Reads of the single fund: lists, the envelopes' state, the budget dashboard's figures and the
accounting export (queries here, views and API stay thin)."""

from __future__ import annotations

import io
from collections import Counter, defaultdict
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, Sum
from django.utils import timezone

from aides_financieres import perms, regles
from aides_financieres.bareme import BENEFICIAIRES, BESOINS, FORMES, bareme_du_departement
from aides_financieres.models import (
    AideAccordee,
    Decision,
    DemandeAide,
    Enveloppe,
    Paiement,
    PieceJustificative,
)
from comptes.acces import acteur, objet_ou_refus
from comptes.audit import Action, journaliser
from solidarites.tableur import ecrivain_csv

ZERO = Decimal("0.00")


# -- One object, through the gate (pages and API) ----------------------------------------------


def _refuser(request, pour, o, objet, personne):
    journaliser(request, Action.REFUS, objet, objet_id=o.pk, personne=personne)
    raise PermissionDenied(pour.refus)


def demande_ou_refus(request, pk, *, pour=None, consulter=False, version_lue=None) -> DemandeAide:
    """The application `pk` if the actor may see it (else 404, the same as a missing one, the
    refusal audited); `version_lue`: the version the writer read, told first when someone acted
    since (services.ConflitDeVersion: a message on pages, 409 in the API); `pour(acteur,
    demande)`: a rule the actor must also satisfy (else PermissionDenied with its `.refus`,
    audited: 403 on pages, JSON through the API's handler); `consulter`: audit the read."""
    from aides_financieres.services import ConflitDeVersion

    a = acteur(request)
    d = objet_ou_refus(
        request,
        DemandeAide.objects.visibles_par(a).select_related("personne", "structure", "commission"),
        pk,
        objet="demande_aide",
        personne=lambda o: o.personne,
    )
    if version_lue is not None and version_lue != d.version:
        raise ConflitDeVersion()
    if pour is not None and not pour(a, d):
        _refuser(request, pour, d, "demande_aide", d.personne)
    if consulter:
        journaliser(
            request, Action.CONSULTATION, "demande_aide", objet_id=d.pk, personne=d.personne
        )
    return d


def piece_ou_refus(request, pk) -> PieceJustificative:
    """A supporting document of a visible application (else 404), its read audited."""
    a = acteur(request)
    p = objet_ou_refus(
        request,
        PieceJustificative.objects.filter(
            demande__in=DemandeAide.objects.visibles_par(a)
        ).select_related("demande__personne"),
        pk,
        objet="piece_aide",
        personne=lambda o: o.demande.personne,
    )
    journaliser(
        request, Action.CONSULTATION, "piece_aide", objet_id=p.pk, personne=p.demande.personne
    )
    return p


def aide_ou_refus(request, pk, *, pour=None, objet="aide_accordee") -> AideAccordee:
    """A granted line (payments, loans) visible to the aid service and finance of its
    département (else 404); `pour(acteur, aide)` as for demande_ou_refus."""
    a = acteur(request)
    aide = objet_ou_refus(
        request,
        AideAccordee.objects.visibles_par(a)
        .select_related("demande", "demande__personne", "demande__structure")
        .prefetch_related("echeances", "remboursements", "paiements"),
        pk,
        objet=objet,
        personne=lambda o: o.demande.personne,
    )
    if pour is not None and not pour(a, aide):
        _refuser(request, pour, aide, objet, aide.demande.personne)
    return aide


def pret_ou_refus(request, pk, *, pour=None) -> AideAccordee:
    """A loan (a granted line of form « prêt »), as aide_ou_refus; a gift answers 404."""
    a = acteur(request)
    aide = objet_ou_refus(
        request,
        AideAccordee.objects.visibles_par(a)
        .filter(forme="pret")
        .select_related("demande", "demande__personne", "demande__structure")
        .prefetch_related("echeances", "remboursements", "relances"),
        pk,
        objet="pret_aide",
        personne=lambda o: o.demande.personne,
    )
    if pour is not None and not pour(a, aide):
        _refuser(request, pour, aide, "pret_aide", aide.demande.personne)
    return aide


def echeance_ou_refus(request, pk, *, pour=None):
    """An instalment of a visible loan (else 404); `pour(acteur, aide)` on its loan."""
    from aides_financieres.models import Echeance

    a = acteur(request)
    e = objet_ou_refus(
        request,
        Echeance.objects.filter(aide__in=AideAccordee.objects.visibles_par(a)).select_related(
            "aide__demande__personne"
        ),
        pk,
        objet="echeance_aide",
        personne=lambda o: o.aide.demande.personne,
    )
    if pour is not None and not pour(a, e.aide):
        _refuser(request, pour, e, "echeance_aide", e.aide.demande.personne)
    return e


def reponse_lettre(lettre, reference):
    """The kept letter as an inline PDF answer (never cached)."""
    from django.http import Http404, HttpResponse

    try:
        with lettre.fichier.open("rb") as f:
            contenu = f.read()
    except FileNotFoundError:
        raise Http404("Ressource introuvable.") from None
    reponse = HttpResponse(contenu, content_type="application/pdf")
    reponse["Content-Disposition"] = f'inline; filename="decision-{reference}.pdf"'
    reponse["X-Content-Type-Options"] = "nosniff"
    reponse["Cache-Control"] = "no-store"
    return reponse


def peut_payer(a, aide) -> bool:
    return perms.peut_payer(a, aide.demande.departement)


peut_payer.refus = "Votre rôle ne permet pas d'enregistrer un paiement ou un remboursement."


def peut_decider(a, d) -> bool:
    """The rule of perms.peut_decider on this application, with the member's attendance."""
    from aides_financieres.services import est_present

    mode = "commission" if d.statut == "en_commission" else "delegation"
    present = mode == "commission" and est_present(d.commission, a.utilisateur_id)
    return perms.peut_decider(a, d.departement, mode, present)


peut_decider.refus = (
    "Votre rôle ne permet pas de décider cette demande : une décision déléguée revient au "
    "service des aides financières, une décision en séance aux membres présents de la "
    "commission (ou au service, son secrétariat)."
)


def peut_modifier(a, d) -> bool:
    return perms.peut_modifier_demande(a, d.structure_id, d.departement, d.statut)


peut_modifier.refus = (
    "Cette demande ne peut pas être modifiée par votre rôle à son statut : la structure qui "
    "dépose modifie son brouillon, le service des aides financières la demande jusqu'à la "
    "décision."
)


def peut_instruire(a, d) -> bool:
    return perms.peut_instruire(a, d.departement)


peut_instruire.refus = "Seul le service des aides financières du département instruit la demande."


def peut_instruire_ou_deposant(a, d) -> bool:
    """Note the letter sent: the aid service, or the filing structure that hands it over."""
    return peut_instruire(a, d) or (perms.est_deposant(a) and a.structure_id == d.structure_id)


peut_instruire_ou_deposant.refus = (
    "Seuls le service des aides financières et la structure qui a déposé la demande notent "
    "l'envoi de la lettre."
)


def regle_statut(vers: str):
    """The rule of a status change: filing (« déposée ») is the filing structure's, the
    others (complete, in instruction, closed) the aid service's."""
    return peut_modifier if vers == "deposee" else peut_instruire


def peut_ajouter_piece(a, d) -> bool:
    return peut_modifier(a, d) or peut_instruire(a, d)


peut_ajouter_piece.refus = "Vous ne pouvez pas ajouter de pièce à cette demande."


# -- Loans -------------------------------------------------------------------------------------


def prets(qs, *, en_retard=False, aujourdhui=None) -> list[tuple]:
    """The loans of `qs` with their state (balance, late instalments), the latest first,
    those late first when `en_retard`: [(aide, etat), …]."""
    aujourdhui = aujourdhui or timezone.localdate()
    qs = (
        qs.filter(forme="pret")
        .select_related("demande", "demande__personne")
        .prefetch_related(
            "echeances", "remboursements", Prefetch("relances", to_attr="relances_liste")
        )
        .order_by("-decision__le", "-pk")
    )
    out = [(a, a.etat_pret(aujourdhui)) for a in qs]
    if en_retard:
        out = [(a, e) for a, e in out if e.en_retard]
        out.sort(key=lambda x: -x[1].jours_retard)
    return out


def file_instruction(qs):
    """Applications waiting for the aid service, oldest first."""
    return qs.filter(statut__in=("deposee", "complete", "en_instruction", "ajournee")).order_by(
        "deposee_le", "pk"
    )


def etat_enveloppes(departement: str, annee: int) -> list[dict]:
    """Each envelope of the year with its commitments, payments and alert."""
    engagements = defaultdict(lambda: ZERO)
    paiements = defaultdict(lambda: ZERO)
    aides = AideAccordee.objects.filter(demande__departement=departement, annee=annee)
    for r in aides.values("fonds", "territoire").annotate(t=Sum("montant")):
        engagements[(r["fonds"], r["territoire"] or None)] += r["t"]
        engagements[(r["fonds"], "")] += r["t"]  # the whole département
    for r in (
        Paiement.objects.filter(aide__in=aides)
        .values("aide__fonds", "aide__territoire")
        .annotate(t=Sum("montant"))
    ):
        paiements[(r["aide__fonds"], r["aide__territoire"] or None)] += r["t"]
        paiements[(r["aide__fonds"], "")] += r["t"]
    bareme = bareme_du_departement(departement)
    labels = {f.slug: f.label for f in bareme.fonds} if bareme else {}
    out = []
    for e in Enveloppe.objects.filter(departement=departement, annee=annee):
        cle = (e.fonds, e.territoire)
        etat = regles.EtatEnveloppe(e.montant, engagements[cle], paiements[cle], e.seuil_alerte)
        out.append(
            {
                "enveloppe": e,
                "fonds_label": labels.get(e.fonds, e.fonds),
                "territoire": e.territoire or "Tout le département",
                "etat": etat,
            }
        )
    return out


def alertes_enveloppes(departement: str, annee: int) -> list[dict]:
    return [ligne for ligne in etat_enveloppes(departement, annee) if ligne["etat"].alerte]


def tableau_de_bord(departement: str, annee: int) -> dict:
    """The dashboard's figures for one département and year (applications filed that year)."""
    demandes = DemandeAide.objects.filter(departement=departement, cree_le__year=annee)
    par_statut = dict(demandes.values_list("statut").annotate(n=Count("pk")))
    delais = [
        (d - f).total_seconds() / 86400
        for f, d in demandes.filter(deposee_le__isnull=False, decidee_le__isnull=False).values_list(
            "deposee_le", "decidee_le"
        )
    ]
    aides = AideAccordee.objects.filter(demande__departement=departement, annee=annee)
    bareme = bareme_du_departement(departement)
    labels = {f.slug: f.label for f in bareme.fonds} if bareme else {}
    fsl = {f.slug for f in bareme.fonds if f.fsl} if bareme else set()

    def somme(cle):
        return {r[cle]: r["t"] for r in aides.values(cle).annotate(t=Sum("montant")).order_by(cle)}

    refus = Counter(
        dict(
            Decision.objects.filter(demande__in=demandes)
            .exclude(motif_refus="")
            .values_list("motif_refus")
            .annotate(n=Count("pk"))
        )
    )
    aides_fsl = aides.filter(fonds__in=fsl)
    rapport_fsl = {
        "menages_aides": aides_fsl.values("demande__personne").distinct().count(),
        "montant_total": aides_fsl.aggregate(t=Sum("montant"))["t"] or ZERO,
        "par_fonds": [
            (labels.get(r["fonds"], r["fonds"]), r["n"], r["t"])
            for r in aides_fsl.values("fonds")
            .annotate(n=Count("demande", distinct=True), t=Sum("montant"))
            .order_by("fonds")
        ],
        "par_forme": [
            (FORMES.get(r["forme"], r["forme"]), r["t"])
            for r in aides_fsl.values("forme").annotate(t=Sum("montant")).order_by("forme")
        ],
        "paye": Paiement.objects.filter(aide__in=aides_fsl).aggregate(t=Sum("montant"))["t"]
        or ZERO,
    }
    return {
        "annee": annee,
        "departement": departement,
        "nombre": demandes.count(),
        "par_statut": [(regles.STATUTS[s], par_statut.get(s, 0)) for s in regles.STATUTS],
        "delai_median": regles.centile(delais, 50),
        "delai_p90": regles.centile(delais, 90),
        "decisions": len(delais),
        "par_fonds": [(labels.get(k, k), v) for k, v in somme("fonds").items()],
        "par_besoin": [(BESOINS.get(k, k).split(" (")[0], v) for k, v in somme("besoin").items()],
        "par_territoire": [(k or "Hors secteur", v) for k, v in somme("territoire").items()],
        "refus": [(regles.MOTIFS_REFUS.get(k, k), n) for k, n in refus.most_common()],
        "engage": aides.aggregate(t=Sum("montant"))["t"] or ZERO,
        "paye": Paiement.objects.filter(aide__in=aides).aggregate(t=Sum("montant"))["t"] or ZERO,
        "fsl": rapport_fsl,
        "enveloppes": etat_enveloppes(departement, annee),
    }


EN_TETES_COMPTABLES = [
    "date_paiement",
    "numero_mandat",
    "reference_demande",
    "departement",
    "territoire",
    "fonds",
    "imputation",
    "nature",
    "besoin",
    "beneficiaire_type",
    "beneficiaire_nom",
    "montant",
    "annee_engagement",
    "date_decision",
    "mode_decision",
]


def export_comptable(departement: str, debut, fin) -> str:
    """Payments of a period as CSV (';', UTF-8 with BOM for spreadsheets, amounts with a decimal
    point): what the finance service imports. No social notes, no person's name unless the
    person is the payee."""
    sortie = io.StringIO()
    sortie.write("\ufeff")
    w = ecrivain_csv(sortie, delimiter=";", lineterminator="\r\n")
    w.writerow(EN_TETES_COMPTABLES)
    paiements = (
        Paiement.objects.filter(
            aide__demande__departement=departement,
            date_paiement__gte=debut,
            date_paiement__lte=fin,
        )
        .select_related("aide", "aide__demande", "aide__decision")
        .order_by("date_paiement", "pk")
    )
    for p in paiements:
        a = p.aide
        w.writerow(
            [
                p.date_paiement.isoformat(),
                p.reference_mandat,
                a.demande.reference,
                departement,
                a.territoire,
                a.fonds,
                f"FUS-{a.fonds.upper()}",
                FORMES.get(a.forme, a.forme),
                a.besoin,
                BENEFICIAIRES.get(p.beneficiaire, p.beneficiaire),
                p.beneficiaire_nom,
                f"{p.montant:.2f}",
                a.annee,
                a.decision.le.date().isoformat(),
                a.decision.mode,
            ]
        )
    return sortie.getvalue()


def demandes_du_tableau(qs, *, statut="", recherche=""):
    if statut:
        qs = qs.filter(statut=statut)
    if recherche:
        qs = qs.filter(
            Q(reference__icontains=recherche)
            | Q(personne__nom_normalise__icontains=recherche.lower())
        )
    return qs.select_related("personne", "structure", "commission")
