"""Reads of the single fund: lists, the envelopes' state, the budget dashboard's figures and the
accounting export (queries here, views and API stay thin)."""

from __future__ import annotations

import io
from collections import Counter, defaultdict
from decimal import Decimal

from django.db.models import Count, Q, Sum

from aides_financieres import regles
from aides_financieres.bareme import BENEFICIAIRES, BESOINS, FORMES, bareme_du_departement
from aides_financieres.models import AideAccordee, Decision, DemandeAide, Enveloppe, Paiement
from solidarites.tableur import ecrivain_csv

ZERO = Decimal("0.00")


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
