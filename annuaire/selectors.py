"""Read queries of the directory, shared by pages, API and other apps (accueil, droits, bilan)."""

from __future__ import annotations

from django.db import connection
from django.db.models import Prefetch, Q

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


def _cles(commune: Commune) -> dict[str, str]:
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
        commune = commune_ou_erreur(code_insee)
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
            qs = qs.filter(Q(typologie__in=typologies_droit) | Q(thematique__in=cible.thematiques))
    elif cible:
        typologies_droit = typologies_pour_codes(cible.ou_s_adresser)
        qs = qs.filter(
            Q(thematique="", typologie__in=typologies_droit) | Q(thematique__in=cible.thematiques)
        )
    else:
        qs = qs.filter(thematique="")
    if typologie:
        qs = qs.filter(typologie=typologie)

    motifs: dict[int, str] = {}
    pertinence: dict[int, int] = {}
    noms: dict[int, str] = {}
    lignes = qs.values_list("structure_id", "code", "par_secteur", "typologie", "nom").distinct()
    # Hot path: the ORM builds the query, the cursor fetches the rows (no per-row conversion).
    sql, params = lignes.query.sql_with_params()
    with connection.cursor() as curseur:
        curseur.execute(sql, params)
        lignes = curseur.fetchall()
    for sid, code, par_secteur, typ, nom in lignes:
        m = "secteur" if par_secteur else par_code[code]
        if sid not in motifs or _ORDRE_MOTIFS[m] < _ORDRE_MOTIFS[motifs[sid]]:
            motifs[sid] = m
        p = 0 if (not cible or typ in typologies_droit) else 1
        pertinence[sid] = min(p, pertinence.get(sid, 1))
        noms[sid] = nom
    if not motifs:
        return []
    ordre = sorted(motifs, key=lambda sid: (pertinence[sid], _ORDRE_MOTIFS[motifs[sid]], noms[sid]))
    if limite:
        ordre = ordre[:limite]
    par_id = Structure.objects.select_related("commune").defer(*_INUTILES_CARTE).in_bulk(ordre)
    structures = []
    for sid in ordre:
        s = par_id[sid]
        s.motif = motifs[sid]
        s.pertinence = pertinence[sid]
        structures.append(s)
    return structures


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
