"""API des engagements, /api/v1/engagements/… : lecture publique, changement de statut par la
direction du pilotage du département (porte `comptes.acces`)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.http import Http404
from ninja import Field, Router, Schema

from comptes.acces import api_acces, objet_ou_refus, page_publique
from comptes.audit import journaliser
from engagements import perms, selectors, services
from engagements.forms import FormulaireStatut
from engagements.models import Engagement
from solidarites.erreurs import ErreurChamps
from solidarites.schemas import Entree

TAG = "engagements"
router = Router()


class ChangementSortie(Schema):
    date: dt.date
    ancien: str = Field(description="Statut avant (vide pour le premier)")
    nouveau: str
    preuve: str
    lien_preuve: str


class IndicateurSortie(Schema):
    libelle: str
    chiffre: str = Field(description="Code du chiffre clé relié (calculé en direct), ou vide")
    valeur: float | None
    sur: float | None
    masque: bool
    texte: str = Field(description="La valeur telle qu'affichée")


class EngagementSortie(Schema):
    id: int
    numero: int
    titre: str
    porteur: str
    echeance: dt.date | None
    statut: str = Field(description="a_venir, en_cours, tenu ou abandonne")
    statut_depuis: dt.date
    en_retard: bool
    version: int
    source: str
    verifie_le: dt.date | None
    historique: list[ChangementSortie]
    indicateurs: list[IndicateurSortie]


class Decompte(Schema):
    total: int
    tenu: int
    en_cours: int
    a_venir: int
    abandonne: int
    en_retard: int = Field(description="Engagements à venir ou en cours dont l'échéance est passée")


class SchemaSortie(Schema):
    cle: str
    nature: str
    titre: str
    annee: int
    periode: str
    principes: list[str]
    source: str
    verifie_le: dt.date | None
    decompte: Decompte
    engagements: list[EngagementSortie]


class DepartementSortie(Schema):
    departement: str
    nom: str
    calcule_le: dt.date
    decompte: Decompte
    schemas: list[SchemaSortie]


def _engagement(e: Engagement, code: str) -> dict:
    inds = []
    for i in e.indicateurs.all():
        v = selectors.valeur_indicateur(i, code)
        val = v["valeur"]
        pub = val.publique() if val is not None else {"valeur": None, "sur": None, "masque": False}
        inds.append(
            {
                "libelle": i.libelle,
                "chiffre": i.code_chiffre,
                "valeur": pub["valeur"],
                "sur": pub["sur"],
                "masque": pub["masque"],
                "texte": v["texte"],
            }
        )
    return {
        "id": e.pk,
        "numero": e.numero,
        "titre": e.titre,
        "porteur": e.porteur,
        "echeance": e.echeance,
        "statut": e.statut,
        "statut_depuis": e.statut_depuis,
        "en_retard": e.en_retard,
        "version": e.version,
        "source": e.source,
        "verifie_le": e.verifie_le,
        "historique": [
            {
                "date": c.date,
                "ancien": c.ancien,
                "nouveau": c.nouveau,
                "preuve": c.preuve,
                "lien_preuve": c.lien_preuve,
            }
            for c in e.changements.all()
        ],
        "indicateurs": inds,
    }


@router.get(
    "/engagements/{code}",
    response=DepartementSortie,
    auth=None,
    summary="Schémas et engagements d'un département, avec leur décompte calculé",
)
@page_publique
def departement(request, code: str):
    if code not in settings.DEPARTEMENTS:
        raise Http404
    p = selectors.page_departement(code)
    return {
        "departement": code,
        "nom": settings.DEPARTEMENTS[code],
        "calcule_le": p["aujourdhui"],
        "decompte": p["decompte"],
        "schemas": [
            {
                "cle": b["schema"].cle,
                "nature": b["schema"].nature,
                "titre": b["schema"].titre,
                "annee": b["schema"].annee,
                "periode": b["schema"].periode,
                "principes": b["schema"].principes,
                "source": b["schema"].source,
                "verifie_le": b["schema"].verifie_le,
                "decompte": b["decompte"],
                "engagements": [_engagement(e, code) for e in b["engagements"]],
            }
            for b in p["blocs"]
        ],
    }


class StatutEntree(Entree):
    statut: str = Field(description="a_venir, en_cours, tenu ou abandonne")
    date: dt.date
    preuve: str
    lien_preuve: str = ""
    version: int = Field(description="Version lue (refus si l'engagement a changé entre-temps)")


@router.post(
    "/engagements/engagement/{pk}/statut",
    response=EngagementSortie,
    auth=api_acces(perms.peut_piloter),
    summary="Changer le statut d'un engagement (direction du pilotage du département)",
)
def changer_statut(request, pk: int, donnees: StatutEntree):
    acteur = request.acteur
    e = objet_ou_refus(
        request,
        Engagement.objects.filter(schema__departement_id=acteur.departement),
        pk,
        objet="engagement",
    )
    form = FormulaireStatut(
        {
            "statut": donnees.statut,
            "date": donnees.date.isoformat(),
            "preuve": donnees.preuve,
            "lien_preuve": donnees.lien_preuve,
            "version": donnees.version,
        }
    )
    if not form.is_valid():
        raise ErreurChamps(
            [{"champ": k, "message": m} for k, msgs in form.errors.items() for m in msgs]
        )
    c = form.cleaned_data
    services.changer_statut(
        e,
        nouveau=c["statut"],
        date=c["date"],
        preuve=c["preuve"],
        lien_preuve=c["lien_preuve"],
        auteur=request.user,
        version=c["version"],
    )
    journaliser(request, "modification", "engagement", objet_id=e.pk)
    e = Engagement.objects.prefetch_related("changements", "indicateurs").get(pk=e.pk)
    return _engagement(e, e.schema.departement_id)
