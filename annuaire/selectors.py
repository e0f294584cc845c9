"""Read queries of the directory, shared by pages, API and other apps (accueil, droits, bilan)."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Prefetch

from annuaire import thematiques as th
from annuaire.droits_lien import cible_droit
from annuaire.models import Fermeture, Permanence, Secteur, Service, Structure, ZoneStructure
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
LIMITE = 50


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


def _motifs(commune: Commune) -> dict[int, str]:
    """structure id -> how it serves the commune (the most local reason)."""
    par_code = {commune.code_insee: "commune", commune.departement_id: "departement"}
    if commune.epci_id:
        par_code[commune.epci_id] = "epci"
    par_code["france"] = "france"
    motifs: dict[int, str] = {}
    for sid, code in ZoneStructure.objects.filter(code__in=list(par_code)).values_list(
        "structure_id", "code"
    ):
        m = par_code[code]
        if sid not in motifs or _ORDRE_MOTIFS[m] < _ORDRE_MOTIFS[motifs[sid]]:
            motifs[sid] = m
    for sid in Secteur.objects.filter(commune_id=commune.code_insee).values_list(
        "structure_id", flat=True
    ):
        motifs[sid] = "secteur"
    return motifs


def structures_pour(
    code_insee: str,
    thematique: str | None = None,
    droit: str | None = None,
    typologie: str | None = None,
    limite: int | None = LIMITE,
) -> list[Structure]:
    """Structures serving a commune, for a need (a data·inclusion thematique or category) and/or
    a right's slug, most relevant first.

    Each structure gets `.motif` (key of MOTIFS) and `.pertinence` (0 = answers the right by its
    kind, 1 = answers by a thematique). Raises ErreurChamps naming the faulty field.
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

    motifs = _motifs(commune)
    ids = list(motifs)
    pertinence: dict[int, int] = dict.fromkeys(ids, 0)
    if thematique or cible:
        themes_par_structure: dict[int, list[str]] = defaultdict(list)
        for sid, codes in Service.objects.filter(structure_id__in=ids).values_list(
            "structure_id", "thematiques"
        ):
            themes_par_structure[sid].extend(codes or [])
        typologie_de = dict(Structure.objects.filter(pk__in=ids).values_list("pk", "typologie"))
        retenus = {}
        for sid in ids:
            themes = themes_par_structure.get(sid, [])
            if thematique and not th.correspond(thematique, themes):
                continue
            if cible:
                if typologie_de[sid] in typologies_pour_codes(cible.ou_s_adresser):
                    retenus[sid] = 0
                elif any(th.correspond(t, themes) for t in cible.thematiques):
                    retenus[sid] = 1
                continue
            retenus[sid] = 0
        pertinence = retenus
    qs = Structure.objects.filter(pk__in=list(pertinence)).select_related("commune")
    if typologie:
        qs = qs.filter(typologie=typologie)
    structures = list(qs)
    for s in structures:
        s.motif = motifs[s.pk]
        s.pertinence = pertinence[s.pk]
    structures.sort(key=lambda s: (s.pertinence, _ORDRE_MOTIFS[s.motif], s.nom))
    return structures[:limite] if limite else structures


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
