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
    """Rebuild the index for these structures (all when None); returns the number of rows."""
    structures = Structure.objects.all()
    if structure_ids is not None:
        structure_ids = list(structure_ids)
        structures = structures.filter(pk__in=structure_ids)
    lignes = list(structures.values_list("pk", "zone_eligibilite", "commune_id"))
    ids = [pk for pk, _, _ in lignes]
    zones_services: dict[int, list] = defaultdict(list)
    for sid, zone in Service.objects.filter(structure_id__in=ids).values_list(
        "structure_id", "zone_eligibilite"
    ):
        zones_services[sid].append(zone or [])
    avec_secteur = set(
        Secteur.objects.filter(structure_id__in=ids).values_list("structure_id", flat=True)
    )
    ZoneStructure.objects.filter(structure_id__in=ids).delete()
    nouvelles = [
        ZoneStructure(structure_id=pk, code=code)
        for pk, zone, commune in lignes
        for code in sorted(codes_zone(zone or [], zones_services[pk], pk in avec_secteur, commune))
    ]
    ZoneStructure.objects.bulk_create(nouvelles, batch_size=2000)
    return len(nouvelles)
