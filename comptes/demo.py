"""Demo accounts (labelled demo, published passwords): created only when asked."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction

from comptes.models import Membre
from comptes.roles import Role

MOT_DE_PASSE_DEMO = "demo-solidarites-2026"

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

# Structures of content/annuaire/77.yaml (identifier "<source>--77-<id>", see
# annuaire/chargement.py): found through Django's model registry, so that `comptes` imports no
# other app (the directory depends on the gate, not the other way round).
SOURCE_DEMO = "solidarites-demo"
STRUCTURES_PAR_IDENTIFIANT = {
    "mds": "mds-melun",  # the MDS serving Melun
    "ccas": "ccas-77288",  # the CCAS of Melun
    "autre_mds": "mds-chelles",  # another MDS of the same département
    "insertion": "departement-insertion",
    "aides_financieres": "departement-aides-financieres",
    "pilotage": "departement-pilotage",
    "france_travail": "france-travail-melun",
}


def structures_demo() -> dict:
    """The demo structures of the accounts, by key (missing ones are left out)."""
    from django.apps import apps

    Structure = apps.get_model("annuaire", "Structure")
    par_identifiant = Structure.objects.in_bulk(
        [f"{SOURCE_DEMO}--77-{i}" for i in STRUCTURES_PAR_IDENTIFIANT.values()],
        field_name="identifiant",
    )
    trouvees = {
        cle: par_identifiant.get(f"{SOURCE_DEMO}--77-{ident}")
        for cle, ident in STRUCTURES_PAR_IDENTIFIANT.items()
    }
    return {cle: s for cle, s in trouvees.items() if s is not None}


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
    demande_acces_demo(structures.get("mds"))
    return faits


def demande_acces_demo(structure) -> None:
    """A pending ProConnect access request (demo) for the MDS's administrator to process."""
    from comptes.models import DemandeAcces

    if structure is None:
        return
    DemandeAcces.objects.get_or_create(
        courriel="alex.demo@solidarites.invalid",
        demo=True,
        defaults={
            "prenom": "Alex",
            "nom": "Exemple (démonstration)",
            "structure": structure,
            "siret": structure.siret,
        },
    )
