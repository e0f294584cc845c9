"""API of the premier accueil, /api/v1/accueil/…: session-authenticated, through the same gate,
selectors and services as the pages, every read and write audited. 401 when not logged in, 403
when the role gives no access, 404 when nothing has this id or it is not visible to the account's
structure, 400 with the fields in error, 409 on a concurrent edit."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from accueil import regles, selectors, services
from accueil.forms import (
    FormulaireAjoutDroit,
    FormulaireAppel,
    FormulaireContact,
    FormulaireOrientation,
    FormulairePersonne,
    FormulaireReponse,
    FormulaireSuiviDroit,
    valider,
)
from accueil.models import Contact, Demande, Orientation, Personne, SuiviDroit
from accueil.perms import REFUS_CHANGEMENT, TOUTES_PARTIES, peut_modifier_dossier, qui_repond
from accueil.regles import StatutOrientation as S
from accueil.selectors import contact_pour, demande_pour, orientation_pour, personne_pour
from comptes.acces import acteur, api_acces
from comptes.audit import Action, journaliser
from comptes.permissions import est_agent
from solidarites.erreurs import ErreurChamps
from solidarites.recherche import refuser_nom_dans_l_url
from solidarites.schemas import Entree, Erreur

TAG = "accueil"
router = Router(auth=api_acces(est_agent))

Canal = Literal["sur_place", "telephone", "formulaire", "courriel", "aller_vers"]
Domaine = Literal[
    "logement",
    "emploi",
    "sante",
    "budget",
    "famille",
    "handicap",
    "autonomie",
    "numerique",
    "mobilite",
    "demarches",
    "violences",
]
Partie = Literal["identite", "coordonnees", "besoins", "droits", "historique"]


# --- schemas ----------------------------------------------------------------------------------


class PersonneIn(Entree):
    """Types only: the rules and their French messages are those of the page's form
    (`accueil.forms.FormulairePersonne`)."""

    nom: str
    prenom: str
    date_naissance: date | None = None
    commune: str = Field(
        "",
        description="Nom de la commune ou code postal (« Melun », « 77000 ») ; 400 si plusieurs "
        "communes correspondent : envoyez alors commune_code.",
    )
    commune_code: str = Field("", description="Code INSEE de la commune (prioritaire).")
    telephone: str = ""
    courriel: str = ""
    partage_autorise: list[Partie] = []
    confirmer_nouveau: bool = Field(
        False, description="Créer même si des dossiers ressemblants existent (sinon 409)."
    )


class RecherchePersonnesIn(Entree):
    q: str = Field(
        ...,
        min_length=1,
        max_length=200,
        description="Nom ou prénom (« mart »), téléphone (« 06 12 34 56 78 ») ou référence d'une "
        "demande en ligne (« D-ABCD-EFGH »).",
    )


class DroitIdentifie(Schema):
    slug: str
    libelle: str
    montant_mensuel: float | None = None


class ContactOut(Schema):
    id: int
    personne_id: int
    structure: str
    canal: str
    date: datetime
    besoins: list[str] | None = None
    conseils: str | None = None
    code_bilan: str | None = None
    droits_identifies: list[DroitIdentifie] | None = None
    suite: str | None = None
    date_suivi: date | None = None
    suivi_fait: bool
    appels_sans_reponse: int = 0
    version: int


class OrientationOut(Schema):
    id: int
    personne_id: int
    structure_origine_id: int
    structure_origine: str
    structure_destination_id: int
    structure_destination: str
    motif: str
    elements_partages: list[str]
    statut: str
    statut_libelle: str
    motif_refus: str
    commentaire_reponse: str
    cree_le: datetime
    envoyee_le: datetime | None
    repondue_le: datetime | None
    sans_reponse: bool


class PersonneOut(Schema):
    id: int
    reference: str
    structure_id: int
    structure: str
    parties_visibles: list[str]
    nom: str | None = None
    prenom: str | None = None
    date_naissance: date | None = None
    commune_code: str | None = None
    telephone: str | None = None
    courriel: str | None = None
    partage_autorise: list[str] | None = None
    contacts: list[ContactOut] = []
    orientations: list[OrientationOut] = []


class Doublon(Schema):
    id: int
    reference: str
    certitude: str = Field(
        description="identique (mêmes nom, prénom, date de naissance), telephone (même "
        "numéro) ou proche (nom proche)."
    )
    nom: str = Field(description="Prénom et nom, ou la référence si l'identité n'est pas partagée.")
    lien: str = Field(examples=["/accueil/personnes/12/"])


class DoublonsOut(Schema):
    detail: str
    doublons: list[Doublon]


class ContactIn(Entree):
    """Types only: the rules are those of the page's form (`accueil.forms.FormulaireContact`)."""

    canal: Canal
    besoins: list[Domaine] = []
    conseils: str = ""
    code_bilan: str = ""
    suite: str = ""
    date_suivi: date | None = None
    suivi_fait: bool = False
    demande_id: int | None = None


class ContactMaj(ContactIn):
    version: int = Field(description="La version lue ; 409 si quelqu'un a enregistré depuis.")


class OrientationIn(Entree):
    """Types only: the rules are those of the page's form (`FormulaireOrientation`) and of the
    service (consent, destination)."""

    structure_destination_id: int
    motif: str
    elements_partages: list[Partie]
    envoyer: bool = True


class StatutIn(Entree):
    """Types only: the rules are those of the page's form (`FormulaireReponse`) and of the state
    machine (`accueil.regles`)."""

    statut: Literal[S.ENVOYEE, S.ACCEPTEE, S.REFUSEE, S.REALISEE]
    motif_refus: str = ""
    commentaire: str = ""


class DemandeOut(Schema):
    id: int
    reference: str
    commune_code: str
    besoins: list[str]
    prenom: str
    nom: str
    telephone: str
    courriel: str
    moment_prefere: str
    message: str
    code_bilan: str = Field(
        "",
        description="Code du bilan conservé joint par la personne (ouvrir avec /bilan/ouvrir/).",
    )
    confirmation: list[str] = Field(
        [], description="Canaux de la confirmation demandée par la personne (courriel, sms)."
    )
    statut: str
    cree_le: datetime
    traitee_le: datetime | None
    personne_id: int | None
    appels_sans_reponse: int = 0
    rappeler_le: date | None = None


class DroitProbable(Schema):
    slug: str
    titre: str
    montant_mensuel: float | None = None
    explication: str


class BilanJoint(Schema):
    code: str
    cree_le: datetime
    expire_le: datetime
    mois: str
    reponses: list[str] = Field(description="Les réponses de la personne, en phrases.")
    droits_probables: list[DroitProbable]
    total_mensuel: float | None = None


class DemandeDetailOut(DemandeOut):
    bilan: BilanJoint | None = Field(
        None,
        description="Le bilan joint, s'il est encore conservé (30 jours) ; sa lecture est "
        "inscrite au journal d'accès.",
    )


class NombresFileOut(Schema):
    demandes: int
    orientations_a_traiter: int
    orientations_envoyees: int
    suivis_a_faire: int


class FileOut(Schema):
    structure_id: int
    a_rappeler_aujourdhui: int = Field(
        description="Demandes nouvelles dont le rappel est dû et suivis prévus jusqu'à aujourd'hui."
    )
    nombres: NombresFileOut = Field(
        description="Nombre de lignes de chaque liste (avec le filtre) : chaque liste en rend "
        "25 par page."
    )
    par_page: int = Field(examples=[25])
    demandes: list[DemandeOut]
    orientations_a_traiter: list[OrientationOut]
    orientations_envoyees: list[OrientationOut]
    suivis_a_faire: list[ContactOut]
    delai_moyen_demande_premier_contact_heures: float | None
    delai_moyen_reponse_orientation_heures: float | None


# --- serialisation (only the parts the reader may see) -----------------------------------------


def contact_json(c: Contact, parties, detenteur: bool) -> dict:
    tout = detenteur
    return {
        "id": c.pk,
        "personne_id": c.personne_id,
        "structure": c.structure.nom,
        "canal": c.canal,
        "date": c.date,
        "besoins": c.besoins if tout or "besoins" in parties else None,
        "conseils": c.conseils if tout or "historique" in parties else None,
        "code_bilan": c.code_bilan if tout or "droits" in parties else None,
        "droits_identifies": c.droits_identifies if tout or "droits" in parties else None,
        "suite": c.suite if tout or "historique" in parties else None,
        "date_suivi": c.date_suivi if tout or "historique" in parties else None,
        "suivi_fait": c.suivi_fait,
        "appels_sans_reponse": c.appels_sans_reponse,
        "version": c.version,
    }


def orientation_json(o: Orientation) -> dict:
    return {
        "id": o.pk,
        "personne_id": o.personne_id,
        "structure_origine_id": o.structure_origine_id,
        "structure_origine": o.structure_origine.nom,
        "structure_destination_id": o.structure_destination_id,
        "structure_destination": o.structure_destination.nom,
        "motif": o.motif,
        "elements_partages": o.elements_partages,
        "statut": o.statut,
        "statut_libelle": regles.STATUTS[o.statut],
        "motif_refus": o.motif_refus,
        "commentaire_reponse": o.commentaire_reponse,
        "cree_le": o.cree_le,
        "envoyee_le": o.envoyee_le,
        "repondue_le": o.repondue_le,
        "sans_reponse": o.statut == S.ENVOYEE and o.relancee_le is not None,
    }


def personne_json(request, p: Personne, parties, *, detail: bool = True) -> dict:
    """A file as the actor may read it; `detail=False` (a list): without its contacts and
    orientations, never read then (no query per file listed)."""
    a = acteur(request)
    detenteur = peut_modifier_dossier(a, p.structure_id)
    ident = "identite" in parties
    coord = "coordonnees" in parties
    out = {
        "id": p.pk,
        "reference": p.reference,
        "structure_id": p.structure_id,
        "structure": p.structure.nom,
        "parties_visibles": sorted(parties),
        "nom": p.nom if ident else None,
        "prenom": p.prenom if ident else None,
        "date_naissance": p.date_naissance if ident else None,
        "commune_code": p.commune_code if coord else None,
        "telephone": p.telephone if coord else None,
        "courriel": p.courriel if coord else None,
        "partage_autorise": p.partage_autorise if detenteur else None,
    }
    if not detail:
        out["contacts"], out["orientations"] = [], []
        return out
    out["contacts"] = [
        contact_json(c, parties, detenteur) for c in selectors.contacts_du_dossier(a, p, parties)
    ]
    out["orientations"] = [orientation_json(o) for o in selectors.orientations_du_dossier(a, p)]
    return out


# --- endpoints --------------------------------------------------------------------------------


def _liste_personnes(request, q: str = "") -> list[dict]:
    a = acteur(request)
    journaliser(request, Action.LISTE, "personne")
    out = []
    for p in selectors.rechercher_personnes(a, q):
        d = personne_json(request, p, selectors.parties_pour(a, p), detail=False)
        out.append(d)
    return out


@router.get(
    "/accueil/personnes",
    response={200: list[PersonneOut], 403: Erreur},
    summary="Dossiers visibles par ma structure (les 100 premiers)",
)
def liste_personnes(request):
    """Sans critère de nom : une recherche nominative passe par
    `POST /api/v1/accueil/personnes/recherche` (le nom dans le corps, jamais dans l'URL)."""
    refuser_nom_dans_l_url(request, "/api/v1/accueil/personnes/recherche")
    return _liste_personnes(request)


@router.post(
    "/accueil/personnes/recherche",
    response={200: list[PersonneOut], 403: Erreur},
    summary="Chercher des dossiers par nom, téléphone ou référence (texte dans le corps)",
)
def recherche_personnes(request, payload: RecherchePersonnesIn):
    """Même accès, même journal que la liste. Le texte cherché voyage dans le corps JSON : il
    n'apparaît dans aucune URL, donc dans aucun journal d'accès (serveur, mandataire)."""
    return _liste_personnes(request, payload.q)


@router.post(
    "/accueil/personnes",
    response={201: PersonneOut, 400: Erreur, 403: Erreur, 409: DoublonsOut},
    summary="Créer un dossier (409 si des dossiers ressemblants existent)",
)
def creer_personne(request, payload: PersonneIn):
    a = acteur(request)
    form = FormulairePersonne(payload.dict(), departement=a.departement)
    c = valider(form)
    donnees = services.DonneesPersonne(**form.dossier())
    candidats = services.doublons(a, c["nom"], c["prenom"], c["date_naissance"], c["telephone"])
    if candidats and not payload.confirmer_nouveau:
        return 409, {
            "detail": "Des dossiers ressemblent à celui-ci. Renvoyez avec "
            "confirmer_nouveau=true si c'est bien une autre personne.",
            "doublons": [
                {
                    "id": p.pk,
                    "reference": p.reference,
                    "certitude": d.certitude,
                    "nom": p.nom_affiche,
                    "lien": f"/accueil/personnes/{p.pk}/",
                }
                for p, d in candidats
            ],
        }
    p = services.creer_personne(request, donnees)
    return 201, personne_json(request, p, selectors.parties_pour(a, p))


@router.get(
    "/accueil/personnes/{pk}",
    response={200: PersonneOut, 403: Erreur, 404: Erreur},
    summary="Un dossier (seulement les parties que ma structure peut voir)",
)
def lire_personne(request, pk: int):
    p, parties = personne_pour(request, pk)
    journaliser(request, Action.CONSULTATION, "personne", objet_id=p.pk, personne=p)
    return personne_json(request, p, parties)


@router.get(
    "/accueil/personnes/{pk}/export",
    response={200: dict, 403: Erreur, 404: Erreur},
    summary="Export complet d'un dossier (droit d'accès RGPD)",
)
def exporter_personne(request, pk: int):
    p, _ = personne_pour(request, pk, ecriture=True)
    journaliser(request, Action.EXPORT, "personne", objet_id=p.pk, personne=p)
    return services.export_personne(p)


def _demande_pour(request, demande_id):
    if demande_id is None:
        return None
    d = selectors.demande_de_la_file(acteur(request), demande_id)
    if d is None:
        raise ErreurChamps({"demande_id": "Demande inconnue dans la file de votre structure."})
    return d


@router.post(
    "/accueil/personnes/{pk}/contacts",
    response={201: ContactOut, 400: Erreur, 403: Erreur, 404: Erreur},
    summary="Enregistrer un contact",
)
def creer_contact(request, pk: int, payload: ContactIn):
    p, parties = personne_pour(request, pk, ecriture=True)
    demande = _demande_pour(request, payload.demande_id)
    donnees = _donnees_contact(payload)
    c = services.enregistrer_contact(request, p, donnees, demande=demande)
    return 201, contact_json(c, parties, True)


def _donnees_contact(payload) -> services.DonneesContact:
    form = FormulaireContact(payload.dict(exclude={"demande_id", "version"}))
    valider(form)
    return services.DonneesContact(**form.contact())


@router.get(
    "/accueil/contacts/{pk}",
    response={200: ContactOut, 403: Erreur, 404: Erreur},
    summary="Un contact",
)
def lire_contact(request, pk: int):
    c, p, parties, detenteur = contact_pour(request, pk)
    journaliser(request, Action.CONSULTATION, "contact", objet_id=c.pk, personne=p)
    return contact_json(c, parties, detenteur)


@router.put(
    "/accueil/contacts/{pk}",
    response={200: ContactOut, 400: Erreur, 403: Erreur, 404: Erreur, 409: Erreur},
    summary="Modifier un contact (verrou optimiste : indiquez la version lue)",
)
def modifier_contact(request, pk: int, payload: ContactMaj):
    c, p, parties, _ = contact_pour(request, pk, ecriture=True)
    donnees = _donnees_contact(payload)
    try:
        c = services.modifier_contact(request, c, donnees, payload.version)
    except services.ConflitDeVersion as e:
        return 409, {"detail": str(e)}
    return contact_json(c, parties, True)


@router.post(
    "/accueil/personnes/{pk}/orientations",
    response={201: OrientationOut, 400: Erreur, 403: Erreur, 404: Erreur},
    summary="Orienter la personne vers une structure de l'annuaire",
)
def creer_orientation(request, pk: int, payload: OrientationIn):
    from annuaire.models import Structure

    p, _ = personne_pour(request, pk, ecriture=True)
    dest = Structure.objects.filter(pk=payload.structure_destination_id).first()
    if dest is None:
        raise ErreurChamps({"structure_destination_id": "Structure inconnue dans l'annuaire."})
    form = FormulaireOrientation(
        {
            "structure_destination": dest.pk,
            "motif": payload.motif,
            "elements_partages": payload.elements_partages,
        },
        structures=Structure.objects.filter(pk=dest.pk),
        consentement=TOUTES_PARTIES,  # the service says which parts the person did not agree to
    )
    c = valider(form)
    o = services.orienter(
        request,
        p,
        structure_destination=c["structure_destination"],
        motif=c["motif"],
        elements_partages=c["elements_partages"],
        envoyer=payload.envoyer,
        contact=p.contacts.first(),
    )
    return 201, orientation_json(o)


@router.get(
    "/accueil/orientations",
    response={200: list[OrientationOut], 403: Erreur},
    summary="Orientations envoyées par ma structure ou reçues par elle",
)
def liste_orientations(request, statut: str = ""):
    qs = selectors.orientations_visibles(acteur(request), statut)
    journaliser(request, Action.LISTE, "orientation")
    return [orientation_json(o) for o in qs[:200]]


@router.get(
    "/accueil/orientations/{pk}",
    response={200: OrientationOut, 403: Erreur, 404: Erreur},
    summary="Une orientation",
)
def lire_orientation(request, pk: int):
    o = orientation_pour(request, pk)
    journaliser(request, Action.CONSULTATION, "orientation", objet_id=o.pk, personne=o.personne)
    return orientation_json(o)


@router.post(
    "/accueil/orientations/{pk}/statut",
    response={200: OrientationOut, 400: Erreur, 403: Erreur, 404: Erreur},
    summary="Répondre à une orientation (accepter, refuser avec motif, réalisée) ou l'envoyer",
)
def changer_statut(request, pk: int, payload: StatutIn):
    o = orientation_pour(request, pk)
    qui = qui_repond(acteur(request), o.structure_origine_id, o.structure_destination_id)
    if qui is None:
        journaliser(request, Action.REFUS, "orientation", objet_id=o.pk, personne=o.personne)
        raise HttpError(403, REFUS_CHANGEMENT)
    form = FormulaireReponse(
        {
            "decision": payload.statut,
            "motif_refus": payload.motif_refus,
            "commentaire": payload.commentaire,
        }
    )
    form.fields["decision"].choices = S.choices()
    c = valider(form)
    o = services.changer_statut(
        request,
        o,
        c["decision"],
        qui=qui,
        motif_refus=c["motif_refus"],
        commentaire=c["commentaire"],
    )
    return orientation_json(o)


def demande_json(d: Demande) -> dict:
    return {
        f: getattr(d, f)
        for f in [
            "id",
            "reference",
            "commune_code",
            "besoins",
            "prenom",
            "nom",
            "telephone",
            "courriel",
            "moment_prefere",
            "message",
            "code_bilan",
            "confirmation",
            "statut",
            "cree_le",
            "traitee_le",
            "personne_id",
            "appels_sans_reponse",
            "rappeler_le",
        ]
    }


@router.get(
    "/accueil/demandes/{pk}",
    response={200: DemandeDetailOut, 403: Erreur, 404: Erreur},
    summary="Une demande en ligne de la file de ma structure, avec le bilan joint",
)
def lire_demande(request, pk: int):
    d = demande_pour(request, pk)
    journaliser(request, Action.CONSULTATION, "demande", objet_id=d.pk, personne=d.personne)
    sortie = demande_json(d)
    bilan = selectors.bilan_de_la_demande(d)
    if conserve := bilan.get("conserve"):
        journaliser(
            request, Action.CONSULTATION, "bilan", objet_id=conserve.pk, personne=d.personne
        )
        resultat = bilan["resultat"]
        sortie["bilan"] = {
            "code": conserve.code_affiche,
            "cree_le": conserve.cree_le,
            "expire_le": conserve.expire_le,
            "mois": bilan["mois_en_mots"],
            "reponses": bilan["resume_situation"],
            "droits_probables": [
                {
                    "slug": dr.slug,
                    "titre": dr.titre,
                    "montant_mensuel": dr.montant_mensuel,
                    "explication": dr.explication,
                }
                for dr in bilan["eligibles"]
            ],
            "total_mensuel": resultat.total_mensuel,
        }
    return sortie


PAGE_FILE = Query(1, ge=1, le=10_000, description="Numéro de page de cette liste (25 lignes).")


@router.get(
    "/accueil/file",
    response={200: FileOut, 403: Erreur},
    summary="La file d'attente de ma structure",
)
def file_attente(
    request,
    filtre: Literal["", "aujourdhui"] = "",
    page_demandes: int = PAGE_FILE,
    page_orientations_a_traiter: int = PAGE_FILE,
    page_orientations_envoyees: int = PAGE_FILE,
    page_suivis_a_faire: int = PAGE_FILE,
):
    """Comme la page : chaque liste compte ses lignes (`nombres`) et en rend 25 par page, son
    numéro de page à part ; une page au-delà de la dernière est vide."""
    a = acteur(request)
    f = selectors.donnees_file(a, filtre == "aujourdhui")
    journaliser(request, Action.LISTE, "file")
    par_page = selectors.PAR_PAGE_FILE

    def page(liste, numero: int):
        return liste[(numero - 1) * par_page : numero * par_page]

    n = f["nombres"]
    return {
        "structure_id": a.structure_id,
        "a_rappeler_aujourdhui": f["a_rappeler_aujourdhui"],
        "nombres": {
            "demandes": n["demandes"],
            "orientations_a_traiter": n["a_repondre"],
            "orientations_envoyees": n["envoyees"],
            "suivis_a_faire": n["suivis"],
        },
        "par_page": par_page,
        "demandes": [demande_json(d) for d in page(f["demandes"], page_demandes)],
        "orientations_a_traiter": [
            orientation_json(o) for o in page(f["a_repondre"], page_orientations_a_traiter)
        ],
        "orientations_envoyees": [
            orientation_json(o) for o in page(f["envoyees"], page_orientations_envoyees)
        ],
        "suivis_a_faire": [
            contact_json(c, frozenset(), True) for c in page(f["suivis"], page_suivis_a_faire)
        ],
        "delai_moyen_demande_premier_contact_heures": f["delai_demandes_h"],
        "delai_moyen_reponse_orientation_heures": f["delai_orientations_h"],
    }


# --- follow-up of the rights identified, calls with no answer ---------------------------------

StatutDroit = Literal["a_demander", "demande", "obtenu", "refuse"]


class SuiviDroitOut(Schema):
    id: int
    personne_id: int
    droit: str = Field(examples=["prime-activite"])
    libelle: str
    montant_mensuel: float | None = None
    statut: StatutDroit
    statut_libelle: str = Field(examples=["À demander"])
    modifie_le: datetime


class SuiviDroitIn(Entree):
    statut: StatutDroit


class AjoutDroitIn(Entree):
    droit: str = Field(description="Identifiant du droit dans le catalogue.", examples=["css"])


class AppelIn(Entree):
    rappeler_le: date | None = Field(
        None, description="Date du prochain appel (dans les 60 jours)."
    )


def suivi_droit_json(sd: SuiviDroit) -> dict:
    return {
        "id": sd.pk,
        "personne_id": sd.personne_id,
        "droit": sd.droit,
        "libelle": sd.libelle,
        "montant_mensuel": float(sd.montant_mensuel) if sd.montant_mensuel is not None else None,
        "statut": sd.statut,
        "statut_libelle": sd.get_statut_display(),
        "modifie_le": sd.modifie_le,
    }


@router.get(
    "/accueil/personnes/{pk}/droits",
    response={200: list[SuiviDroitOut], 403: Erreur, 404: Erreur},
    summary="Le suivi des droits identifiés d'un dossier (vide si « droits » n'est pas partagé)",
)
def lire_suivis_droits(request, pk: int):
    p, parties = personne_pour(request, pk)
    journaliser(request, Action.CONSULTATION, "suivi_droit", objet_id=p.pk, personne=p)
    return [
        suivi_droit_json(sd)
        for sd in selectors.suivis_droits_du_dossier(acteur(request), p, parties)
    ]


@router.post(
    "/accueil/personnes/{pk}/droits",
    response={201: SuiviDroitOut, 400: Erreur, 403: Erreur, 404: Erreur},
    summary="Ajouter un droit à suivre (du catalogue), « à demander »",
)
def ajouter_suivi_droit(request, pk: int, payload: AjoutDroitIn):
    p, _ = personne_pour(request, pk, ecriture=True)
    form = FormulaireAjoutDroit(payload.dict())
    valider(form)
    return 201, suivi_droit_json(
        services.ajouter_suivi_droit(request, p, form.cleaned_data["droit"], form.libelle())
    )


@router.put(
    "/accueil/droits/{pk}",
    response={200: SuiviDroitOut, 400: Erreur, 403: Erreur, 404: Erreur},
    summary="Changer l'état du suivi d'un droit (à demander, demandé, obtenu, refusé)",
)
def changer_suivi_droit(request, pk: int, payload: SuiviDroitIn):
    sd = selectors.suivi_droit_pour(request, pk)
    c = valider(FormulaireSuiviDroit(payload.dict()))
    return suivi_droit_json(services.changer_suivi_droit(request, sd, c["statut"]))


@router.post(
    "/accueil/demandes/{pk}/appel-sans-reponse",
    response={200: DemandeOut, 400: Erreur, 403: Erreur, 404: Erreur},
    summary="Noter un appel sans réponse à une demande en ligne et la date du prochain essai",
)
def appel_demande(request, pk: int, payload: AppelIn):
    d = demande_pour(request, pk)
    c = valider(FormulaireAppel(payload.dict()))
    return demande_json(services.appel_sans_reponse(request, d, c["rappeler_le"]))


@router.post(
    "/accueil/contacts/{pk}/appel-sans-reponse",
    response={200: ContactOut, 400: Erreur, 403: Erreur, 404: Erreur},
    summary="Noter un appel de suivi sans réponse et la date du prochain essai",
)
def appel_contact(request, pk: int, payload: AppelIn):
    contact, _, _, _ = contact_pour(request, pk, ecriture=True)
    c = valider(FormulaireAppel(payload.dict()))
    contact = services.appel_sans_reponse(request, contact, c["rappeler_le"])
    return contact_json(contact, TOUTES_PARTIES, True)
