"""Read queries of the directory, shared by pages, API and other apps (accueil, droits, bilan)."""

from __future__ import annotations

from django.db import connection
from django.db.models import Case, IntegerField, Prefetch, Q, Value, When

from annuaire import thematiques as th
from annuaire.droits_lien import cible_droit
from annuaire.models import Fermeture, Permanence, Secteur, Structure, ZoneStructure
from annuaire.typologies import BUREAUX_LOCAUX, TYPOLOGIES, typologies_pour_codes
from solidarites.erreurs import ErreurChamps
from territoires.models import Commune

# How a structure serves the commune, most local first.
MOTIFS = {
    "secteur": "Vous dépendez de ce lieu d'accueil",
    "commune": "Sert votre commune",
    "epci": "Sert votre intercommunalité",
    "departement": "Sert tout le département",
    "france": "Service national",
}
_ORDRE_MOTIFS = {m: i for i, m in enumerate(MOTIFS)}
LIMITE = 20
# Not shown on a result card: not read by the search.
_INUTILES_CARTE = ("description", "reseaux_porteurs", "zone_eligibilite", "lien_source", "siret")


def bureau_local_pour_commune(code_insee: str) -> Structure | None:
    """The MDS / EDS whose sector contains the commune, or None if no sector covers it."""
    secteur = (
        Secteur.objects.filter(commune_id=code_insee, typologie__in=BUREAUX_LOCAUX)
        .select_related("structure", "structure__commune")
        .order_by("typologie")
        .first()
    )
    return secteur.structure if secteur else None


def bureau_pour_commune(code_insee: str, typologie: str) -> Structure | None:
    """The office of this kind (mds, eds, pole-autonomie) serving the commune."""
    secteur = (
        Secteur.objects.filter(commune_id=code_insee, typologie=typologie)
        .select_related("structure")
        .first()
    )
    return secteur.structure if secteur else None


def commune_ou_erreur(code_insee: str, champ: str = "commune") -> Commune:
    code = (code_insee or "").strip().upper()
    if not code:
        raise ErreurChamps({champ: "Indiquez une commune."})
    commune = Commune.objects.select_related("departement", "epci").filter(pk=code).first()
    if commune is None:
        raise ErreurChamps({champ: f"Commune inconnue : « {code_insee} » (code INSEE attendu)."})
    return commune


class _CommuneLegere:
    __slots__ = ("code_insee", "departement_id", "epci_id")

    def __init__(self, code_insee, departement_id, epci_id):
        self.code_insee, self.departement_id, self.epci_id = code_insee, departement_id, epci_id


def _commune_legere(code_insee: str) -> _CommuneLegere:
    """The three codes the search needs, without building a model (hot path)."""
    code = (code_insee or "").strip().upper()
    if not code:
        raise ErreurChamps({"commune": "Indiquez une commune."})
    ligne = list(
        Commune.objects.filter(pk=code).values_list("code_insee", "departement_id", "epci_id")[:1]
    )
    if not ligne:
        raise ErreurChamps(
            {"commune": f"Commune inconnue : « {code_insee} » (code INSEE attendu)."}
        )
    return _CommuneLegere(*ligne[0])


def _cles(commune) -> dict[str, str]:
    """Codes that serve a commune -> the motif they give."""
    par_code = {commune.code_insee: "commune", commune.departement_id: "departement"}
    if commune.epci_id:
        par_code[commune.epci_id] = "epci"
    par_code["france"] = "france"
    return par_code


def structures_pour(
    code_insee: str,
    thematique: str | None = None,
    droit: str | None = None,
    typologie: str | None = None,
    limite: int | None = LIMITE,
) -> list[Structure]:
    """Structures serving a commune, for a need (a data·inclusion thematique or category) and/or
    a right's slug, most relevant first.

    One indexed query on `ZoneStructure` finds them. Each structure gets `.motif` (key of
    MOTIFS: its sector, the commune, the EPCI, the département, France) and `.pertinence`
    (0 = answers the right by its kind or the need by a thematique, 1 = answers the right only
    by a thematique). Raises ErreurChamps naming each faulty field.
    """
    erreurs = {}
    thematique = (thematique or "").strip() or None
    droit = (droit or "").strip() or None
    typologie = (typologie or "").strip() or None
    if thematique and not th.est_connue(thematique):
        erreurs["thematique"] = f"Thématique inconnue : « {thematique} »."
    cible = None
    if droit:
        cible = cible_droit(droit)
        if cible is None:
            erreurs["droit"] = f"Droit inconnu : « {droit} »."
    if typologie and typologie not in TYPOLOGIES:
        erreurs["typologie"] = f"Type de structure inconnu : « {typologie} »."
    try:
        commune = _commune_legere(code_insee)
    except ErreurChamps as e:
        erreurs = {x["champ"]: x["message"] for x in e.erreurs} | erreurs
    if erreurs:
        raise ErreurChamps(erreurs)

    par_code = _cles(commune)
    qs = ZoneStructure.objects.filter(code__in=list(par_code))
    typologies_droit: set[str] = set()
    if thematique:
        if thematique in th.categories():
            qs = qs.filter(categorie=thematique)
        else:
            qs = qs.filter(thematique=thematique)
        if cible:  # both: the right's kinds of structures among those answering the need
            typologies_droit = typologies_pour_codes(cible.ou_s_adresser)
            qs = qs.filter(
                Q(typologie__in=sorted(typologies_droit)) | Q(thematique__in=cible.thematiques)
            )
    elif cible:
        typologies_droit = typologies_pour_codes(cible.ou_s_adresser)
        qs = qs.filter(
            Q(thematique="", typologie__in=sorted(typologies_droit))
            | Q(thematique__in=cible.thematiques)
        )
    else:
        qs = qs.filter(thematique="")
    if typologie:
        qs = qs.filter(typologie=typologie)

    # Ranking in SQL: relevance to the right, then proximity (sector, commune, EPCI,
    # département, France), then name; only the first rows are read, deduplicated here.
    prio = Case(
        When(par_secteur=True, then=Value(0)),
        When(code=commune.code_insee, then=Value(1)),
        When(code=commune.epci_id or "-", then=Value(2)),
        When(code=commune.departement_id, then=Value(3)),
        default=Value(4),
        output_field=IntegerField(),
    )
    pert = (
        Case(When(typologie__in=sorted(typologies_droit), then=Value(0)), default=Value(1))
        if cible
        else Value(0)
    )
    lignes = (
        qs.annotate(_pert=pert, _prio=prio)
        .order_by("_pert", "_prio", "nom", "structure_id")
        .values_list("structure_id", "_pert", "_prio")
    )
    trouves = _premiers(lignes, limite * 3 if limite else None)
    if limite and len(trouves) < limite and trouves.lignes_lues == limite * 3:
        trouves = _premiers(lignes, None)  # many rows per structure: read them all
    ordre = list(trouves)[:limite] if limite else list(trouves)
    if not ordre:
        return []
    par_id = Structure.objects.select_related("commune").defer(*_INUTILES_CARTE).in_bulk(ordre)
    structures = []
    for sid in ordre:
        s = par_id[sid]
        s.pertinence, prio_s = trouves[sid]
        s.motif = list(MOTIFS)[prio_s]
        structures.append(s)
    return structures


class _Trouves(dict):
    lignes_lues = 0


def _premiers(lignes, n: int | None) -> _Trouves:
    """{structure id: (relevance, proximity)} in rank order, from the first `n` index rows.

    The ORM builds the query; the cursor reads the rows (the hot path of the search)."""
    sql, params = (lignes[:n] if n else lignes).query.sql_with_params()
    with connection.cursor() as curseur:
        curseur.execute(sql, params)
        rangees = curseur.fetchall()
    out = _Trouves()
    out.lignes_lues = len(rangees)
    for sid, pert, prio in rangees:
        if sid not in out:
            out[sid] = (pert, prio)
    return out


def avec_details(structures: list[Structure]) -> list[Structure]:
    """Prefetch what a result card shows: services, permanences, closures."""
    from django.db.models import prefetch_related_objects

    prefetch_related_objects(
        structures,
        "services",
        "fermetures",
        Prefetch(
            "permanences",
            queryset=Permanence.objects.select_related("commune").prefetch_related(
                Prefetch("fermetures", queryset=Fermeture.objects.all())
            ),
        ),
    )
    return structures


def fiches_a_mettre_a_jour(departement: str | None = None, seuil: float | None = None):
    """[(structure, Score)] from the least fresh; only those under the threshold."""
    from datetime import date as _date

    from annuaire import fraicheur, horaires

    seuil = fraicheur.SEUIL_A_METTRE_A_JOUR if seuil is None else seuil
    qs = Structure.objects.select_related("commune").prefetch_related("services")
    if departement:
        qs = qs.filter(departement_id=departement)
    aujourd_hui = _date.today()
    out = []
    for s in qs:
        services = list(s.services.all())
        fiche = fraicheur.Fiche(
            date_maj=s.date_maj,
            adresse=s.adresse,
            telephone=s.telephone,
            courriel=s.courriel,
            site_web=s.site_web,
            horaires_valides=bool(s.horaires_accueil)
            and horaires.erreur_horaires(s.horaires_accueil) is None,
            nb_services=len(services),
            services_mobilisation_definie=sum(
                1 for sv in services if sv.modes_mobilisation and sv.mobilisable_par
            ),
            a_verifier=s.a_verifier,
        )
        sc = fraicheur.score(fiche, aujourd_hui)
        if sc.valeur < seuil:
            out.append((s, sc))
    out.sort(key=lambda x: (x[1].valeur, x[0].nom))
    return out
