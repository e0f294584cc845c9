"""Public JSON API of the knowledge base: search and read the published rights."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.http import Http404
from ninja import Field, Query, Router, Schema

from comptes.acces import page_publique
from droits import schema
from droits.models import Droit
from droits.recherche import index
from droits.themes import valider_thematique
from solidarites.erreurs import ErreurChamps
from solidarites.schemas import ErreurApi

TAG = "droits"
router = Router()


class DroitResume(Schema):
    slug: str
    titre: str
    resume: str
    url: str = Field(description="Adresse de la page du droit")
    territoire: str = Field(description="« national » ou code du département")
    thematiques: list[str] = Field(description="Codes des thématiques data·inclusion")
    score: float | None = Field(
        None, description="Pertinence pour la recherche (plus haut = plus pertinent)"
    )


class DroitComplet(Schema):
    slug: str
    titre: str
    sigle: str | None
    resume: str
    url: str
    pour_qui: list[str]
    publics: list[str]
    ce_que_ca_apporte: schema.Apport
    conditions: list[str]
    pieces: list[str]
    demarche: schema.Demarche
    ou_s_adresser: list[str]
    thematiques: list[str]
    territoire: str
    variante_de: str | None = Field(
        description="Page nationale dont ce droit est la version locale"
    )
    variantes: list[str] = Field(description="Versions départementales de cette page")
    sources: list[schema.Lien]
    verifie_le: dt.date
    voir_aussi: list[str]
    mots_cles: list[str]
    montants: list[schema.MontantCite] = Field(
        default_factory=list,
        description="Montants en euros cités par la page, avec le paramètre d'OpenFisca-France "
        "d'où ils viennent (ou la source d'un montant qu'OpenFisca ne connaît pas)",
    )
    regle: schema.Regle | None = Field(
        None,
        description="Règle évaluée par le bilan pour une aide que le projet évalue lui-même "
        "(conditions générales, profils, explication, ce qui reste à vérifier)",
    )


class Filtres(Schema):
    q: str = Field("", max_length=200, description="Mots de la recherche, en langage courant")
    departement: str | None = Field(None, description="Code du département : 77, 94 ou 71")
    thematique: str | None = Field(
        None, description="Catégorie (logement-hebergement) ou thématique data·inclusion"
    )
    limite: int = Field(20, ge=1, le=100, description="Nombre maximum de résultats")


def _url(request, droit: Droit) -> str:
    return request.build_absolute_uri(droit.get_absolute_url())


def _resume(request, droit: Droit, score: float | None) -> dict:
    return {
        "slug": droit.slug,
        "titre": droit.titre,
        "resume": droit.resume,
        "url": _url(request, droit),
        "territoire": droit.territoire,
        "thematiques": droit.thematiques,
        "score": score,
    }


@router.get(
    "/droits",
    response={200: list[DroitResume], 400: ErreurApi},
    summary="Rechercher ou lister les droits",
)
@page_publique
def lister_droits(request, filtres: Query[Filtres]):
    """Droits publiés, classés par pertinence si `q` est donné, par titre sinon.

    Avec `departement`, les droits nationaux et ceux du département (sa version locale remplace la
    page nationale) ; sans, tous les droits, versions locales regroupées sous la page nationale.
    """
    erreurs = {}
    departement = filtres.departement or None
    if departement is not None and departement not in settings.DEPARTEMENTS:
        possibles = ", ".join(settings.DEPARTEMENTS)
        erreurs["departement"] = (
            f"Département inconnu : « {departement} ». Valeurs possibles : {possibles}."
        )
    thematique = filtres.thematique or None
    if thematique is not None and not valider_thematique(thematique):
        erreurs["thematique"] = (
            f"Thématique inconnue : « {thematique} ». Utilisez une catégorie ou une thématique "
            "data·inclusion (par exemple « logement-hebergement »)."
        )
    if erreurs:
        raise ErreurChamps(erreurs)
    q = filtres.q.strip()
    if q:
        trouve = index.rechercher(
            q, departement=departement, thematique=thematique, limite=filtres.limite
        )
        par_slug = Droit.objects.publies().in_bulk(
            [r.slug for r in trouve.resultats], field_name="slug"
        )
        return [
            _resume(request, par_slug[r.slug], r.score)
            for r in trouve.resultats
            if r.slug in par_slug
        ]
    droits = Droit.objects.publies().pour_departement(departement)
    if thematique:
        droits = [
            d
            for d in droits
            if any(t == thematique or t.startswith(f"{thematique}--") for t in d.thematiques)
        ]
    return [_resume(request, d, None) for d in list(droits)[: filtres.limite]]


@router.get(
    "/droits/{slug}",
    response={200: DroitComplet, 404: ErreurApi},
    summary="Lire un droit",
)
@page_publique
def lire_droit(request, slug: str):
    droit = Droit.objects.publies().select_related("variante_de").filter(slug=slug).first()
    if droit is None:
        raise Http404("Droit introuvable")
    data = droit.en_fiche()
    data["url"] = _url(request, droit)
    data["variantes"] = list(
        droit.variantes.publies().order_by("slug").values_list("slug", flat=True)
    )
    return data
