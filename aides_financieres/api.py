"""API of the single fund, /api/v1/aides-financieres/…: the same operations as the pages,
through the same gate (comptes.acces) and services; every read of an application audited.
401 when not logged in, 403 when the role gives no access, 404 when the object does not exist
or is not visible, 400 with French field errors, 409 when someone else acted meanwhile."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from django.http import FileResponse, HttpResponse
from ninja import Field as F
from ninja import File, Form, Router, Schema
from ninja.errors import HttpError
from ninja.files import UploadedFile

from accueil.models import Personne
from aides_financieres import perms, regles, selectors, services
from aides_financieres.bareme import (
    BENEFICIAIRES,
    BESOINS,
    CHARGES,
    Demande,
    LigneBesoin,
    bareme_du_departement,
    proposer,
)
from aides_financieres.models import (
    AideAccordee,
    Commission,
    DemandeAide,
    Enveloppe,
)
from bilan.moteur.situation import Situation
from comptes.acces import acteur, api_acces, objet_ou_refus, page_publique
from comptes.audit import Action, journaliser
from solidarites.erreurs import ErreurChamps
from solidarites.recherche import refuser_nom_dans_l_url
from solidarites.schemas import Entree, Erreur

TAG = "aides-financieres"
router = Router(auth=api_acces(perms.peut_lister_demandes))

Besoin = Literal[tuple(BESOINS)]  # type: ignore[valid-type]
Beneficiaire = Literal[tuple(BENEFICIAIRES)]  # type: ignore[valid-type]
Statut = Literal[tuple(regles.STATUTS)]  # type: ignore[valid-type]
NatureDecision = Literal[tuple(regles.DECISIONS)]  # type: ignore[valid-type]
MotifRefus = Literal[tuple(regles.MOTIFS_REFUS)]  # type: ignore[valid-type]
NaturePiece = Literal[tuple(regles.PIECES)]  # type: ignore[valid-type]
Charge = Literal[tuple(CHARGES)]  # type: ignore[valid-type]


class BesoinIn(Entree):
    besoin: Besoin
    montant: Decimal = F(gt=0, le=100000, description="€")
    creancier: Beneficiaire = "personne"
    creancier_nom: str = F("", max_length=150)
    precision: str = F("", max_length=300)


class DemandeIn(Entree):
    personne_id: int
    code_bilan: str = F("", max_length=20, description="Code d'un bilan conservé (pré-remplit)")
    situation: dict | None = F(
        None,
        description="Le foyer au format du bilan (Situation) ; absent : repris du bilan ou du "
        "dossier de la personne.",
    )
    prestations: dict[str, Decimal] | None = F(None, description="€ par mois, par droit")
    charges: dict[Charge, Decimal] = F(default_factory=dict, description="€ par mois")  # type: ignore[valid-type]
    besoins: list[BesoinIn] = F(min_length=1, max_length=10)
    evaluation_sociale: str = F("", max_length=6000)
    deposer: bool = F(False, description="Déposer tout de suite (sinon : brouillon)")


class DemandeModifIn(Entree):
    version: int
    situation: dict
    prestations: dict[str, Decimal] = F(default_factory=dict)
    charges: dict[Charge, Decimal] = F(default_factory=dict)  # type: ignore[valid-type]
    besoins: list[BesoinIn] = F(min_length=1, max_length=10)
    evaluation_sociale: str = F("", max_length=6000)


class BesoinOut(Schema):
    besoin: str
    montant: Decimal
    creancier: str
    creancier_nom: str


class DemandeResume(Schema):
    id: int
    reference: str
    statut: str
    personne_id: int
    structure_id: int
    departement: str
    territoire: str
    montant_demande: Decimal
    montant_propose: Decimal | None
    montant_accorde: Decimal | None
    deposee_le: dt.datetime | None
    decidee_le: dt.datetime | None
    version: int


class DemandeAideOut(DemandeResume):
    code_bilan: str
    situation: dict
    prestations: dict
    charges: dict
    evaluation_sociale: str
    proposition: dict | None
    besoins: list[BesoinOut]
    commission_id: int | None
    mode_decision: str
    motif_refus: str
    historique: list[dict]


def _sortie(d: DemandeAide) -> dict:
    return {
        **{k: getattr(d, k) for k in DemandeResume.model_fields if k != "id"},
        "id": d.pk,
        "code_bilan": d.code_bilan,
        "situation": d.situation,
        "prestations": d.prestations,
        "charges": d.charges,
        "evaluation_sociale": d.evaluation_sociale,
        "proposition": d.proposition,
        "besoins": [
            {
                "besoin": b.besoin,
                "montant": b.montant,
                "creancier": b.creancier,
                "creancier_nom": b.creancier_nom,
            }
            for b in d.besoins.all()
        ],
        "commission_id": d.commission_id,
        "mode_decision": d.mode_decision,
        "motif_refus": d.motif_refus,
        "historique": [
            {"de": h.de, "vers": h.vers, "par": h.par_nom, "le": h.le.isoformat()}
            for h in d.historique.all()
        ],
    }


def _conflit(exc):
    raise HttpError(409, str(exc))


def _donnees(body, situation, prestations) -> services.DonneesDemande:
    return services.DonneesDemande(
        situation=situation,
        prestations={k: v for k, v in (prestations or {}).items()},
        charges={k: v for k, v in body.charges.items()},
        besoins=[
            services.DonneesBesoin(b.besoin, b.montant, b.creancier, b.creancier_nom, b.precision)
            for b in body.besoins
        ],
        evaluation_sociale=body.evaluation_sociale,
        code_bilan=getattr(body, "code_bilan", ""),
    )


def _lister(request, statut: str, recherche: str = "") -> list[dict]:
    qs = selectors.demandes_du_tableau(
        DemandeAide.objects.visibles_par(acteur(request)), statut=statut, recherche=recherche
    )[:500]
    journaliser(request, Action.LISTE, "demande_aide")
    return [_sortie_resume(d) for d in qs]


@router.get(
    "/demandes",
    response=list[DemandeResume],
    summary="Demandes visibles (structure, ou département pour le service et la commission)",
)
def lister(request, statut: Statut | None = None):  # type: ignore[valid-type]
    """Les 500 plus récentes. La recherche par numéro ou par nom passe par
    `POST /api/v1/aides-financieres/demandes/recherche` (jamais dans l'URL)."""
    refuser_nom_dans_l_url(request, "/api/v1/aides-financieres/demandes/recherche")
    return _lister(request, statut or "")


class RechercheDemandesIn(Entree):
    q: str = F(
        ..., min_length=1, max_length=50, description="Numéro de la demande ou nom de la personne."
    )
    statut: Statut | None = None  # type: ignore[valid-type]


@router.post(
    "/demandes/recherche",
    response=list[DemandeResume],
    summary="Chercher des demandes par numéro ou nom (texte dans le corps)",
)
def rechercher(request, body: RechercheDemandesIn):
    """Même accès, même journal que la liste ; le texte cherché voyage dans le corps JSON,
    jamais dans l'URL (journaux d'accès du serveur et du mandataire)."""
    return _lister(request, body.statut or "", body.q)


def _sortie_resume(d):
    return {**{k: getattr(d, k) for k in DemandeResume.model_fields if k != "id"}, "id": d.pk}


@router.post(
    "/demandes",
    response={201: DemandeAideOut, 400: Erreur, 403: Erreur, 404: Erreur},
    auth=api_acces(perms.peut_deposer),
    summary="Ouvrir une demande depuis le dossier d'une personne (pré-remplie par un bilan)",
)
def creer(request, body: DemandeIn):
    from annuaire.models import Structure

    a = acteur(request)
    personne = objet_ou_refus(
        request, Personne.objects.visibles_par(acteur(request)), body.personne_id, objet="personne"
    )
    situation, prestations = body.situation, body.prestations
    if situation is None or prestations is None:
        pre = services.pre_remplissage(personne, body.code_bilan)
        situation = situation if situation is not None else pre["situation"]
        prestations = prestations if prestations is not None else pre["prestations"]
        code = pre["code_bilan"] or body.code_bilan
    else:
        code = body.code_bilan
    donnees = _donnees(body, situation, prestations)
    donnees.code_bilan = code
    d = services.creer_demande(
        request, personne, Structure.objects.get(pk=a.structure_id), donnees, deposer=body.deposer
    )
    return 201, _sortie(d)


@router.get("/demandes/{pk}", response={200: DemandeAideOut, 404: Erreur})
def lire(request, pk: int):
    return _sortie(selectors.demande_ou_refus(request, pk, consulter=True))


@router.put(
    "/demandes/{pk}",
    response={200: DemandeAideOut, 400: Erreur, 403: Erreur, 404: Erreur, 409: Erreur},
)
def modifier(request, pk: int, body: DemandeModifIn):
    d = selectors.demande_ou_refus(request, pk, pour=selectors.peut_modifier)
    try:
        services.modifier_demande(
            request, d, _donnees(body, body.situation, body.prestations), body.version
        )
    except services.ConflitDeVersion as exc:
        _conflit(exc)
    return _sortie(d)


class StatutDemandeIn(Entree):
    statut: Statut  # type: ignore[valid-type]
    version: int
    commentaire: str = F("", max_length=500)


@router.post(
    "/demandes/{pk}/statut",
    response={200: DemandeAideOut, 400: Erreur, 403: Erreur, 404: Erreur, 409: Erreur},
    summary="Déposer, marquer complète, mettre en instruction, classer",
)
def statut(request, pk: int, body: StatutDemandeIn):
    d = selectors.demande_ou_refus(request, pk, pour=selectors.regle_statut(body.statut))
    try:
        services.changer_statut(request, d, body.statut, body.version, body.commentaire)
    except services.ConflitDeVersion as exc:
        _conflit(exc)
    return _sortie(d)


class InscriptionIn(Entree):
    commission_id: int
    version: int


@router.post(
    "/demandes/{pk}/commission",
    response={200: DemandeAideOut, 400: Erreur, 403: Erreur, 404: Erreur, 409: Erreur},
    summary="Inscrire à l'ordre du jour d'une commission",
)
def inscrire(request, pk: int, body: InscriptionIn):
    d = selectors.demande_ou_refus(request, pk, pour=selectors.peut_instruire)
    commission = Commission.objects.filter(pk=body.commission_id, departement=d.departement).first()
    if commission is None:
        raise ErreurChamps({"commission_id": "Aucune séance de ce département n'a ce numéro."})
    try:
        services.inscrire_commission(request, d, commission, body.version)
    except services.ConflitDeVersion as exc:
        _conflit(exc)
    return _sortie(d)


class LigneDecisionIn(Entree):
    fonds: str = F(max_length=40)
    montant: Decimal = F(description="€ (positif)")
    besoin: str = ""
    beneficiaire: str = ""
    beneficiaire_nom: str = F("", max_length=150)


class DecisionIn(Entree):
    version: int
    nature: NatureDecision  # type: ignore[valid-type]
    lignes: list[LigneDecisionIn] = F(default_factory=list, max_length=10)
    motif_refus: MotifRefus | Literal[""] = ""  # type: ignore[valid-type]
    motivation: str = F("", max_length=2000)


class DecisionOut(Schema):
    id: int
    nature: str
    mode: str
    montant: Decimal
    motif_refus: str
    commission_id: int | None
    demande: DemandeAideOut


@router.post(
    "/demandes/{pk}/decision",
    response={201: DecisionOut, 400: Erreur, 403: Erreur, 404: Erreur, 409: Erreur},
    summary="Décider (délégation sous le seuil, ou en séance de commission)",
)
def decider(request, pk: int, body: DecisionIn):
    try:  # someone acted since this version was read: say so first
        d = selectors.demande_ou_refus(
            request, pk, pour=selectors.peut_decider, version_lue=body.version
        )
    except services.ConflitDeVersion as exc:
        _conflit(exc)
    donnees = services.DonneesDecision(
        nature=body.nature,
        lignes=[
            services.DonneesLigneDecision(
                fonds=ligne.fonds,
                montant=ligne.montant,
                besoin=ligne.besoin,
                beneficiaire=ligne.beneficiaire,
                beneficiaire_nom=ligne.beneficiaire_nom,
            )
            for ligne in body.lignes
        ],
        motif_refus=body.motif_refus,
        motivation=body.motivation,
    )
    try:
        decision = services.decider(request, d, donnees, body.version)
    except services.ConflitDeVersion as exc:
        _conflit(exc)
    return 201, {
        "id": decision.pk,
        "nature": decision.nature,
        "mode": decision.mode,
        "montant": decision.montant,
        "motif_refus": decision.motif_refus,
        "commission_id": decision.commission_id,
        "demande": _sortie(d),
    }


class PieceOut(Schema):
    id: int
    nature: str
    nom: str
    type_mime: str
    taille: int
    empreinte: str


@router.post(
    "/demandes/{pk}/pieces",
    response={201: PieceOut, 400: Erreur, 403: Erreur, 404: Erreur},
    summary="Ajouter une pièce justificative (PDF, JPEG, PNG ; 5 Mo au plus ; contenu vérifié)",
)
def ajouter_piece(request, pk: int, nature: Form[NaturePiece], fichier: File[UploadedFile]):  # type: ignore[valid-type]
    d = selectors.demande_ou_refus(request, pk, pour=selectors.peut_ajouter_piece)
    p = services.ajouter_piece(request, d, fichier, nature)
    return 201, {
        "id": p.pk,
        "nature": p.nature,
        "nom": p.nom,
        "type_mime": p.type_mime,
        "taille": p.taille,
        "empreinte": p.empreinte,
    }


@router.get("/pieces/{pk}", response={200: None, 404: Erreur}, summary="Télécharger une pièce")
def piece(request, pk: int):
    p = selectors.piece_ou_refus(request, pk)
    reponse = FileResponse(
        p.fichier.open("rb"), content_type=p.type_mime, as_attachment=True, filename=p.nom
    )
    reponse["X-Content-Type-Options"] = "nosniff"
    reponse["Cache-Control"] = "no-store"
    return reponse


# -- Commissions -------------------------------------------------------------------------------


class CommissionIn(Entree):
    date: dt.date
    lieu: str = F("", max_length=200)
    presidence: str = F("", max_length=150)


class MembreOut(Schema):
    utilisateur_id: int | None
    nom: str
    present: bool


class CommissionOut(Schema):
    id: int
    departement: str
    date: dt.date
    lieu: str
    presidence: str
    tenue: bool
    ordre_du_jour: list[str]
    membres: list[MembreOut]


def _commission(c) -> dict:
    return {
        "id": c.pk,
        "departement": c.departement,
        "date": c.date,
        "lieu": c.lieu,
        "presidence": c.presidence,
        "tenue": c.tenue,
        "ordre_du_jour": [d.reference for d in c.demandes.all()],
        "membres": [
            {k: m[k] for k in ("utilisateur_id", "nom", "present")} for m in services.presences(c)
        ],
    }


@router.get(
    "/commissions",
    response=list[CommissionOut],
    auth=api_acces(perms.peut_voir_commissions),
)
def commissions(request):
    return [
        _commission(c)
        for c in Commission.objects.visibles_par(acteur(request)).prefetch_related("demandes")
    ]


@router.post(
    "/commissions",
    response={201: CommissionOut, 400: Erreur, 403: Erreur},
    auth=api_acces(perms.peut_gerer_commissions),
)
def creer_commission(request, body: CommissionIn):
    import django.utils.timezone as tz

    if body.date < tz.localdate():
        raise ErreurChamps({"date": "Une séance se prévoit aujourd'hui ou après."})
    c = Commission.objects.create(
        departement=acteur(request).departement,
        date=body.date,
        lieu=body.lieu,
        presidence=body.presidence,
    )
    return 201, _commission(c)


@router.get(
    "/commissions/{pk}",
    response={200: CommissionOut, 404: Erreur},
    auth=api_acces(perms.peut_voir_commissions),
)
def commission(request, pk: int):
    c = objet_ou_refus(
        request, Commission.objects.visibles_par(acteur(request)), pk, objet="commission_aide"
    )
    return _commission(c)


class PresencesIn(Entree):
    presents: list[int] = F(
        default_factory=list, description="Les comptes membres présents (les autres : absents)"
    )


@router.put(
    "/commissions/{pk}/presences",
    response={200: CommissionOut, 400: Erreur, 403: Erreur, 404: Erreur},
    auth=api_acces(perms.peut_voir_commissions),
    summary="Noter les membres présents à la séance (service des aides financières)",
)
def noter_presences(request, pk: int, body: PresencesIn):
    c = objet_ou_refus(
        request, Commission.objects.visibles_par(acteur(request)), pk, objet="commission_aide"
    )
    if not perms.peut_noter_presences(acteur(request), c.departement):
        raise HttpError(403, "Seul le service des aides financières note les présences.")
    services.noter_presences(request, c, body.presents)
    return _commission(c)


# -- Payments ----------------------------------------------------------------------------------


class AideOut(Schema):
    id: int
    demande: str
    fonds: str
    besoin: str
    montant: Decimal
    forme: str
    beneficiaire: str
    beneficiaire_nom: str
    paye: Decimal
    reste_a_payer: Decimal
    echeances: list[dict]


def _aide(a: AideAccordee) -> dict:
    return {
        "id": a.pk,
        "demande": a.demande.reference,
        "fonds": a.fonds,
        "besoin": a.besoin,
        "montant": a.montant,
        "forme": a.forme,
        "beneficiaire": a.beneficiaire,
        "beneficiaire_nom": a.beneficiaire_nom,
        "paye": a.paye,
        "reste_a_payer": a.reste_a_payer,
        "echeances": [
            {"rang": e.rang, "date": e.date.isoformat(), "montant": str(e.montant)}
            for e in a.echeances.all()
        ],
    }


@router.get(
    "/aides",
    response=list[AideOut],
    auth=api_acces(perms.peut_voir_paiements),
    summary="Aides accordées (à payer ou payées), sans les notes sociales",
)
def aides(request, a_payer: bool = True):
    qs = (
        AideAccordee.objects.visibles_par(acteur(request))
        .select_related("demande")
        .prefetch_related("paiements", "echeances")
    )
    if a_payer:
        qs = qs.filter(demande__statut__in=("accordee", "partiellement_accordee"))
    journaliser(request, Action.LISTE, "paiement_aide")
    return [_aide(a) for a in qs[:500] if not a_payer or a.reste_a_payer > 0]


class PaiementIn(Entree):
    montant: Decimal
    date_paiement: dt.date | None = None
    reference_mandat: str = F("", max_length=40)


class PaiementOut(Schema):
    id: int
    montant: Decimal
    beneficiaire: str
    beneficiaire_nom: str
    date_paiement: dt.date
    reference_mandat: str


@router.post(
    "/aides/{pk}/paiements",
    response={201: PaiementOut, 400: Erreur, 403: Erreur, 404: Erreur},
    auth=api_acces(perms.peut_voir_paiements),
)
def payer(request, pk: int, body: PaiementIn):
    aide = selectors.aide_ou_refus(request, pk, pour=selectors.peut_payer)
    p = services.payer(
        request,
        aide,
        body.montant,
        date=body.date_paiement,
        reference_mandat=body.reference_mandat,
    )
    return 201, {
        "id": p.pk,
        "montant": p.montant,
        "beneficiaire": p.beneficiaire,
        "beneficiaire_nom": p.beneficiaire_nom,
        "date_paiement": p.date_paiement,
        "reference_mandat": p.reference_mandat,
    }


class RemboursementIn(Entree):
    date: dt.date | None = None


@router.post(
    "/echeances/{pk}/remboursement",
    response={200: dict, 400: Erreur, 403: Erreur, 404: Erreur},
    auth=api_acces(perms.peut_voir_paiements),
    summary="Marquer remboursée une échéance d'un prêt",
)
def rembourser(request, pk: int, body: RemboursementIn):
    e = selectors.echeance_ou_refus(request, pk, pour=selectors.peut_payer)
    services.rembourser_echeance(request, e, body.date)
    e.refresh_from_db()
    return {"id": e.pk, "rang": e.rang, "remboursee_le": e.remboursee_le.isoformat()}


# -- Loans: balance, late instalments, repayments, reminders -----------------------------------


class EcheanceOut(Schema):
    rang: int
    date: dt.date
    montant: Decimal
    rembourse: Decimal
    reste: Decimal
    jours_retard: int


class RelanceOut(Schema):
    id: int
    canal: str
    le: dt.datetime
    montant_du: Decimal
    echeances: int
    par: str


class PretOut(Schema):
    id: int
    demande: str
    fonds: str
    montant: Decimal
    rembourse: Decimal
    solde: Decimal
    montant_en_retard: Decimal
    echeances_en_retard: int
    jours_retard: int
    echeances: list[EcheanceOut]
    relances: list[RelanceOut]


def _pret(aide, etat) -> dict:
    relances = getattr(aide, "relances_liste", None)
    if relances is None:
        relances = aide.relances.all()
    return {
        "id": aide.pk,
        "demande": aide.demande.reference,
        "fonds": aide.fonds,
        "montant": aide.montant,
        "rembourse": etat.rembourse,
        "solde": etat.solde,
        "montant_en_retard": etat.montant_en_retard,
        "echeances_en_retard": len(etat.en_retard),
        "jours_retard": etat.jours_retard,
        "echeances": [
            {
                "rang": e.rang,
                "date": e.date,
                "montant": e.montant,
                "rembourse": e.couvert,
                "reste": e.reste,
                "jours_retard": e.jours_retard,
            }
            for e in etat.echeances
        ],
        "relances": [_relance(r) for r in relances],
    }


def _relance(r) -> dict:
    return {
        "id": r.pk,
        "canal": r.canal,
        "le": r.le,
        "montant_du": r.montant_du,
        "echeances": r.echeances,
        "par": r.par_nom,
    }


@router.get(
    "/prets",
    response=list[PretOut],
    auth=api_acces(perms.peut_voir_paiements),
    summary="Prêts remboursables : solde, échéances en retard, relances (en_retard : les seuls "
    "prêts en retard, le plus ancien retard d'abord)",
)
def prets(request, en_retard: bool = False):
    journaliser(request, Action.LISTE, "pret_aide")
    lignes = selectors.prets(
        AideAccordee.objects.visibles_par(acteur(request)), en_retard=en_retard
    )
    return [_pret(a, e) for a, e in lignes[:500]]


@router.get(
    "/prets/{pk}",
    response={200: PretOut, 404: Erreur},
    auth=api_acces(perms.peut_voir_paiements),
)
def pret(request, pk: int):
    aide = selectors.pret_ou_refus(request, pk)
    journaliser(
        request, Action.CONSULTATION, "pret_aide", objet_id=aide.pk, personne=aide.demande.personne
    )
    return _pret(aide, aide.etat_pret())


class RemboursementPretIn(Entree):
    montant: Decimal
    date: dt.date | None = None
    reference: str = F("", max_length=40)


@router.post(
    "/prets/{pk}/remboursements",
    response={201: PretOut, 400: Erreur, 403: Erreur, 404: Erreur},
    auth=api_acces(perms.peut_voir_paiements),
    summary="Enregistrer un remboursement (il solde les échéances les plus anciennes d'abord)",
)
def rembourser_pret(request, pk: int, body: RemboursementPretIn):
    aide = selectors.pret_ou_refus(request, pk, pour=selectors.peut_payer)
    services.enregistrer_remboursement(
        request, aide, body.montant, date=body.date, reference=body.reference
    )
    aide = selectors.pret_ou_refus(request, pk)
    return 201, _pret(aide, aide.etat_pret())


class RelanceIn(Entree):
    canal: Literal[tuple(regles.CANAUX_RELANCE)]  # type: ignore[valid-type]


@router.post(
    "/prets/{pk}/relances",
    response={201: RelanceOut, 400: Erreur, 403: Erreur, 404: Erreur},
    auth=api_acces(perms.peut_voir_paiements),
    summary="Relancer la personne (lettre PDF, courriel ou SMS par la file des tâches)",
)
def relancer(request, pk: int, body: RelanceIn):
    aide = selectors.pret_ou_refus(request, pk, pour=selectors.peut_payer)
    return 201, _relance(services.relancer(request, aide, body.canal))


# -- The notification letter ------------------------------------------------------------------


class LettreOut(Schema):
    id: int
    decision_id: int
    generee_le: dt.datetime
    empreinte: str
    envoyee_le: dt.datetime | None
    canal: str
    envoyee_par: str


def _lettre(x) -> dict:
    return {
        "id": x.pk,
        "decision_id": x.decision_id,
        "generee_le": x.generee_le,
        "empreinte": x.empreinte,
        "envoyee_le": x.envoyee_le,
        "canal": x.canal,
        "envoyee_par": x.envoyee_par_nom,
    }


def _derniere_decision(d):
    decision = d.decisions.order_by("-le", "-pk").first()
    if decision is None:
        raise HttpError(404, "Aucune décision : la lettre n'existe pas encore.")
    return decision


@router.get(
    "/demandes/{pk}/lettre",
    response={200: None, 404: Erreur},
    summary="La lettre de notification de la dernière décision (PDF, la copie conservée)",
)
def lettre(request, pk: int):
    d = selectors.demande_ou_refus(request, pk)
    x = services.lettre_de(_derniere_decision(d))
    journaliser(request, Action.EXPORT, "lettre_aide", objet_id=x.pk, personne=d.personne)
    return selectors.reponse_lettre(x, d.reference)


class EnvoiLettreIn(Entree):
    canal: Literal[tuple(regles.CANAUX_NOTIFICATION)]  # type: ignore[valid-type]


@router.post(
    "/demandes/{pk}/lettre/envoi",
    response={200: LettreOut, 400: Erreur, 403: Erreur, 404: Erreur},
    summary="Noter la lettre envoyée (date, canal, par qui)",
)
def lettre_envoi(request, pk: int, body: EnvoiLettreIn):
    d = selectors.demande_ou_refus(request, pk, pour=selectors.peut_instruire_ou_deposant)
    return _lettre(services.noter_envoi_lettre(request, _derniere_decision(d), body.canal))


@router.get(
    "/paiements/export",
    auth=api_acces(perms.peut_voir_paiements),
    response={200: None, 400: Erreur},
    summary="Export comptable des paiements d'une période (CSV ; séparateur « ; »)",
)
def export(request, du: dt.date, au: dt.date):
    if du > au:
        raise ErreurChamps({"du": "La date de début doit précéder la date de fin."})
    journaliser(request, Action.EXPORT, "paiement_aide")
    reponse = HttpResponse(
        selectors.export_comptable(acteur(request).departement, du, au),
        content_type="text/csv; charset=utf-8",
    )
    reponse["Content-Disposition"] = f'attachment; filename="paiements-{du}-{au}.csv"'
    return reponse


# -- Budget ------------------------------------------------------------------------------------


def _e(v) -> str:
    """An amount in euros as text with two decimals ("1200.00"), whatever the database."""
    return f"{Decimal(v):.2f}"


def _nombre(v):
    return None if v is None else round(float(v), 2)


@router.get(
    "/budget",
    auth=api_acces(perms.peut_voir_budget),
    summary="Tableau de bord : statuts, délais (médiane, 90e centile), montants, refus, FSL",
)
def budget(request, annee: int | None = None):
    import django.utils.timezone as tz

    if annee is not None and not 2020 <= annee <= 2100:
        raise ErreurChamps({"annee": "Une année entre 2020 et 2100 est attendue."})
    a = acteur(request)
    bord = selectors.tableau_de_bord(a.departement, annee or tz.localdate().year)
    return {
        "annee": bord["annee"],
        "departement": bord["departement"],
        "demandes": bord["nombre"],
        "par_statut": dict(bord["par_statut"]),
        "delai_median_jours": _nombre(bord["delai_median"]),
        "delai_p90_jours": _nombre(bord["delai_p90"]),
        "engage": _e(bord["engage"]),
        "paye": _e(bord["paye"]),
        "par_fonds": {k: _e(v) for k, v in bord["par_fonds"]},
        "par_besoin": {k: _e(v) for k, v in bord["par_besoin"]},
        "par_territoire": {k: _e(v) for k, v in bord["par_territoire"]},
        "refus_par_motif": dict(bord["refus"]),
        "fsl": {
            "menages_aides": bord["fsl"]["menages_aides"],
            "montant_total": _e(bord["fsl"]["montant_total"]),
            "paye": _e(bord["fsl"]["paye"]),
        },
        "enveloppes": [
            {
                "fonds": ligne["enveloppe"].fonds,
                "territoire": ligne["enveloppe"].territoire,
                "montant": _e(ligne["etat"].montant),
                "engage": _e(ligne["etat"].engage),
                "paye": _e(ligne["etat"].paye),
                "alerte": ligne["etat"].alerte,
            }
            for ligne in bord["enveloppes"]
        ],
    }


class EnveloppeIn(Entree):
    annee: int = F(ge=2020, le=2100)
    fonds: str = F(max_length=40)
    territoire: str = F("", max_length=150)
    montant: Decimal = F(ge=0, le=100_000_000)
    seuil_alerte: int = F(80, ge=1, le=100)


@router.put(
    "/enveloppes",
    auth=api_acces(perms.peut_gerer_enveloppes),
    response={200: dict, 400: Erreur, 403: Erreur},
    summary="Fixer l'enveloppe d'un fonds pour une année (et un territoire)",
)
def fixer_enveloppe(request, body: EnveloppeIn):
    a = acteur(request)
    if body.fonds not in bareme_du_departement(a.departement).fonds_par_slug():
        raise ErreurChamps({"fonds": "Fonds inconnu du barème de ce département."})
    e, _ = Enveloppe.objects.update_or_create(
        departement=a.departement,
        annee=body.annee,
        fonds=body.fonds,
        territoire=body.territoire,
        defaults={"montant": body.montant, "seuil_alerte": body.seuil_alerte},
    )
    return {"id": e.pk, "montant": str(e.montant), "seuil_alerte": e.seuil_alerte}


# -- The scale (public: computed from the body, nothing stored, no identity) -------------------


class SimulationIn(Entree):
    situation: Situation = F(description="La situation du foyer, comme pour `POST /api/v1/bilan`.")
    prestations: dict[str, Decimal] = F(default_factory=dict)
    charges: dict[Charge, Decimal] = F(default_factory=dict)  # type: ignore[valid-type]
    besoins: list[BesoinIn] = F(min_length=1, max_length=10)


@router.post(
    "/proposition",
    auth=None,
    response={200: dict, 400: Erreur},
    summary="Ce que le barème harmonisé proposerait pour un foyer (rien n'est enregistré)",
)
@page_publique
def simuler(request, body: SimulationIn):
    situation = body.situation
    bareme = bareme_du_departement(situation.departement)
    if bareme is None:
        raise ErreurChamps({"situation.commune": "Pas de fonds unique pour ce département."})
    p = proposer(
        bareme,
        Demande(
            situation=situation,
            besoins=tuple(LigneBesoin(b.besoin, b.montant, b.creancier) for b in body.besoins),
            prestations={k: float(v) for k, v in body.prestations.items()},
            charges={k: float(v) for k, v in body.charges.items()},
        ),
    )
    return {
        "quotient_familial": str(p.quotient_familial),
        "reste_a_vivre": str(p.reste_a_vivre),
        "taux": p.taux,
        "total": str(p.total),
        "decision": p.decision,
        "lignes": [
            {
                "besoin": ligne.besoin,
                "fonds": ligne.fonds,
                "montant": str(ligne.montant),
                "forme": ligne.forme,
                "beneficiaire": ligne.beneficiaire,
                "explication": ligne.explication,
            }
            for ligne in p.lignes
        ],
        "refus": list(p.refus),
        "explication": list(p.explication),
    }
