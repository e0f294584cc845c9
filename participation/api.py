"""API publique de la participation, /api/v1/participation/… : calendrier des réunions et des
événements, comités avec leurs comptes rendus publiés et les réponses aux propositions (aucune
donnée personnelle)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.conf import settings
from django.utils import timezone
from ninja import Field, Router, Schema

from comptes.acces import page_publique
from participation.models import Comite, Evenement, Reunion
from solidarites.erreurs import ErreurChamps

TAG = "participation"
router = Router()


class DateCalendrier(Schema):
    nature: str = Field(description="reunion ou evenement")
    date: dt.datetime
    titre: str
    lieu: str
    url: str


class CompteRendu(Schema):
    date: dt.datetime
    ordre_du_jour: str
    compte_rendu: str


class PropositionSortie(Schema):
    titre: str
    deposee_le: dt.date
    statut: str
    reponse: str
    engagement: int | None = Field(description="Identifiant de l'engagement relié")


class ComiteSortie(Schema):
    id: int
    nom: str
    nature: str
    structure: str
    departement: str
    comptes_rendus: list[CompteRendu]
    propositions: list[PropositionSortie]


# The départements served, listed in the OpenAPI (any other: 400 naming the field).
Departement = Literal[tuple(settings.DEPARTEMENTS)]  # type: ignore[valid-type]


def _departement(departement: str | None) -> str | None:
    if departement and departement not in settings.DEPARTEMENTS:
        raise ErreurChamps([{"champ": "departement", "message": "Département inconnu."}])
    return departement


@router.get(
    "/participation/calendrier",
    response=list[DateCalendrier],
    auth=None,
    summary="Prochaines réunions des comités et prochains événements",
)
@page_publique
def calendrier(request, departement: Departement | None = None):  # type: ignore[valid-type]
    d = _departement(departement)
    maintenant = timezone.now()
    reunions = Reunion.objects.filter(date__gte=maintenant).select_related("comite")
    evenements = Evenement.objects.filter(debut__gte=maintenant)
    if d:
        reunions = reunions.filter(comite__structure__departement_id=d)
        evenements = evenements.filter(departement_id=d)
    out = [
        {
            "nature": "reunion",
            "date": r.date,
            "titre": f"Réunion — {r.comite.nom}",
            "lieu": r.lieu,
            "url": f"/participation/comites/{r.comite_id}/",
        }
        for r in reunions
    ] + [
        {
            "nature": "evenement",
            "date": e.debut,
            "titre": e.titre,
            "lieu": e.lieu,
            "url": f"/participation/evenements/{e.pk}/",
        }
        for e in evenements
    ]
    return sorted(out, key=lambda x: x["date"])


@router.get(
    "/participation/comites",
    response=list[ComiteSortie],
    auth=None,
    summary="Comités d'usagers, comptes rendus publiés, propositions et réponses",
)
@page_publique
def comites(request, departement: Departement | None = None):  # type: ignore[valid-type]
    d = _departement(departement)
    qs = Comite.objects.filter(actif=True).select_related("structure")
    if d:
        qs = qs.filter(structure__departement_id=d)
    return [
        {
            "id": c.pk,
            "nom": c.nom,
            "nature": c.nature,
            "structure": c.structure.nom,
            "departement": c.structure.departement_id,
            "comptes_rendus": [
                {"date": r.date, "ordre_du_jour": r.ordre_du_jour, "compte_rendu": r.compte_rendu}
                for r in c.reunions.filter(compte_rendu_publie=True).order_by("date")
            ],
            "propositions": [
                {
                    "titre": p.titre,
                    "deposee_le": p.deposee_le,
                    "statut": p.statut,
                    "reponse": p.reponse,
                    "engagement": p.engagement_id,
                }
                for p in c.propositions.all()
            ],
        }
        for c in qs
    ]
