"""API of the directory: structures serving a commune for a need or a right."""

from __future__ import annotations

from datetime import date, datetime

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from annuaire import selectors
from annuaire.models import Structure
from annuaire.presentation import Horaires, preparer
from comptes.acces import page_publique
from territoires.api import CommuneOut

TAG = "annuaire"
router = Router()


class CreneauOut(Schema):
    debut: datetime
    fin: datetime
    libelle: str = Field(examples=["mercredi 30 décembre 2026, de 14 h à 18 h"])


class HorairesOut(Schema):
    osm: str = Field(description="Horaires au format OpenStreetMap opening_hours.")
    ouvert_maintenant: bool | None = Field(description="null si les horaires sont inconnus.")
    prochaines_ouvertures: list[CreneauOut]

    @staticmethod
    def de(h: Horaires) -> HorairesOut:
        return HorairesOut(
            osm=h.texte,
            ouvert_maintenant=h.ouvert,
            prochaines_ouvertures=[
                CreneauOut(debut=c.debut, fin=c.fin, libelle=c.libelle) for c in h.prochaines
            ],
        )


class PermanenceOut(Schema):
    nom: str
    lieu: str
    adresse: str
    code_postal: str
    commune: CommuneOut
    public: str
    modalites: str
    telephone: str
    horaires: HorairesOut
    a_verifier: bool


class ServiceOut(Schema):
    id: str = Field(description="Identifiant data·inclusion.")
    nom: str
    description: str
    type: str
    thematiques: list[str]
    publics: list[str]
    frais: str
    conditions_acces: str
    modes_accueil: list[str]
    modes_mobilisation: list[str]
    mobilisation_precisions: str
    lien_mobilisation: str
    telephone: str


class StructureOut(Schema):
    id: int
    identifiant: str = Field(description="Identifiant data·inclusion.")
    nom: str
    typologie: str
    typologie_libelle: str
    adresse: str
    complement_adresse: str
    code_postal: str
    commune: CommuneOut | None
    telephone: str
    courriel: str
    site_web: str
    modalites_contact: str
    horaires: HorairesOut
    services: list[ServiceOut]
    permanences: list[PermanenceOut]
    motif: str | None = Field(
        None, description="Pourquoi cette structure sert la commune : secteur, commune, epci…"
    )
    date_maj: date
    demo: bool = Field(description="Donnée de démonstration.")
    a_verifier: bool = Field(description="Une information ne vient pas d'une source officielle.")


class ResultatsOut(Schema):
    commune: CommuneOut
    thematique: str | None
    droit: str | None
    nombre: int
    structures: list[StructureOut]


class FiltresStructures(Schema):
    commune: str = Field(description="Code INSEE de la commune.", examples=["77288"])
    thematique: str | None = Field(
        None,
        description="Thématique ou catégorie data·inclusion v1.",
        examples=["famille--soutien-a-la-parentalite-et-a-leducation", "famille"],
    )
    droit: str | None = Field(None, description="Identifiant d'un droit.", examples=["rsa"])
    typologie: str | None = Field(None, description="Type de structure.", examples=["mds"])
    limite: int = Field(20, ge=1, le=100, description="Nombre maximal de structures.")


def _structure_out(s: Structure) -> StructureOut:
    return StructureOut(
        id=s.pk,
        identifiant=s.identifiant,
        nom=s.nom,
        typologie=s.typologie,
        typologie_libelle=s.libelle_typologie,
        adresse=s.adresse,
        complement_adresse=s.complement_adresse,
        code_postal=s.code_postal,
        commune=CommuneOut.from_commune(s.commune) if s.commune_id else None,
        telephone=s.telephone,
        courriel=s.courriel,
        site_web=s.site_web,
        modalites_contact=s.modalites_contact,
        horaires=HorairesOut.de(s.horaires),
        services=[
            ServiceOut(
                id=sv.identifiant,
                nom=sv.nom,
                description=sv.description,
                type=sv.type,
                thematiques=sv.thematiques,
                publics=sv.publics,
                frais=sv.frais,
                conditions_acces=sv.conditions_acces,
                modes_accueil=sv.modes_accueil,
                modes_mobilisation=sv.modes_mobilisation,
                mobilisation_precisions=sv.mobilisation_precisions,
                lien_mobilisation=sv.lien_mobilisation,
                telephone=sv.telephone,
            )
            for sv in s.services.all()
        ],
        permanences=[
            PermanenceOut(
                nom=p.nom,
                lieu=p.lieu,
                adresse=p.adresse,
                code_postal=p.code_postal,
                commune=CommuneOut.from_commune(p.commune),
                public=p.public,
                modalites=p.modalites,
                telephone=p.telephone,
                horaires=HorairesOut.de(p.horaires),
                a_verifier=p.a_verifier,
            )
            for p in s.permanences_triees
        ],
        motif=getattr(s, "motif", None),
        date_maj=s.date_maj,
        demo=s.demo,
        a_verifier=s.a_verifier,
    )


@router.get(
    "/structures",
    response=ResultatsOut,
    summary="Où s'adresser : structures d'une commune pour un besoin ou un droit",
    description=(
        "Les structures qui servent la commune (bureau local du secteur, structures de la "
        "commune, de l'intercommunalité, du département), filtrées par thématique data·inclusion "
        "ou par droit, avec leurs horaires, « ouvert maintenant », les trois prochaines "
        "ouvertures et les prochaines dates de leurs permanences. 400 si la commune, la "
        "thématique ou le droit est inconnu (le champ est nommé)."
    ),
)
@page_publique
def structures(request, filtres: Query[FiltresStructures]):
    trouvees = selectors.structures_pour(
        filtres.commune,
        filtres.thematique,
        filtres.droit,
        typologie=filtres.typologie,
        limite=filtres.limite,
    )
    commune = selectors.commune_ou_erreur(filtres.commune)
    preparer(selectors.avec_details(trouvees), commune.code_insee)
    return ResultatsOut(
        commune=CommuneOut.from_commune(commune),
        thematique=filtres.thematique,
        droit=filtres.droit,
        nombre=len(trouvees),
        structures=[_structure_out(s) for s in trouvees],
    )


@router.get(
    "/structures/{structure_id}",
    response=StructureOut,
    summary="Une structure",
    description="Fiche d'une structure : coordonnées, horaires, services, permanences.",
)
@page_publique
def structure(request, structure_id: int):
    s = get_object_or_404(Structure.objects.select_related("commune"), pk=structure_id)
    preparer(selectors.avec_details([s]), s.commune_id)
    return _structure_out(s)
