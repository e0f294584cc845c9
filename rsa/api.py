"""API of the RSA pathway, /api/v1/rsa/…: the same operations as the pages, through the same gate
(`comptes.acces.api_acces` with the rules of `rsa/perms.py`) and the same services (French field
errors, nothing half-saved, every read and write audited). 401 when not logged in, 403 when the
role gives no access, 404 when the object does not exist or is not visible, 400 with the fields in
error."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from ninja import Field, File, Form, Query, Router, Schema
from ninja.errors import HttpError
from ninja.files import UploadedFile

from annuaire.models import Structure
from comptes.acces import acteur, api_acces, objet_ou_refus
from comptes.audit import Action, journaliser
from rsa import flux, importation, perms, regles, selectors, services
from rsa.models import (
    Beneficiaire,
    Contrat,
    ImportFlux,
    ParcoursSuivi,
    Rapprochement,
    RendezVous,
)
from solidarites.erreurs import ErreurChamps
from solidarites.recherche import refuser_nom_dans_l_url
from solidarites.schemas import Entree, Erreur

TAG = "rsa"
router = Router(auth=api_acces(perms.peut_acceder), tags=["rsa"])

Orientation = Literal["professionnelle", "socio_professionnelle", "sociale"]


# --- schemas ------------------------------------------------------------------------------------


class BeneficiaireOut(Schema):
    id: int
    personne_id: int
    reference: str
    nom: str
    prenom: str
    date_naissance: date | None
    commune: str
    departement: str
    organisme: str
    numero_allocataire: str
    date_entree: date
    statut: str
    sorti_le: date | None
    motif_sortie: str
    orientation: str
    oriente_le: date | None
    structure_referente: str | None
    referent: str | None
    referent_designe_le: date | None
    premier_rdv_le: date | None
    territoire: str | None


def _out(b: Beneficiaire) -> dict:
    p = b.personne
    return {
        "id": b.pk,
        "personne_id": p.pk,
        "reference": p.reference,
        "nom": p.nom,
        "prenom": p.prenom,
        "date_naissance": p.date_naissance,
        "commune": p.commune_code,
        "departement": b.departement,
        "organisme": b.organisme,
        "numero_allocataire": b.numero_allocataire,
        "date_entree": b.date_entree,
        "statut": b.statut,
        "sorti_le": b.sorti_le,
        "motif_sortie": b.motif_sortie,
        "orientation": b.orientation,
        "oriente_le": b.oriente_le,
        "structure_referente": b.structure_referente.nom if b.structure_referente else None,
        "referent": services.nom_agent(b.referent) if b.referent else None,
        "referent_designe_le": b.referent_designe_le,
        "premier_rdv_le": b.premier_rdv_le,
        "territoire": b.territoire.nom if b.territoire else None,
    }


class ListeOut(Schema):
    total: int
    resultats: list[BeneficiaireOut]


class DecisionRsaOut(Schema):
    id: int
    orientation: str
    structure: str
    decide_le: date
    decide_par: str | None
    suggestion: str
    explication: str
    reorientation: bool


class RendezVousOut(Schema):
    id: int
    objet: str
    le: datetime
    lieu: str
    canal: str
    presence: str
    invitation_envoyee_le: datetime | None
    reinvitation_de: int | None


class ActionOut(Schema):
    libelle: str
    debut_le: date
    echeance_le: date | None
    heures_hebdomadaires: int | None


class ContratOut(Schema):
    id: int
    type: str
    objectifs: list[str]
    debut_le: date
    fin_le: date
    heures_hebdomadaires: int | None
    signe_le: date | None
    version: int
    actions: list[ActionOut]
    revues: list[date]


class AccompagnementOut(Schema):
    id: int
    travailleur_social: str
    conseiller: str
    debut_le: date
    fin_le: date | None
    plan: str


class ParcoursOut(Schema):
    id: int
    parcours: str
    titre: str
    etapes_faites: list[str]
    termine_le: date | None


class EvenementOut(Schema):
    le: datetime
    type: str
    libelle: str


class DossierOut(Schema):
    beneficiaire: BeneficiaireOut
    suggestion: str | None = Field(None, description="Explication de la suggestion d'orientation.")
    decisions: list[DecisionRsaOut]
    rendez_vous: list[RendezVousOut]
    contrats: list[ContratOut]
    accompagnements_globaux: list[AccompagnementOut]
    parcours: list[ParcoursOut]
    historique: list[EvenementOut]


def _contrat_out(c: Contrat) -> dict:
    return {
        "id": c.pk,
        "type": c.type,
        "objectifs": c.objectifs,
        "debut_le": c.debut_le,
        "fin_le": c.fin_le,
        "heures_hebdomadaires": c.heures_hebdomadaires,
        "signe_le": c.signe_le,
        "version": c.version,
        "actions": [
            {
                "libelle": a.libelle,
                "debut_le": a.debut_le,
                "echeance_le": a.echeance_le,
                "heures_hebdomadaires": a.heures_hebdomadaires,
            }
            for a in c.actions.all()
        ],
        "revues": [r.prevue_le for r in c.revues.all()],
    }


def _rdv_out(r: RendezVous) -> dict:
    return {
        "id": r.pk,
        "objet": r.objet,
        "le": r.le,
        "lieu": r.lieu.nom,
        "canal": r.canal,
        "presence": r.presence,
        "invitation_envoyee_le": r.invitation_envoyee_le,
        "reinvitation_de": r.reinvitation_de_id,
    }


# --- helpers ------------------------------------------------------------------------------------


_beneficiaire = selectors.beneficiaire_ou_refus


def _dossier(request, b: Beneficiaire) -> dict:
    a = acteur(request)
    diagnostic = b.diagnostics.first() if perms.peut_voir_diagnostic(a, b.vue) else None
    disponibles = services.parcours_disponibles()
    return {
        "beneficiaire": _out(b),
        "suggestion": diagnostic.explication if diagnostic else None,
        "decisions": [
            {
                "id": d.pk,
                "orientation": d.orientation,
                "structure": d.structure.nom,
                "decide_le": d.decide_le,
                "decide_par": services.nom_agent(d.decide_par) if d.decide_par else None,
                "suggestion": d.suggestion,
                "explication": d.explication,
                "reorientation": d.reorientation,
            }
            for d in b.decisions_orientation.select_related("structure", "decide_par")
        ],
        "rendez_vous": [_rdv_out(r) for r in b.rendez_vous.select_related("lieu")],
        "contrats": [_contrat_out(c) for c in b.contrats.prefetch_related("actions", "revues")],
        "accompagnements_globaux": [
            {
                "id": ag.pk,
                "travailleur_social": services.nom_agent(ag.travailleur_social),
                "conseiller": services.nom_agent(ag.conseiller),
                "debut_le": ag.debut_le,
                "fin_le": ag.fin_le,
                "plan": ag.plan,
            }
            for ag in b.accompagnements_globaux.select_related("travailleur_social", "conseiller")
        ],
        "parcours": [
            {
                "id": s.pk,
                "parcours": s.parcours,
                "titre": disponibles[s.parcours].titre if s.parcours in disponibles else s.parcours,
                "etapes_faites": [e.etape for e in s.etapes.all()],
                "termine_le": s.termine_le,
            }
            for s in b.parcours.prefetch_related("etapes")
        ],
        "historique": [
            {"le": e.le, "type": e.type, "libelle": e.libelle} for e in b.evenements.all()[:200]
        ],
    }


def _appel(fonction, *args, **kwargs):
    try:
        return fonction(*args, **kwargs)
    except ErreurChamps:
        raise
    except flux.FichierInvalide as e:
        raise ErreurChamps({"fichier": str(e)}) from e


# --- beneficiaries ------------------------------------------------------------------------------


LIMITE = Field(50, ge=1, le=500, description="Nombre de résultats (1 à 500).")
DECALAGE = Field(0, ge=0, description="Résultats à sauter (pagination).")


def _liste(request, filtres: selectors.Filtres, limite: int, decalage: int) -> dict:
    a = acteur(request)
    qs = selectors.liste(Beneficiaire.objects.visibles_par(a), filtres, a.utilisateur_id)
    journaliser(request, Action.LISTE, "beneficiaire_rsa")
    return {"total": qs.count(), "resultats": [_out(b) for b in qs[decalage : decalage + limite]]}


@router.get("/rsa/beneficiaires", response=ListeOut, summary="Bénéficiaires visibles")
def liste(
    request,
    statut: str = "",
    orientation: str = "",
    territoire: int | None = None,
    attente: bool = False,
    mon_portefeuille: bool = False,
    limite: int = Query(50, ge=1, le=500, description="Nombre de résultats (1 à 500)."),
    decalage: int = Query(0, ge=0, description="Résultats à sauter (pagination)."),
):
    """Les bénéficiaires que le compte peut voir (service insertion : tout le département ;
    structure : ceux qu'elle suit ; conseiller France Travail : accompagnements globaux). Sans
    critère de nom : la recherche par nom ou numéro d'allocataire passe par
    `POST /api/v1/rsa/beneficiaires/recherche` (jamais dans l'URL)."""
    refuser_nom_dans_l_url(request, "/api/v1/rsa/beneficiaires/recherche")
    filtres = selectors.Filtres("", statut, orientation, territoire, attente, mon_portefeuille)
    return _liste(request, filtres, limite, decalage)


class RechercheBeneficiairesIn(Entree):
    q: str = Field(
        ...,
        min_length=1,
        max_length=200,
        description="Début du nom (« mart ») ou du numéro d'allocataire.",
    )
    statut: str = ""
    orientation: str = Field("", description="Orientation, ou « aucune ».")
    territoire: int | None = None
    attente: bool = Field(False, description="Seulement les personnes en attente d'orientation.")
    mon_portefeuille: bool = False
    limite: int = LIMITE
    decalage: int = DECALAGE


@router.post(
    "/rsa/beneficiaires/recherche",
    response=ListeOut,
    summary="Chercher des bénéficiaires par nom ou numéro d'allocataire (texte dans le corps)",
)
def recherche(request, body: RechercheBeneficiairesIn):
    """Même accès, mêmes filtres, même journal que la liste ; le texte cherché voyage dans le
    corps JSON, jamais dans l'URL (journaux d'accès du serveur et du mandataire)."""
    filtres = selectors.Filtres(
        body.q, body.statut, body.orientation, body.territoire, body.attente, body.mon_portefeuille
    )
    return _liste(request, filtres, body.limite, body.decalage)


@router.get(
    "/rsa/beneficiaires/{pk}", response={200: DossierOut, 404: Erreur}, summary="Dossier RSA"
)
def dossier(request, pk: int):
    b = _beneficiaire(request, pk)
    journaliser(
        request, Action.CONSULTATION, "beneficiaire_rsa", objet_id=b.pk, personne=b.personne
    )
    return _dossier(request, b)


class DiagnosticIn(Entree):
    situation_emploi: str
    mobilite: str
    garde_enfants: str
    sante: str
    logement: str
    domaines: list[str] = []
    commentaire: str = ""
    fait_le: date | None = None


class DiagnosticOut(Schema):
    id: int
    suggestion: str
    explication: str


@router.post(
    "/rsa/beneficiaires/{pk}/diagnostic",
    response={201: DiagnosticOut, 400: dict, 403: Erreur, 404: Erreur},
    summary="Diagnostic et suggestion d'orientation expliquée",
)
def diagnostic(request, pk: int, payload: DiagnosticIn):
    b = _beneficiaire(request, pk, pour=perms.peut_suivre)
    d = services.enregistrer_diagnostic(b, payload.dict(), request)
    return 201, {"id": d.pk, "suggestion": d.suggestion, "explication": d.explication}


class OrientationRsaIn(Entree):
    orientation: str
    structure: int
    decide_le: date | None = None
    motif: str = ""


@router.post(
    "/rsa/beneficiaires/{pk}/orientation",
    response={201: DossierOut, 400: dict, 403: Erreur, 404: Erreur},
    summary="Décider (ou changer) l'orientation",
)
def orienter(request, pk: int, payload: OrientationRsaIn):
    b = _beneficiaire(request, pk, pour=perms.peut_orienter)
    services.orienter(b, payload.dict(), request)
    return 201, _dossier(request, _beneficiaire(request, pk))


class ReferentIn(Entree):
    referent: int = Field(description="Identifiant du compte de l'agent.")
    designe_le: date | None = None


@router.post(
    "/rsa/beneficiaires/{pk}/referent",
    response={201: DossierOut, 400: dict, 403: Erreur, 404: Erreur},
    summary="Désigner le référent unique",
)
def referent(request, pk: int, payload: ReferentIn):
    b = _beneficiaire(request, pk, pour=perms.peut_designer_referent)
    services.designer_referent(b, payload.dict(), request)
    return 201, _dossier(request, _beneficiaire(request, pk))


class InvitationIn(Entree):
    objet: str
    le: datetime
    lieu: int
    canal: str
    reinvitation_de: int | None = None


@router.post(
    "/rsa/beneficiaires/{pk}/rendez-vous",
    response={201: RendezVousOut, 400: dict, 403: Erreur, 404: Erreur},
    summary="Inviter à un rendez-vous (lettre, courriel ou SMS)",
)
def inviter(request, pk: int, payload: InvitationIn):
    b = _beneficiaire(request, pk, pour=perms.peut_suivre)
    precedent = None
    if payload.reinvitation_de is not None:
        precedent = b.rendez_vous.filter(pk=payload.reinvitation_de).first()
        if precedent is None:
            raise ErreurChamps({"reinvitation_de": "Rendez-vous inconnu pour cette personne."})
    rdv = services.inviter(b, payload.dict(), request, reinvitation_de=precedent)
    return 201, _rdv_out(rdv)


class PresenceIn(Entree):
    presence: str


@router.post(
    "/rsa/rendez-vous/{pk}/presence",
    response={200: RendezVousOut, 400: dict, 403: Erreur, 404: Erreur},
    summary="Noter la présence (venu, excusé, absent)",
)
def presence(request, pk: int, payload: PresenceIn):
    rdv = selectors.objet_du_beneficiaire(
        request,
        RendezVous.objects.select_related("beneficiaire__personne", "lieu"),
        pk,
        objet="rendez_vous_rsa",
        pour=perms.peut_suivre,
    )
    return _rdv_out(services.noter_presence(rdv, payload.presence, request))


class ActionIn(Entree):
    libelle: str
    debut_le: date
    echeance_le: date | None = None
    heures_hebdomadaires: int | None = None


class ContratIn(Entree):
    type: str
    objectifs: list[str]
    debut_le: date
    fin_le: date
    heures_hebdomadaires: int | None = None
    signe_le: date | None = None
    actions: list[ActionIn]
    revues: list[date] = []
    version: int | None = None


def _donnees_contrat(d: ContratIn) -> services.DonneesContrat:
    return services.DonneesContrat(
        type=d.type,
        objectifs=d.objectifs,
        debut_le=d.debut_le,
        fin_le=d.fin_le,
        heures_hebdomadaires=d.heures_hebdomadaires,
        signe_le=d.signe_le,
        actions=[
            services.DonneesAction(a.libelle, a.debut_le, a.echeance_le, a.heures_hebdomadaires)
            for a in d.actions
        ],
        revues=list(d.revues),
        version=d.version,
    )


@router.post(
    "/rsa/beneficiaires/{pk}/contrats",
    response={201: ContratOut, 400: dict, 403: Erreur, 404: Erreur},
    summary="Écrire un contrat d'engagement (CER ou PPAE)",
)
def contrat_nouveau(request, pk: int, payload: ContratIn):
    b = _beneficiaire(request, pk, pour=perms.peut_suivre)
    c = services.enregistrer_contrat(b, _donnees_contrat(payload), request)
    return 201, _contrat_out(c)


def _contrat(request, pk: int) -> Contrat:
    return selectors.objet_du_beneficiaire(
        request, Contrat.objects.select_related("beneficiaire__personne"), pk, objet="contrat_rsa"
    )


@router.get("/rsa/contrats/{pk}", response={200: ContratOut, 404: Erreur}, summary="Un contrat")
def contrat_voir(request, pk: int):
    c = _contrat(request, pk)
    journaliser(
        request, Action.CONSULTATION, "contrat_rsa", objet_id=c.pk, personne=c.beneficiaire.personne
    )
    return _contrat_out(c)


@router.put(
    "/rsa/contrats/{pk}",
    response={200: ContratOut, 400: dict, 403: Erreur, 404: Erreur},
    summary="Modifier un contrat (verrou optimiste : « version »)",
)
def contrat_modifier(request, pk: int, payload: ContratIn):
    c = _contrat(request, pk)
    if not perms.peut_suivre(acteur(request), c.beneficiaire.vue):
        raise HttpError(403, perms.peut_suivre.refus)
    return _contrat_out(
        services.enregistrer_contrat(c.beneficiaire, _donnees_contrat(payload), request, c)
    )


class AccompagnementIn(Entree):
    travailleur_social: int
    conseiller: int
    plan: str
    debut_le: date | None = None


@router.post(
    "/rsa/beneficiaires/{pk}/accompagnement-global",
    response={201: AccompagnementOut, 400: dict, 403: Erreur, 404: Erreur},
    summary="Commencer un accompagnement global (travailleur social + conseiller France Travail)",
)
def accompagnement_global(request, pk: int, payload: AccompagnementIn):
    b = _beneficiaire(request, pk, pour=perms.peut_suivre)
    ag = services.demarrer_accompagnement_global(b, payload.dict(), request)
    return 201, {
        "id": ag.pk,
        "travailleur_social": services.nom_agent(ag.travailleur_social),
        "conseiller": services.nom_agent(ag.conseiller),
        "debut_le": ag.debut_le,
        "fin_le": ag.fin_le,
        "plan": ag.plan,
    }


class ParcoursIn(Entree):
    parcours: str


@router.post(
    "/rsa/beneficiaires/{pk}/parcours",
    response={201: ParcoursOut, 400: dict, 403: Erreur, 404: Erreur},
    summary="Commencer un parcours type",
)
def parcours_attacher(request, pk: int, payload: ParcoursIn):
    b = _beneficiaire(request, pk, pour=perms.peut_suivre)
    s = services.attacher_parcours(b, payload.parcours, request)
    titre = services.parcours_disponibles()[s.parcours].titre
    return 201, {
        "id": s.pk,
        "parcours": s.parcours,
        "titre": titre,
        "etapes_faites": [],
        "termine_le": None,
    }


@router.post(
    "/rsa/parcours/{pk}/etapes/{etape}",
    response={201: ParcoursOut, 400: dict, 403: Erreur, 404: Erreur},
    summary="Marquer une étape d'un parcours type faite",
)
def etape_faite(request, pk: int, etape: str):
    s = selectors.objet_du_beneficiaire(
        request,
        ParcoursSuivi.objects.select_related("beneficiaire__personne"),
        pk,
        objet="parcours_rsa",
        pour=perms.peut_suivre,
    )
    services.marquer_etape(s, etape, request)
    s.refresh_from_db()
    return 201, {
        "id": s.pk,
        "parcours": s.parcours,
        "titre": services.parcours_disponibles()[s.parcours].titre,
        "etapes_faites": list(s.etapes.values_list("etape", flat=True)),
        "termine_le": s.termine_le,
    }


class EtapeOut(Schema):
    code: str
    titre: str
    description: str
    structures: list[str]
    formation: str


class ParcoursTypeOut(Schema):
    slug: str
    titre: str
    metiers: list[str]
    departements: list[str]
    description: str
    source: str
    verifie_le: str
    demonstration: bool
    etapes: list[EtapeOut]


@router.get("/rsa/parcours-types", response=list[ParcoursTypeOut], summary="Parcours types")
def parcours_types(request):
    a = acteur(request)
    return [
        {
            **{k: getattr(p, k) for k in ("slug", "titre", "description", "source", "verifie_le")},
            "metiers": list(p.metiers),
            "departements": list(p.departements),
            "demonstration": p.demonstration,
            "etapes": [
                {
                    "code": e.code,
                    "titre": e.titre,
                    "description": e.description,
                    "structures": list(e.structures),
                    "formation": e.formation,
                }
                for e in p.etapes
            ],
        }
        for p in services.parcours_disponibles(a.departement).values()
    ]


# --- imports ------------------------------------------------------------------------------------


class RejetOut(Schema):
    ligne: int
    message: str


class RapportOut(Schema):
    nom_fichier: str
    departement: str
    lignes: int
    nouveaux: int
    rattaches: int
    modifies: int
    sorties: int
    inchanges: int
    ambigus: int
    rejets: list[RejetOut]
    avertissements: list[RejetOut]
    duree_s: float
    essai: bool
    import_id: int | None
    resume: str


@router.post(
    "/rsa/imports",
    response={201: RapportOut, 400: dict, 403: Erreur},
    auth=api_acces(perms.peut_importer),
    summary="Importer le fichier mensuel de la CAF / MSA (CSV ou XLSX)",
)
def importer(
    request,
    fichier: File[UploadedFile],
    essai: Form[bool] = False,
    mois: Form[str] = "",
):
    """Rapport : lignes rejetées avec leur numéro et la raison en français. `essai` : rien n'est
    enregistré. Le même fichier deux fois ne change rien."""
    a = acteur(request)
    mois_flux = None
    if mois:
        try:
            mois_flux = regles.lire_mois(mois)
        except ValueError as e:
            raise ErreurChamps({"mois": str(e)}) from e
    if fichier.size > flux.TAILLE_MAX:
        raise ErreurChamps({"fichier": "Le fichier dépasse 20 Mio : découpez-le par mois."})
    rapport = _appel(
        importation.importer,
        fichier.read(),
        fichier.name or "fichier",
        departement=a.departement,
        structure_detentrice=Structure.objects.get(pk=a.structure_id),
        request=request,
        essai=essai,
        mois=mois_flux,
    )
    return 201, rapport.en_json()


class ImportOut(Schema):
    id: int
    nom_fichier: str
    importe_le: datetime
    lignes: int
    nouveaux: int
    rattaches: int
    modifies: int
    sorties: int
    inchanges: int
    ambigus: int
    rejets: list[RejetOut]


@router.get(
    "/rsa/imports",
    response=list[ImportOut],
    auth=api_acces(perms.peut_importer),
    summary="Derniers imports du département",
)
def imports(request):
    a = acteur(request)
    return list(ImportFlux.objects.filter(departement=a.departement)[:50])


class RapprochementOut(Schema):
    id: int
    ligne: int
    donnees: dict
    candidats: list[dict]


@router.get(
    "/rsa/rapprochements",
    response=list[RapprochementOut],
    auth=api_acces(perms.peut_importer),
    summary="Lignes du flux qui attendent un agent (homonymes possibles)",
)
def rapprochements(request):
    a = acteur(request)
    journaliser(request, Action.LISTE, "rapprochement_rsa")
    return list(
        Rapprochement.objects.filter(
            departement=a.departement, statut=Rapprochement.Statut.A_TRAITER
        )[:200]
    )


class ChoixIn(Entree):
    choix: str = Field(description="L'identifiant d'un dossier proposé, ou « nouveau ».")


@router.post(
    "/rsa/rapprochements/{pk}",
    response={201: BeneficiaireOut, 400: dict, 403: Erreur, 404: Erreur},
    auth=api_acces(perms.peut_importer),
    summary="Traiter un rapprochement : même personne qu'un dossier, ou nouveau dossier",
)
def rapprochement(request, pk: int, payload: ChoixIn):
    a = acteur(request)
    r = objet_ou_refus(
        request,
        Rapprochement.objects.filter(departement=a.departement),
        pk,
        objet="rapprochement_rsa",
    )
    b = services.resoudre_rapprochement(r, payload.choix, request)
    return 201, _out(Beneficiaire.objects.select_related("personne").get(pk=b.pk))


# --- dashboard ----------------------------------------------------------------------------------


class TerritoireOut(Schema):
    id: int | None
    nom: str
    stock: int
    avec_referent: int
    part_referent: float | None
    en_attente: int
    contrats_signes: int
    contrats_a_jour: int


class MoisOut(Schema):
    mois: date
    entrees: int
    orientations: int
    sorties: int


class TableauOut(Schema):
    departement: str
    mois: date
    territoire: str | None
    stock: int
    avec_referent: int
    part_referent: float | None
    entrees: int
    sorties: int
    delai_orientation_mediane: float | None
    delai_orientation_p90: float | None
    delai_rdv_mediane: float | None
    delai_rdv_p90: float | None
    part_orientes_30j: float | None
    contrats_signes: int
    contrats_a_jour: int
    taux_absence: float | None
    sorties_par_motif: dict[str, int]
    en_attente: int
    delai_legal: int
    territoires: list[TerritoireOut]
    serie: list[MoisOut]
    definitions: dict[str, str]


@router.get(
    "/rsa/tableau-de-bord",
    response={200: TableauOut, 400: dict, 403: Erreur},
    auth=api_acces(perms.peut_voir_tableau),
    summary="Tableau de bord du service insertion (par territoire et par mois)",
)
def tableau_de_bord(request, mois: str = "", territoire: int | None = None):
    a = acteur(request)
    m = None
    if mois:
        try:
            m = regles.lire_mois(mois)
        except ValueError as e:
            raise ErreurChamps({"mois": str(e)}) from e
    t_structure = None
    if perms.tableau_de_sa_structure_seule(a):
        t_structure = Structure.objects.filter(pk=a.structure_id).first()
    elif territoire is not None:
        t_structure = selectors.territoires_du(a.departement).filter(pk=territoire).first()
        if t_structure is None:
            raise ErreurChamps({"territoire": "Territoire inconnu dans ce département."})
    delai = services.regles_du(a.departement).delai_orientation_jours
    t = selectors.tableau_de_bord(a.departement, m, t_structure, delai)
    return {
        **{
            k: getattr(t, k)
            for k in (
                "departement",
                "mois",
                "stock",
                "avec_referent",
                "part_referent",
                "entrees",
                "sorties",
                "delai_orientation_mediane",
                "delai_orientation_p90",
                "delai_rdv_mediane",
                "delai_rdv_p90",
                "part_orientes_30j",
                "contrats_signes",
                "contrats_a_jour",
                "taux_absence",
                "en_attente",
                "delai_legal",
                "territoires",
                "serie",
            )
        },
        "territoire": t.territoire.nom if t.territoire else None,
        "sorties_par_motif": dict(t.sorties_par_motif),
        "definitions": selectors.DEFINITIONS,
    }
