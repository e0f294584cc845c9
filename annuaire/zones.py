"""Keep the `ZoneStructure` search index in step with structures, services and sectors."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction

from annuaire.models import Secteur, Service, Structure, ZoneStructure


def codes_zone(
    zone_structure: Iterable[str],
    zones_services: Iterable[Iterable[str]],
    a_un_secteur: bool,
    code_commune: str | None,
) -> set[str]:
    """Codes a structure serves: its zone, its services' zones; else its own commune.

    A sectorised office (MDS, EDS, pôle autonomie) with a sector serves its sector only, found
    through `Secteur`; it needs no zone.
    """
    codes = {str(c) for c in zone_structure}
    for zone in zones_services:
        codes.update(str(c) for c in zone)
    if "99100" in codes:
        codes.discard("99100")
        codes.add("france")
    if not codes and not a_un_secteur and code_commune:
        codes.add(code_commune)
    return codes


@transaction.atomic
def reindexer(structure_ids: Iterable[int] | None = None) -> int:
    """Rebuild the search index for these structures (all when None); returns the row count."""
    structures = Structure.objects.all()
    if structure_ids is not None:
        structure_ids = list(structure_ids)
        structures = structures.filter(pk__in=structure_ids)
    lignes = list(
        structures.values_list("pk", "zone_eligibilite", "commune_id", "typologie", "nom")
    )
    ids = [ligne[0] for ligne in lignes]
    zones_services: dict[int, list] = defaultdict(list)
    themes: dict[int, set[str]] = defaultdict(set)
    secteurs: dict[int, list[str]] = defaultdict(list)
    for lot in _lots(ids):
        for sid, zone, thematiques in Service.objects.filter(structure_id__in=lot).values_list(
            "structure_id", "zone_eligibilite", "thematiques"
        ):
            zones_services[sid].append(zone or [])
            themes[sid].update(thematiques or [])
        for sid, code in Secteur.objects.filter(structure_id__in=lot).values_list(
            "structure_id", "commune_id"
        ):
            secteurs[sid].append(code)
        ZoneStructure.objects.filter(structure_id__in=lot).delete()
    nouvelles = []
    for pk, zone, commune, typologie, nom in lignes:
        codes = codes_zone(zone or [], zones_services[pk], bool(secteurs[pk]), commune)
        dans_secteur = set(secteurs[pk])
        # "" is the row used when no need is given; then one row per thematique offered.
        thematiques = ["", *sorted(themes[pk])]
        for code in sorted(codes | dans_secteur):
            for t in thematiques:
                nouvelles.append(
                    ZoneStructure(
                        structure_id=pk,
                        code=code,
                        par_secteur=code in dans_secteur,
                        typologie=typologie,
                        thematique=t,
                        categorie=t.split("--")[0],
                        nom=nom,
                    )
                )
    ZoneStructure.objects.bulk_create(nouvelles, batch_size=5000)
    return len(nouvelles)


def _lots(ids: list[int], taille: int = 900):
    for i in range(0, len(ids), taille):
        yield ids[i : i + taille]
