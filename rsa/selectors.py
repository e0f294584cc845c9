"""Read queries of the RSA pathway: lists, a beneficiary's file, the insertion service's dashboard.

Every figure of the dashboard is computed from the platform's data, with its definition next to
it (DEFINITIONS), for a département, optionally one territory (MDS / EDS), and one month.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from operator import attrgetter

from django.core.exceptions import PermissionDenied
from django.db.models import CharField, Count, Func, IntegerField, Q
from django.db.models.functions import Cast, Substr
from django.utils import timezone

from annuaire.models import Structure
from annuaire.typologies import BUREAUX_LOCAUX
from comptes.acces import acteur, objet_ou_refus
from comptes.audit import Action, journaliser
from rsa import regles
from rsa.models import Beneficiaire, RendezVous


def beneficiaire_ou_refus(request, pk, *, pour=None) -> Beneficiaire:
    """The beneficiary `pk` if the actor may see it (else 404, audited); `pour`: a rule of
    perms.py the actor must also satisfy on this beneficiary (else PermissionDenied with its
    message, audited: 403 on pages and, through the API's handler, in JSON). Pages and API."""
    a = acteur(request)
    qs = Beneficiaire.objects.visibles_par(a).select_related(
        "personne", "structure_referente", "referent", "territoire"
    )
    b = objet_ou_refus(request, qs, pk, objet="beneficiaire_rsa", personne=lambda o: o.personne)
    if pour is not None and not pour(a, b.vue):
        journaliser(request, Action.REFUS, "beneficiaire_rsa", objet_id=b.pk, personne=b.personne)
        raise PermissionDenied(pour.refus)
    return b


def objet_du_beneficiaire(request, queryset, pk, *, objet, chemin="beneficiaire", pour=None):
    """An object of a beneficiary (meeting, contract, review, pathway…) if that beneficiary is
    visible to the actor (else 404, audited); `chemin`: the lookup from the object to its
    beneficiary; `pour`: a rule the actor must satisfy on the beneficiary (else
    PermissionDenied with its message). Pages and API."""
    a = acteur(request)
    du = attrgetter(chemin.replace("__", "."))
    qs = queryset.filter(**{f"{chemin}__in": Beneficiaire.objects.visibles_par(a)})
    o = objet_ou_refus(request, qs, pk, objet=objet, personne=lambda o: du(o).personne)
    if pour is not None and not pour(a, du(o).vue):
        raise PermissionDenied(pour.refus)
    return o


DEFINITIONS = {
    "stock": "Bénéficiaires dont le droit est ouvert à la fin du mois (ou aujourd'hui pour le mois "
    "en cours).",
    "avec_referent": "Part des bénéficiaires du stock qui ont un référent unique désigné.",
    "delai_orientation": "Jours entre l'ouverture du droit et la première décision "
    "d'orientation, pour les personnes orientées dans le mois (médiane et 90e centile).",
    "delai_premier_rdv": "Jours entre la première orientation et le premier rendez-vous honoré, "
    "pour les premiers rendez-vous du mois (médiane et 90e centile).",
    "orientes_30_jours": "Part des entrants du mois orientés dans les 30 jours suivant "
    "l'ouverture du droit.",
    "contrats": "Bénéficiaires du stock avec un contrat d'engagement signé, et parmi eux ceux "
    "dont le contrat est à jour (en cours à la fin du mois, aucune revue en retard ; état du "
    "contrat actuel).",
    "absences": "Part des rendez-vous du mois où la personne était absente sans s'excuser, parmi "
    "ceux dont la présence est notée.",
    "sorties": "Sorties du RSA du mois, par motif (flux CAF / MSA).",
    "en_attente": "Bénéficiaires du stock sans orientation au-delà du délai que le Département "
    "s'est fixé (règles du département).",
}


@dataclass
class TableauDeBord:
    departement: str
    mois: date
    fin: date
    territoire: Structure | None
    stock: int = 0
    avec_referent: int = 0
    part_referent: float | None = None
    entrees: int = 0
    sorties: int = 0
    delai_orientation_mediane: float | None = None
    delai_orientation_p90: float | None = None
    delai_rdv_mediane: float | None = None
    delai_rdv_p90: float | None = None
    entrants_orientes_30j: int = 0
    part_orientes_30j: float | None = None
    contrats_signes: int = 0
    contrats_a_jour: int = 0
    rdv_notes: int = 0
    rdv_absents: int = 0
    taux_absence: float | None = None
    sorties_par_motif: list[tuple[str, int]] = field(default_factory=list)
    en_attente: int = 0
    delai_legal: int = 30
    territoires: list[dict] = field(default_factory=list)
    serie: list[dict] = field(default_factory=list)


def territoires_du(departement: str):
    return Structure.objects.filter(
        departement_id=departement, typologie__in=BUREAUX_LOCAUX
    ).order_by("nom")


def _stock(qs, fin: date):
    return qs.filter(date_entree__lte=fin).filter(Q(sorti_le__isnull=True) | Q(sorti_le__gt=fin))


def tableau_de_bord(
    departement: str, mois: date | None = None, territoire: Structure | None = None, delai=30
) -> TableauDeBord:
    aujourdhui = timezone.localdate()
    mois = regles.debut_mois(mois or aujourdhui)
    fin = min(regles.fin_mois(mois), aujourdhui)
    t = TableauDeBord(departement, mois, fin, territoire, delai_legal=delai)
    base = Beneficiaire.objects.filter(departement=departement)
    if territoire is not None:
        base = base.filter(territoire=territoire)
    lignes = _par_territoire(departement, fin, delai)
    if territoire is not None:
        lignes = [x for x in lignes if x["id"] == territoire.pk]
    else:
        t.territoires = lignes
    for cle in ("stock", "avec_referent", "en_attente", "contrats_signes", "contrats_a_jour"):
        setattr(t, cle, sum(x[cle] for x in lignes))
    t.part_referent = regles.part(t.avec_referent, t.stock)
    fin_mois = regles.fin_mois(mois)
    dans_le_mois = {"__gte": mois, "__lte": fin_mois}

    def entre(champ):
        return {f"{champ}{k}": v for k, v in dans_le_mois.items()}

    # Delays: one grouped count per number of days (a few hundred rows at most, whatever the
    # number of people), the percentiles computed from that histogram.
    delais_o = _histogramme(base.filter(**entre("oriente_le")), "date_entree", "oriente_le")
    delais_r = _histogramme(
        base.filter(**entre("premier_rdv_le"), oriente_le__isnull=False),
        "oriente_le",
        "premier_rdv_le",
    )
    entrants = (
        base.filter(**entre("date_entree"))
        .annotate(jours=JoursEntre("date_entree", "oriente_le"))
        .order_by()
        .aggregate(n=Count("pk"), en_30=Count("pk", filter=Q(jours__lte=30)))
    )
    t.entrees = entrants["n"]
    t.delai_orientation_mediane = regles.centile_histogramme(delais_o, 50)
    t.delai_orientation_p90 = regles.centile_histogramme(delais_o, 90)
    t.delai_rdv_mediane = regles.centile_histogramme(delais_r, 50)
    t.delai_rdv_p90 = regles.centile_histogramme(delais_r, 90)
    t.entrants_orientes_30j = entrants["en_30"]
    t.part_orientes_30j = regles.part(t.entrants_orientes_30j, t.entrees)
    debut_dt = timezone.make_aware(datetime.combine(mois, time.min))
    fin_dt = timezone.make_aware(datetime.combine(regles.mois_suivant(mois), time.min))
    rdv = RendezVous.objects.filter(
        beneficiaire__departement=departement, le__gte=debut_dt, le__lt=fin_dt
    )
    if territoire is not None:
        rdv = rdv.filter(beneficiaire__territoire=territoire)
    r = rdv.aggregate(
        notes=Count("pk", filter=Q(presence__in=regles.PRESENCES_NOTEES)),
        absents=Count("pk", filter=Q(presence="absent")),
    )
    t.rdv_notes, t.rdv_absents = r["notes"], r["absents"]
    t.taux_absence = regles.part(t.rdv_absents, t.rdv_notes)
    sorties = dict(
        base.filter(**entre("sorti_le"))
        .values_list("motif_sortie")
        .annotate(n=Count("pk"))
        .values_list("motif_sortie", "n")
    )
    t.sorties = sum(sorties.values())
    t.sorties_par_motif = [
        (libelle, sorties.get(code, 0)) for code, libelle in regles.MOTIFS_SORTIE.items()
    ]
    t.serie = _serie(base, mois)
    return t


class JoursEntre(Func):
    """Whole days from the date `debut` to the date `fin` (NULL if either is), computed by the
    database: `fin - debut` on PostgreSQL, the difference of Julian days on SQLite (Django's
    date subtraction calls a Python function per row there)."""

    output_field = IntegerField()
    arity = 2

    def __init__(self, debut, fin, **extra):
        super().__init__(fin, debut, **extra)

    def as_sql(self, compiler, connection, **extra):
        return super().as_sql(
            compiler, connection, template="(%(expressions)s)", arg_joiner=" - ", **extra
        )

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(
            compiler,
            connection,
            template="CAST(julianday(%(expressions)s) AS INTEGER)",
            arg_joiner=") - julianday(",
            **extra,
        )


def _histogramme(qs, debut: str, fin: str) -> dict[int, int]:
    """{number of days from `debut` to `fin`: how many beneficiaries} (one grouped query)."""
    return dict(
        qs.annotate(jours=JoursEntre(debut, fin))
        .values("jours")
        .annotate(n=Count("pk"))
        .values_list("jours", "n")
        .order_by()
    )


def _jours(n: int):
    from datetime import timedelta

    return timedelta(days=n)


def _par_territoire(departement: str, fin: date, delai: int) -> list[dict]:
    """One grouped scan of the stock: the figures of each territory (the département's are
    their sums)."""
    noms = dict(territoires_du(departement).values_list("pk", "nom"))
    a_jour = Q(contrat_signe_le__lte=fin, contrat_fin_le__gte=fin) & (
        Q(prochaine_revue_le__isnull=True) | Q(prochaine_revue_le__gte=fin)
    )
    lignes = (
        _stock(Beneficiaire.objects.filter(departement=departement), fin)
        .values("territoire")
        .annotate(
            n=Count("pk"),
            ref=Count("pk", filter=Q(referent__isnull=False, referent_designe_le__lte=fin)),
            attente=Count(
                "pk",
                filter=(Q(oriente_le__isnull=True) | Q(oriente_le__gt=fin))
                & Q(date_entree__lt=fin - _jours(delai)),
            ),
            signes=Count("pk", filter=Q(contrat_signe_le__lte=fin)),
            a_jour=Count("pk", filter=a_jour),
        )
        .order_by()
    )
    out = [
        {
            "id": ligne["territoire"],
            "nom": noms.get(ligne["territoire"], "Commune hors secteur connu"),
            "stock": ligne["n"],
            "avec_referent": ligne["ref"],
            "part_referent": regles.part(ligne["ref"], ligne["n"]),
            "en_attente": ligne["attente"],
            "contrats_signes": ligne["signes"],
            "contrats_a_jour": ligne["a_jour"],
        }
        for ligne in lignes
    ]
    return sorted(out, key=lambda x: x["nom"])


def _serie(base, mois: date) -> list[dict]:
    """Entries, first orientations and exits of the 12 months up to `mois`: one grouped count
    per field, the month read as the text "AAAA-MM" (no per-row date function in SQL)."""
    debut = regles.ajouter_mois(mois, -11)
    fin = regles.mois_suivant(mois)
    champs = {"entrees": "date_entree", "orientations": "oriente_le", "sorties": "sorti_le"}
    comptes = {}
    for cle, champ in champs.items():
        comptes[cle] = dict(
            base.filter(**{f"{champ}__gte": debut, f"{champ}__lt": fin})
            .annotate(m=Substr(Cast(champ, CharField()), 1, 7))
            .values("m")
            .annotate(n=Count("pk"))
            .values_list("m", "n")
            .order_by()
        )
    out = []
    for i in range(12):
        m = regles.ajouter_mois(debut, i)
        cle_mois = f"{m:%Y-%m}"
        out.append({"mois": m, **{cle: comptes[cle].get(cle_mois, 0) for cle in champs}})
    return out


def en_attente_au_dela(departement: str, delai: int, territoire: Structure | None = None):
    """People waiting for an orientation beyond the delay, longest first (for the agents who
    may see their names)."""
    aujourdhui = timezone.localdate()
    qs = Beneficiaire.objects.filter(
        departement=departement,
        statut="ouvert",
        oriente_le__isnull=True,
        date_entree__lt=aujourdhui - _jours(delai),
    )
    if territoire is not None:
        qs = qs.filter(territoire=territoire)
    return qs.select_related("personne", "territoire").order_by("date_entree", "pk")


@dataclass
class Filtres:
    q: str = ""
    statut: str = ""
    orientation: str = ""
    territoire: int | None = None
    attente: bool = False
    mon_portefeuille: bool = False


def liste(qs, f: Filtres, utilisateur_id: int | None = None):
    from accueil.regles import normaliser

    if f.q:
        t = normaliser(f.q)
        if t.isdigit():
            qs = qs.filter(numero_allocataire__startswith=t)
        else:
            qs = qs.filter(personne__nom_normalise__startswith=t)
    if f.statut in regles.STATUTS_DROIT:
        qs = qs.filter(statut=f.statut)
    if f.orientation == "aucune":
        qs = qs.filter(orientation="")
    elif f.orientation in regles.ORIENTATIONS:
        qs = qs.filter(orientation=f.orientation)
    if f.territoire:
        qs = qs.filter(territoire_id=f.territoire)
    if f.attente:
        qs = qs.filter(
            statut="ouvert",
            oriente_le__isnull=True,
            date_entree__lt=timezone.localdate() - _jours(30),
        )
    if f.mon_portefeuille and utilisateur_id:
        qs = qs.filter(referent_id=utilisateur_id)
    return qs.select_related("personne", "territoire", "structure_referente", "referent").order_by(
        "-date_entree", "pk"
    )
