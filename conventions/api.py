"""API des conventions, /api/v1/conventions/… : ce que la structure de l'appelant peut voir
(le pilotage : celles de son département ; une structure partie : les siennes), et la saisie
d'un indicateur par la structure qui en a la charge (porte `comptes.acces`)."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Router, Schema
from ninja.errors import HttpError

from comptes.acces import api_acces, objet_ou_refus
from comptes.audit import journaliser
from conventions import perms, selectors, services
from conventions.forms import FormulaireReleve
from conventions.models import Convention, IndicateurConvention
from solidarites.erreurs import ErreurChamps
from solidarites.schemas import Entree

TAG = "conventions"
router = Router(auth=api_acces(perms.peut_voir_conventions))


class ReleveSortie(Schema):
    annee: int
    valeur: float
    commentaire: str
    saisi_le: dt.datetime


class IndicateurConventionSortie(Schema):
    id: int
    libelle: str
    unite: str
    cible: float | None
    axe: int | None = Field(description="Numéro de l'axe")
    structure: str = Field(description="Structure qui le renseigne")
    saisissable: bool = Field(description="L'appelant peut-il le renseigner ?")
    releves: list[ReleveSortie]


class MontantSortie(Schema):
    annee: int
    montant: float
    beneficiaire: str = Field(description="Structure, ou « Ensemble des parties »")


class ConventionResume(Schema):
    id: int
    cle: str
    titre: str
    departement: str
    politique: str
    debut: dt.date
    fin: dt.date
    parties: list[str]


class ConventionComplete(ConventionResume):
    objet: str
    prochaine_revue: dt.date | None
    axes: list[str]
    montants: list[MontantSortie]
    indicateurs: list[IndicateurConventionSortie]


def _resume(c: Convention) -> dict:
    return {
        "id": c.pk,
        "cle": c.cle,
        "titre": c.titre,
        "departement": c.departement_id,
        "politique": c.politique,
        "debut": c.debut,
        "fin": c.fin,
        "parties": [p.structure.nom for p in c.parties.all()],
    }


def _complete(c: Convention, acteur) -> dict:
    return _resume(c) | {
        "objet": c.objet,
        "prochaine_revue": c.prochaine_revue,
        "axes": [a.titre for a in c.axes.all()],
        "montants": [
            {
                "annee": m.annee,
                "montant": float(m.montant),
                "beneficiaire": m.partie.structure.nom if m.partie else "Ensemble des parties",
            }
            for m in c.montants.select_related("partie__structure")
        ],
        "indicateurs": [
            {
                "id": i.pk,
                "libelle": i.libelle,
                "unite": i.unite,
                "cible": i.cible,
                "axe": i.axe.numero if i.axe else None,
                "structure": i.partie.structure.nom,
                "saisissable": perms.peut_saisir(acteur, i.partie.structure_id, c.departement_id),
                "releves": list(
                    i.releves.order_by("annee").values("annee", "valeur", "commentaire", "saisi_le")
                ),
            }
            for i in c.indicateurs.select_related("axe", "partie__structure")
        ],
    }


@router.get("/conventions", response=list[ConventionResume], summary="Mes conventions")
def liste(request):
    qs = Convention.objects.visibles_par(request.acteur).prefetch_related("parties__structure")
    journaliser(request, "liste", "convention")
    return [_resume(c) for c in qs]


class SyntheseLigne(Schema):
    libelle: str
    montants: list[float]
    total: float


class Synthese(Schema):
    annees: list[int]
    par_partenaire: list[SyntheseLigne]
    par_politique: list[SyntheseLigne]
    total: list[float]


@router.get(
    "/conventions/montants",
    response=Synthese,
    auth=api_acces(perms.est_pilotage),
    summary="Montants par partenaire, politique et année (direction du pilotage)",
)
def montants(request):
    s = selectors.synthese_montants(
        Convention.objects.filter(departement_id=request.acteur.departement)
    )

    def lignes(t):
        return [
            {"libelle": n, "montants": [float(x) for x in v], "total": float(tot)}
            for n, v, tot in t
        ]

    return {
        "annees": s["annees"],
        "par_partenaire": lignes(s["par_partenaire"]),
        "par_politique": lignes(s["par_politique"]),
        "total": [float(x) for x in s["total"]],
    }


@router.get("/conventions/{pk}", response=ConventionComplete, summary="Une convention")
def detail(request, pk: int):
    c = objet_ou_refus(
        request, Convention.objects.visibles_par(request.acteur), pk, objet="convention"
    )
    journaliser(request, "consultation", "convention", objet_id=c.pk)
    return _complete(c, request.acteur)


class ReleveEntree(Entree):
    annee: int
    valeur: float
    commentaire: str = ""


@router.post(
    "/conventions/indicateurs/{pk}/releves",
    response=ReleveSortie,
    summary="Renseigner un indicateur (structure qui en a la charge)",
)
def saisir(request, pk: int, donnees: ReleveEntree):
    a = request.acteur
    ind = objet_ou_refus(
        request,
        IndicateurConvention.objects.filter(
            convention__in=Convention.objects.visibles_par(a)
        ).select_related("convention", "partie"),
        pk,
        objet="indicateur",
    )
    if not perms.peut_saisir(a, ind.partie.structure_id, ind.convention.departement_id):
        journaliser(request, "refus", "indicateur", objet_id=ind.pk)
        raise HttpError(403, "Seule la structure chargée de cet indicateur le renseigne.")
    form = FormulaireReleve(donnees.dict())
    if not form.is_valid():
        raise ErreurChamps(
            [{"champ": k, "message": m} for k, msgs in form.errors.items() for m in msgs]
        )
    d = form.cleaned_data
    r = services.saisir_releve(
        ind,
        annee=d["annee"],
        valeur=d["valeur"],
        commentaire=d["commentaire"],
        auteur=request.user,
    )
    journaliser(request, "modification", "indicateur", objet_id=ind.pk)
    return r
