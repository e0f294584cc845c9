"""Reading the accueil's data for one actor: what pages and the API show (no writes here).

One object: `comptes.acces.objet_ou_refus` (404 when absent or not visible, refusal audited),
over the `visibles_par(acteur)` querysets of the models. Lists, the queue and the statistics are
built here, once, for the pages and the API alike.
"""

from __future__ import annotations

from datetime import timedelta

from django.core.cache import cache
from django.db import connections
from django.db.models import Avg, Count, F, Q, Value
from django.db.models.functions import Replace
from django.utils import timezone

from accueil import regles
from accueil.models import Contact, Demande, Orientation, Personne, SuiviDroit
from accueil.perms import (
    TOUTES_PARTIES,
    OrientationVue,
    parties_visibles,
    peut_modifier_dossier,
    voit_contacts,
)
from accueil.regles import StatutOrientation as S
from comptes.acces import acteur, objet_ou_refus
from solidarites.pagination import PaginateurCompte

# --- one object -------------------------------------------------------------------------------


def parties_pour(a, personne: Personne) -> frozenset[str]:
    """The parts of this file the actor may read."""
    orientations = [
        OrientationVue(o.structure_destination_id, o.statut, frozenset(o.elements_partages))
        for o in personne.orientations.all()
    ]
    return parties_visibles(a, personne.structure_id, orientations)


def personne_pour(request, pk, *, ecriture: bool = False) -> tuple[Personne, frozenset[str]]:
    """One file and the parts the actor may read (all of them to write), or 404 (audited)."""
    a = acteur(request)
    qs = Personne.objects.modifiables_par(a) if ecriture else Personne.objects.visibles_par(a)
    p = objet_ou_refus(request, qs.select_related("structure"), pk, objet="personne", personne=_soi)
    return p, TOUTES_PARTIES if ecriture else parties_pour(a, p)


def contact_pour(request, pk, *, ecriture: bool = False):
    """One contact, its file, the parts readable and whether the actor holds the file; 404 when
    the file or its contacts are not shared with the actor's structure (audited)."""
    a = acteur(request)
    personnes = (
        Personne.objects.modifiables_par(a) if ecriture else Personne.objects.visibles_par(a)
    )
    c = objet_ou_refus(
        request,
        Contact.objects.filter(personne__in=personnes).select_related("structure", "personne"),
        pk,
        objet="contact",
        personne=lambda c: c.personne,
        condition=lambda c: (
            ecriture
            or voit_contacts(
                peut_modifier_dossier(a, c.personne.structure_id), parties_pour(a, c.personne)
            )
        ),
    )
    p = c.personne
    detenteur = peut_modifier_dossier(a, p.structure_id)
    return c, p, TOUTES_PARTIES if ecriture else parties_pour(a, p), detenteur


def orientation_pour(request, pk) -> Orientation:
    return objet_ou_refus(
        request,
        Orientation.objects.visibles_par(acteur(request)).select_related(
            "personne", "structure_origine", "structure_destination"
        ),
        pk,
        objet="orientation",
        personne=lambda o: o.personne,
    )


def demande_pour(request, pk) -> Demande:
    return objet_ou_refus(
        request,
        Demande.objects.visibles_par(acteur(request)).select_related("personne"),
        pk,
        objet="demande",
    )


def bilan_de_la_demande(demande: Demande) -> dict:
    """The kept bilan attached to an online request, as the agent reads it (answers, probable
    rights, reasons, places; `conserve` is the kept bilan, whose opening the page audits): {}
    when none was attached; `bilan_expire` when it is no longer kept (30 days)."""
    if not demande.code_bilan:
        return {}
    from bilan.moteur import ResultatBilan
    from bilan.restitution import contexte_resultat
    from bilan.services import ouvrir_bilan_conserve

    conserve = ouvrir_bilan_conserve(demande.code_bilan)
    if conserve is None:
        return {"bilan_expire": True}
    resultat = ResultatBilan.model_validate(conserve.resultat)
    return {
        **contexte_resultat(conserve.situation, resultat, cree_le=conserve.cree_le),
        "conserve": conserve,
    }


def demande_de_la_file(a, ident) -> Demande | None:
    """The online request an agent is answering (given in the query string), if it is in its
    structure's queue; else None (the form works without it)."""
    if not ident:
        return None
    try:
        return Demande.objects.visibles_par(a).filter(pk=int(ident)).first()
    except (TypeError, ValueError):
        return None


def _soi(p):
    return p


# --- lists ------------------------------------------------------------------------------------


def _chiffres_telephone(q: str) -> str | None:
    """'06 12 34 56 78', '+33 6 12…' -> '0612345678'; None when the text is not a phone number."""
    chiffres = "".join(c for c in q if c.isdigit())
    if len(chiffres) < 6 or any(c.isalpha() for c in q):
        return None
    if chiffres.startswith("33") and len(chiffres) == 11:
        chiffres = "0" + chiffres[2:]
    return chiffres


def _reference_demande(q: str) -> str | None:
    """'d-abcd-efgh', 'DABCDEFGH' -> 'D-ABCD-EFGH' (an online request's reference), else None."""
    brut = "".join(c for c in q.upper() if c.isalnum())
    if len(brut) == 9 and brut[0] == "D" and brut[1:].isalnum():
        return f"D-{brut[1:5]}-{brut[5:]}"
    return None


def rechercher_personnes(a, q: str = ""):
    """The files the actor may open, by name, phone number ("06 12 34 56 78") or the reference
    of an online request ("D-…") (first 100), with their orientations (the parts each file
    shares with the actor are read without a query per file)."""
    qs = _chercher(Personne.objects.visibles_par(a), q)
    return qs.select_related("structure").prefetch_related("orientations")[:100]


# The columns of the list of files (and the two of its order).
COLONNES_LISTE = (
    "pk",
    "nom",
    "prenom",
    "date_naissance",
    "structure__nom",
    "nom_normalise",
    "prenom_normalise",
)


def liste_personnes(a, q: str = ""):
    """The files the actor may open that match `q` (by name, phone number or the reference of
    an online request), in the list's order (name, first name), as rows of the columns shown
    (`COLONNES_LISTE`, no model built per row): the page paginates it. The held files and the
    received ones are two queries joined by UNION ALL, each read in order from its index (see
    `PersonneQuerySet.detenues_et_recues`): a page of a structure holding 10 000 files costs
    no sort of them all."""
    detenues, recues = _moities(a)
    return _ListeEnOrdre(
        _chercher(detenues, q).values(*COLONNES_LISTE),
        _chercher(recues, q).values(*COLONNES_LISTE),
    )


class _ListeEnOrdre:
    """The two halves of `liste_personnes` as Django's Paginator slices them. A page
    `[debut:fin]` is the union of each half's first `fin` rows, sorted: PostgreSQL does not
    read a UNION ALL in order from its branches' indexes (it sorts every row of both halves,
    20 ms for 20 000 files), but each branch ordered and limited reads its own index. SQLite
    (no ORDER BY/LIMIT inside a compound query) already walks each branch in index order."""

    ordered = True
    ORDRE = ("nom_normalise", "prenom_normalise", "pk")

    def __init__(self, detenues, recues):
        self.detenues, self.recues = detenues.order_by(*self.ORDRE), recues.order_by(*self.ORDRE)

    def _union(self, fin: int | None = None):
        detenues, recues = self.detenues, self.recues
        tranches = connections[detenues.db].features.supports_slicing_ordering_in_compound
        if fin is not None and tranches:
            detenues, recues = detenues[:fin], recues[:fin]
        if detenues.query.is_empty() or recues.query.is_empty():
            # A half that is none() (or cut to [:0]): the other, still in order, is the list
            # (Django's union would return it as it is, and could not order it once sliced).
            return recues if detenues.query.is_empty() else detenues
        if fin is None or not tranches:
            detenues, recues = detenues.order_by(), recues.order_by()
        return detenues.union(recues, all=True).order_by(*self.ORDRE)

    def __getitem__(self, k):
        fin = k.stop if isinstance(k, slice) else None
        return self._union(fin)[k]

    def __iter__(self):
        return iter(self._union())


def nombre_personnes(a, q: str = "") -> int:
    """How many rows `liste_personnes` has: each half counted alone, from its index (the
    count of the union would build every row, with its join, to count them)."""
    return sum(_chercher(moitie, q).order_by().count() for moitie in _moities(a))


def _moities(a):
    return Personne.objects.detenues_et_recues(a)


def ligne_personne(d: dict) -> dict:
    """A row of `liste_personnes` as the page shows it."""
    return {**d, "reference": f"P-{d['pk']:06d}", "detenteur": d["structure__nom"]}


def _chercher(qs, q: str):
    """`qs` narrowed to the files matching `q` (name, phone number or an online request's
    reference); `qs` itself when `q` is empty."""
    q = (q or "").strip()
    if not q:
        return qs
    reference = _reference_demande(q)
    if reference:
        return qs.filter(demandes__reference=reference)
    telephone = _chiffres_telephone(q)
    if telephone:
        sans_separateurs = F("telephone")
        for avant, apres in ((" ", ""), (".", ""), ("-", ""), ("+33", "0")):
            sans_separateurs = Replace(sans_separateurs, Value(avant), Value(apres))
        return qs.annotate(tel=sans_separateurs).filter(tel__contains=telephone)
    n = regles.normaliser(q)
    return qs.filter(Q(nom_normalise__contains=n) | Q(prenom_normalise__contains=n))


def demandes_par_reference(a, q: str):
    """The online requests of the actor's structure with this reference (search of the files)."""
    reference = _reference_demande(q or "")
    if not reference:
        return Demande.objects.none()
    return Demande.objects.visibles_par(a).filter(reference=reference)


def contacts_du_dossier(a, p: Personne, parties: frozenset[str]):
    detenteur = peut_modifier_dossier(a, p.structure_id)
    if not voit_contacts(detenteur, parties):
        return []
    return p.contacts.select_related("structure", "agent")


def suivis_droits_du_dossier(a, p: Personne, parties: frozenset[str]):
    """The follow-up of the rights identified: for the holder, and for a structure the file
    was oriented to when « droits » is shared with it."""
    if not (peut_modifier_dossier(a, p.structure_id) or "droits" in parties):
        return SuiviDroit.objects.none()
    return p.suivis_droits.all()


def suivi_droit_pour(request, pk) -> SuiviDroit:
    """One follow-up line, to change it: the holding structure only (else 404, audited)."""
    a = acteur(request)
    return objet_ou_refus(
        request,
        SuiviDroit.objects.filter(personne__in=Personne.objects.modifiables_par(a)).select_related(
            "personne"
        ),
        pk,
        objet="suivi_droit",
        personne=lambda sd: sd.personne,
    )


def orientations_du_dossier(a, p: Personne):
    """All of them for the holder; for a receiving structure, only those sent to it (never a
    draft, its motif included)."""
    qs = p.orientations.select_related("structure_destination", "structure_origine")
    if not peut_modifier_dossier(a, p.structure_id):
        qs = qs.filter(structure_destination_id=a.structure_id).exclude(statut=S.PROPOSEE)
    return qs


def orientations_visibles(a, statut: str = ""):
    qs = Orientation.objects.visibles_par(a).select_related(
        "structure_origine", "structure_destination"
    )
    return qs.filter(statut=statut) if statut else qs


def structures_destination(a):
    """Structures of the directory an agent may orient to: those of its own département and
    those without one (national services), its own structure excluded."""
    from annuaire.models import Structure

    qs = Structure.objects.exclude(pk=a.structure_id)
    if a.departement:
        qs = qs.filter(Q(departement_id=a.departement) | Q(departement__isnull=True))
    return qs.order_by("nom")


MOTIFS_SUGGESTION = {
    "secteur": "bureau de secteur de la commune",
    "commune": "sert la commune",
    "epci": "sert l'intercommunalité",
    "departement": "sert tout le département",
    "france": "service national",
}


def suggestions_orientation(a, p: Personne, besoin: str):
    """Where to orient this person for this need: first the structures of the directory that
    serve the person's commune for it (`annuaire.selectors.structures_pour`, nearest first,
    each with `.raison`), then all the others the agent may orient to, grouped by kind."""
    from annuaire.selectors import structures_pour
    from annuaire.typologies import TYPOLOGIES
    from solidarites.erreurs import ErreurChamps

    permises = structures_destination(a)
    suggerees = []
    if p.commune_code and besoin in regles.BESOINS_ANNUAIRE:
        thematique, typologie = regles.BESOINS_ANNUAIRE[besoin]
        try:
            trouvees = structures_pour(
                p.commune_code, thematique=thematique, typologie=typologie, limite=30
            )
        except ErreurChamps:
            trouvees = []
        ok = set(permises.filter(pk__in=[s.pk for s in trouvees]).values_list("pk", flat=True))
        suggerees = [s for s in trouvees if s.pk in ok][:8]
        for s in suggerees:
            s.raison = MOTIFS_SUGGESTION.get(s.motif, "")
    deja = {s.pk for s in suggerees}
    groupes: dict[str, list] = {}
    for s in permises.exclude(pk__in=deja).only("pk", "nom", "typologie"):
        groupes.setdefault(TYPOLOGIES.get(s.typologie, "Autre structure"), []).append(s)
    return suggerees, sorted(groupes.items())


# --- the structure's queue --------------------------------------------------------------------


def _heures(delai) -> float | None:
    return round(delai.total_seconds() / 3600, 1) if delai else None


DELAIS_SECONDES = 300


def _delais_moyens(a, demandes, orientations) -> tuple:
    """The two average delays of the queue's heading (online request → first contact,
    orientation received → answer), over the structure's whole history: kept 5 minutes per
    structure. An average over months moves little in 5 minutes; computed on every read of
    the queue, it read every request and orientation ever answered."""
    cle = f"accueil:delais-file:{a.structure_id}"
    delais = cache.get(cle)
    if delais is None:
        delais = (
            demandes.filter(traitee_le__isnull=False)
            .annotate(delai=F("traitee_le") - F("cree_le"))
            .aggregate(m=Avg("delai"))["m"],
            orientations.filter(structure_destination_id=a.structure_id, repondue_le__isnull=False)
            .annotate(delai=F("repondue_le") - F("envoyee_le"))
            .aggregate(m=Avg("delai"))["m"],
        )
        cache.set(cle, delais, DELAIS_SECONDES)
    return delais


def donnees_file(a, aujourdhui_seulement: bool = False) -> dict:
    """What a structure's queue shows (the page and the API). The new online requests not yet
    answered (or whose call back is due) and the follow-ups planned up to today are « à
    rappeler aujourd'hui »; `aujourdhui_seulement` keeps only them."""
    aujourdhui = timezone.localdate()
    orientations = Orientation.objects.visibles_par(a)
    demandes = Demande.objects.visibles_par(a)
    delai_demandes, delai_orientations = _delais_moyens(a, demandes, orientations)
    nouvelles = demandes.filter(statut=Demande.Statut.NOUVELLE).order_by(
        F("rappeler_le").asc(nulls_first=True), "cree_le", "pk"
    )
    # The follow-ups planned on the files the structure holds (only the holder writes a
    # contact, so they are the structure's own): read from the index of the follow-ups to do
    # by structure and date, the file joined (a subquery on the 10 000 files cost 20 ms).
    suivis = (
        Contact.objects.filter(
            structure_id=a.structure_id,
            personne__structure_id=a.structure_id,
            personne__anonymise_le__isnull=True,
            date_suivi__isnull=False,
            date_suivi__lte=aujourdhui + timedelta(days=7),
            suivi_fait=False,
        )
        .select_related("personne", "structure")
        .order_by("date_suivi", "pk")
    )
    if not a.est_agent:
        suivis = suivis.none()
    dues_demandes = Q(rappeler_le__isnull=True) | Q(rappeler_le__lte=aujourdhui)
    dus_suivis = Q(date_suivi__lte=aujourdhui)
    # Each list counted once, with its part due today (one query each, not two).
    n_demandes = nouvelles.order_by().aggregate(
        n=Count("pk"), dues=Count("pk", filter=dues_demandes)
    )
    n_suivis = suivis.order_by().aggregate(n=Count("pk"), dus=Count("pk", filter=dus_suivis))
    a_repondre = Q(structure_destination_id=a.structure_id, statut__in=regles.STATUTS_A_REPONDRE)
    n_orientations = orientations.order_by().aggregate(
        a_repondre=Count("pk", filter=a_repondre),
        envoyees=Count("pk", filter=Q(structure_origine_id=a.structure_id)),
    )
    if aujourdhui_seulement:
        nouvelles = nouvelles.filter(dues_demandes)
        suivis = suivis.filter(dus_suivis)
    return {
        "a_rappeler_aujourdhui": n_demandes["dues"] + n_suivis["dus"],
        # The number of rows of each of these lists, for their pagination.
        "nombres": {
            "demandes": n_demandes["dues" if aujourdhui_seulement else "n"],
            "suivis": n_suivis["dus" if aujourdhui_seulement else "n"],
            **n_orientations,
        },
        "filtre_aujourdhui": aujourdhui_seulement,
        "demandes": nouvelles,
        "a_repondre": orientations.filter(a_repondre).select_related(
            "personne", "structure_origine"
        ),
        "envoyees": orientations.filter(structure_origine_id=a.structure_id).select_related(
            "personne", "structure_destination"
        ),
        "suivis": suivis,
        "delai_demandes_h": _heures(delai_demandes),
        "delai_orientations_h": _heures(delai_orientations),
        "aujourdhui": aujourdhui,
    }


# The queue's page: 25 rows a section, each section its own page number in the URL
# (`?demandes=2`), only the columns shown read (a structure holding 10 000 files may have
# hundreds of follow-ups in the week: the page never renders them all), as named rows, not
# model instances (a third of the time of reading 100 rows with their related ones).
PAR_PAGE_FILE = 25
SECTIONS_FILE = {
    "demandes": (
        "pk",
        "reference",
        "cree_le",
        "prenom",
        "commune_code",
        "besoins",
        "rappeler_le",
        "appels_sans_reponse",
    ),
    "a_repondre": (
        "pk",
        "envoyee_le",
        "statut",
        "relancee_le",
        "elements_partages",
        "structure_origine__nom",
        "personne__nom",
        "personne__prenom",
    ),
    "suivis": (
        "pk",
        "date_suivi",
        "suite",
        "appels_sans_reponse",
        "personne_id",
        "personne__nom",
        "personne__prenom",
    ),
    "envoyees": (
        "pk",
        "cree_le",
        "statut",
        "relancee_le",
        "personne_id",
        "personne__nom",
        "personne__prenom",
        "structure_destination__nom",
    ),
}


def pages_de_la_file(file: dict, numeros) -> dict:
    """{section: Django Page} of a queue (`donnees_file`): 25 rows of the section's page
    number (`numeros.get(section)`, the first page when absent or not a number), each row a
    named tuple of the columns the page shows (`SECTIONS_FILE`)."""
    return {
        cle: PaginateurCompte(  # counted by donnees_file, with its part due today
            file[cle].values_list(*colonnes, named=True),
            PAR_PAGE_FILE,
            total=lambda n=file["nombres"][cle]: n,
        ).get_page(numeros.get(cle))
        for cle, colonnes in SECTIONS_FILE.items()
    }


# --- statistics (no personal data) ------------------------------------------------------------


def periode_par_defaut(aujourdhui=None):
    """The last 12 months: from the first day of the month 11 months ago to today."""
    aujourdhui = aujourdhui or timezone.localdate()
    mois = aujourdhui.year * 12 + aujourdhui.month - 1 - 11
    return aujourdhui.replace(year=mois // 12, month=mois % 12 + 1, day=1), aujourdhui


def _mois_de(du, au) -> list:
    """First days of the months from `du` to `au` included."""
    out, m = [], du.replace(day=1)
    while m <= au:
        out.append(m)
        m = (m.replace(day=28) + timedelta(days=4)).replace(day=1)
    return out


def statistiques(a, du=None, au=None) -> dict:
    """Counts of the actor's structure over a period (`du`..`au` included, the last 12 months
    by default): contacts by channel, by need and by month, files opened, orientations sent
    and received by status, online requests and their mean delay, rights followed by state.
    Aggregates only, no personal data."""
    from django.db.models.functions import TruncMonth

    from accueil.models import SuiviDroit

    if du is None or au is None:
        du, au = periode_par_defaut()
    s = a.structure_id
    dans = {"date__date__gte": du, "date__date__lte": au}
    cree = {"cree_le__date__gte": du, "cree_le__date__lte": au}
    contacts = Contact.objects.filter(structure_id=s, **dans)
    par_canal = dict(contacts.values_list("canal").annotate(n=Count("pk")))
    besoins: dict[str, int] = dict.fromkeys(regles.DOMAINES, 0)
    for liste in contacts.values_list("besoins", flat=True).iterator():
        for b in liste or []:
            if b in besoins:
                besoins[b] += 1
    par_mois_brut = {
        m.date() if hasattr(m, "date") else m: n
        for m, n in contacts.annotate(m=TruncMonth("date"))
        .values_list("m")
        .annotate(n=Count("pk"))
        .values_list("m", "n")
    }
    par_mois = [(m, par_mois_brut.get(m, 0)) for m in _mois_de(du, au)]

    def par_statut(qs):
        n = dict(qs.values_list("statut").annotate(n=Count("pk")))
        return [(statut.label, n.get(statut, 0)) for statut in S]

    demandes = Demande.objects.filter(structure_id=s, **cree)
    delai = (
        demandes.filter(traitee_le__isnull=False)
        .annotate(delai=F("traitee_le") - F("cree_le"))
        .aggregate(m=Avg("delai"))["m"]
    )
    suivis = dict(
        SuiviDroit.objects.filter(
            personne__structure_id=s, modifie_le__date__gte=du, modifie_le__date__lte=au
        )
        .values_list("statut")
        .annotate(n=Count("pk"))
    )
    return {
        "du": du,
        "au": au,
        "par_canal": [(regles.CANAUX[k], par_canal.get(k, 0)) for k in regles.CANAUX],
        "besoins": [(regles.DOMAINES[k], n) for k, n in besoins.items()],
        "par_mois": par_mois,
        "orient_env": par_statut(Orientation.objects.filter(structure_origine_id=s, **cree)),
        "orient_rec": par_statut(Orientation.objects.filter(structure_destination_id=s, **cree)),
        "droits": [(st.label, suivis.get(st.value, 0)) for st in regles.StatutDroit],
        "nb_contacts": contacts.count(),
        "nb_dossiers": Personne.objects.filter(structure_id=s, **cree).count(),
        "nb_demandes": demandes.count(),
        "delai_demandes_h": _heures(delai),
    }
