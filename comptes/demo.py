"""Demo accounts (labelled demo, published passwords): created only when asked."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction

from comptes.models import Membre
from comptes.roles import Role

MOT_DE_PASSE_DEMO = "demo-solidarites-2026"
COMMUNE_DEMO = "77288"  # Melun

# (username, which structure, role)
COMPTES_DEMO = [
    ("demo.mds.accueil", "mds", Role.ACCUEIL),
    ("demo.mds.social", "mds", Role.TRAVAILLEUR_SOCIAL),
    ("demo.mds.encadrant", "mds", Role.ENCADRANT),
    ("demo.mds.admin", "mds", Role.ADMINISTRATEUR),
    ("demo.ccas.partenaire", "ccas", Role.PARTENAIRE),
    ("demo.autre-mds.accueil", "autre_mds", Role.ACCUEIL),
    ("demo.insertion", "insertion", Role.INSERTION),
    ("demo.france-travail", "france_travail", Role.CONSEILLER_EMPLOI),
    ("demo.aides-financieres", "aides_financieres", Role.AIDES_FINANCIERES),
    ("demo.commission", "aides_financieres", Role.COMMISSION),
    ("demo.finances", "aides_financieres", Role.FINANCES),
    ("demo.pilotage", "pilotage", Role.PILOTAGE),
]

# Structures of content/annuaire/77.yaml (identifier "<source>--77-<id>") for the new roles.
STRUCTURES_PAR_IDENTIFIANT = {
    "insertion": "departement-insertion",
    "aides_financieres": "departement-aides-financieres",
    "pilotage": "departement-pilotage",
    "france_travail": "france-travail-melun",
}


def structures_demo() -> dict:
    """The MDS serving Melun, a CCAS of Melun, another MDS of the same département, the
    Département's services (insertion, aides financières, pilotage) and France Travail Melun."""
    from annuaire.chargement import SOURCE_DEMO
    from annuaire.models import Structure
    from annuaire.selectors import bureau_local_pour_commune

    mds = bureau_local_pour_commune(COMMUNE_DEMO)
    if mds is None:
        return {}
    ccas = (
        Structure.objects.filter(typologie="ccas", commune_id=COMMUNE_DEMO).order_by("pk").first()
    )
    autre = (
        Structure.objects.filter(typologie=mds.typologie, departement_id=mds.departement_id)
        .exclude(pk=mds.pk)
        .order_by("nom")
        .first()
    )
    services = {
        cle: Structure.objects.filter(identifiant=f"{SOURCE_DEMO}--77-{ident}").first()
        for cle, ident in STRUCTURES_PAR_IDENTIFIANT.items()
    }
    return {"mds": mds, "ccas": ccas, "autre_mds": autre, **services}


@transaction.atomic
def charger_comptes_demo() -> list[tuple[str, str, str]]:
    """Create or update the demo accounts; returns (username, structure, role) of those done."""
    structures = structures_demo()
    User = get_user_model()
    faits = []
    for username, cle, role in COMPTES_DEMO:
        structure = structures.get(cle)
        if structure is None:
            continue
        user, _ = User.objects.get_or_create(username=username)
        user.set_password(MOT_DE_PASSE_DEMO)
        user.is_active = True
        user.save()
        Membre.objects.update_or_create(
            utilisateur=user,
            defaults={"structure": structure, "role": role.value, "actif": True, "demo": True},
        )
        faits.append((username, structure.nom, role.libelle))
    return faits
