"""Comptes de démonstration du pilotage (mot de passe publié, SOLIDARITES_DEMO=1 seulement) :
les associations et le CCAS parties aux conventions, et un compte « pilotage » dans la direction
du pilotage du 94 et du 71 (celle de l'annuaire de démonstration ; créée « à vérifier » si
l'annuaire n'en a pas). Le compte `demo.pilotage` (77) vient de `comptes`."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction

from comptes.demo import MOT_DE_PASSE_DEMO
from comptes.models import Membre

# (identifiant, structure de l'annuaire de démonstration, rôle)
COMPTES = [
    ("demo.handaura.partenaire", "77-hand-aura", "partenaire"),
    ("demo.elan2.partenaire", "77-elan-2", "partenaire"),
    ("demo.ccas-montceau.partenaire", "71-ccas-71306", "partenaire"),
    ("demo.pilotage.94", "94-direction-pilotage", "pilotage"),
    ("demo.pilotage.71", "71-direction-pilotage", "pilotage"),
]
DIRECTIONS = {
    "94": ("Direction de la stratégie et du pilotage — Val-de-Marne", "94028"),
    "71": ("Direction de la stratégie et du pilotage — Saône-et-Loire", "71270"),
}


def _direction(code: str):
    """La direction du pilotage du département : celle de l'annuaire si elle existe."""
    from annuaire.chargement import SOURCE_DEMO
    from annuaire.models import Structure
    from territoires.models import Commune

    nom, commune = DIRECTIONS[code]
    existante = (
        Structure.objects.filter(identifiant=f"{SOURCE_DEMO}--{code}-departement-pilotage").first()
        or Structure.objects.filter(
            departement_id=code, typologie="departement", nom__icontains="pilotage"
        )
        .order_by("pk")
        .first()
    )
    if existante is not None:
        return existante
    if not Commune.objects.filter(pk=commune).exists():
        return None
    s, _ = Structure.objects.get_or_create(
        identifiant=f"{SOURCE_DEMO}--{code}-direction-pilotage",
        defaults={
            "nom": nom,
            "typologie": "departement",
            "commune_id": commune,
            "departement_id": code,
            "demo": True,
            "a_verifier": True,
        },
    )
    return s


@transaction.atomic
def charger_comptes() -> list[tuple[str, str, str]]:
    from annuaire.chargement import SOURCE_DEMO
    from annuaire.models import Structure

    User = get_user_model()
    faits = []
    for username, ident, role in COMPTES:
        code, reste = ident.split("-", 1)
        if reste == "direction-pilotage":
            structure = _direction(code)
        else:
            structure = Structure.objects.filter(identifiant=f"{SOURCE_DEMO}--{ident}").first()
        if structure is None:
            continue
        user, _ = User.objects.get_or_create(username=username)
        user.set_password(MOT_DE_PASSE_DEMO)
        user.is_active = True
        user.save()
        Membre.objects.update_or_create(
            utilisateur=user,
            defaults={"structure": structure, "role": role, "actif": True, "demo": True},
        )
        faits.append((username, structure.nom, role))
    return faits
