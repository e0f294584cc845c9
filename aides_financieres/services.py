"""Writes of the single fund (one service per input, shared by the pages and the API): each
validates everything first and writes in one transaction, so that bad input leaves nothing
half-saved, audits the write, and checks the version read (optimistic concurrency) where two
people may act at once."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone
from pydantic import ValidationError

from aides_financieres import regles
from aides_financieres.bareme import (
    BENEFICIAIRES,
    BESOINS,
    CHARGES,
    Demande,
    LigneBesoin,
    bareme_du_departement,
    en_euros,
    euros,
    proposer,
)
from aides_financieres.models import (
    AideAccordee,
    Besoin,
    Commission,
    Decision,
    DemandeAide,
    Echeance,
    HistoriqueStatut,
    LettreNotification,
    Paiement,
    PieceJustificative,
    PresenceCommission,
    Relance,
    Remboursement,
)
from bilan.moteur.situation import Situation
from comptes.audit import Action, journaliser
from solidarites.erreurs import ErreurChamps, messages_champs

MONTANT_MAX = Decimal("100000")
TAILLE_MAX_PIECE = 5 * 1024 * 1024
# Accepted documents: the type is read from the file's first bytes, never trusted from the
# browser or the name.
SIGNATURES = {
    "application/pdf": (b"%PDF-",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
}
EXTENSIONS = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
}


class ConflitDeVersion(Exception):
    message = (
        "Cette demande a été modifiée par quelqu'un d'autre pendant que vous la traitiez "
        "(décision, statut ou contenu). Rien n'a été enregistré : relisez la version à jour "
        "puis recommencez."
    )

    def __init__(self, message: str | None = None):
        super().__init__(message or self.message)


def _nom(user) -> str:
    if user is None or not getattr(user, "is_authenticated", False):
        return ""
    return (user.get_full_name() or user.get_username())[:150]


def _user(request):
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def _montant(erreurs: dict, champ: str, valeur, *, obligatoire=True, strict=True) -> Decimal | None:
    if valeur in (None, ""):
        if obligatoire:
            erreurs[champ] = "Indiquez un montant en euros."
        return None
    try:
        m = Decimal(str(valeur).replace(",", ".").replace(" ", "").replace("\u202f", ""))
    except (InvalidOperation, ValueError):
        erreurs[champ] = "Le montant doit être un nombre (par exemple 450 ou 450,50)."
        return None
    if not m.is_finite():
        erreurs[champ] = "Le montant doit être un nombre (par exemple 450 ou 450,50)."
        return None
    if m < 0:
        erreurs[champ] = "Le montant ne peut pas être négatif."
        return None
    if strict and m == 0:
        erreurs[champ] = "Le montant doit être supérieur à zéro."
        return None
    if m > MONTANT_MAX:
        erreurs[champ] = "Le montant dépasse 100 000 € : vérifiez la saisie."
        return None
    return euros(m)


# -- Pre-filling -------------------------------------------------------------------------------


def _age(naissance: dt.date | None, aujourdhui: dt.date) -> int:
    if naissance is None:
        return 30
    return (
        aujourdhui.year
        - naissance.year
        - ((aujourdhui.month, aujourdhui.day) < (naissance.month, naissance.day))
    )


def pre_remplissage(personne, code_bilan: str = "") -> dict:
    """What the application starts with: the kept bilan's household when a code is given (or
    the person's last contact carries one), else what the person's file knows (age, commune).
    Returns {"situation", "prestations", "code_bilan", "source"} or raises ErreurChamps when the
    code given is unknown or expired."""
    from bilan.services import ouvrir_bilan_conserve

    code = code_bilan.strip()
    if not code:
        dernier = personne.contacts.exclude(code_bilan="").order_by("-date").first()
        code = dernier.code_bilan if dernier else ""
        explicite = False
    else:
        explicite = True
    if code:
        conserve = ouvrir_bilan_conserve(code)
        if conserve is not None:
            prestations = {
                d["slug"]: round(float(d["montant_mensuel"]), 2)
                for d in conserve.resultat.get("droits", [])
                if d.get("eligible")
                and d.get("nature", "national") == "national"
                and d.get("montant_mensuel")
            }
            return {
                "situation": conserve.situation,
                "prestations": prestations,
                "code_bilan": conserve.code_affiche,
                "source": f"bilan {conserve.code_affiche}",
            }
        if explicite:
            raise ErreurChamps(
                {
                    "code_bilan": "Ce code de bilan est inconnu ou a expiré (un bilan est gardé "
                    "30 jours) : vérifiez-le avec la personne, ou saisissez le foyer."
                }
            )
    aujourdhui = timezone.localdate()
    return {
        "situation": {
            "mois": aujourdhui.strftime("%Y-%m"),
            "commune": personne.commune_code or "",
            "logement": {"statut": "locataire_prive", "loyer": 0},
            "personnes": [
                {
                    "role": "demandeur",
                    "age": _age(personne.date_naissance, aujourdhui),
                    "activite": "sans_emploi",
                }
            ],
        },
        "prestations": {},
        "code_bilan": "",
        "source": "dossier de la personne",
    }


# -- The application ---------------------------------------------------------------------------


@dataclass
class DonneesBesoin:
    besoin: str
    montant: object
    creancier: str = "personne"
    creancier_nom: str = ""
    precision: str = ""


@dataclass
class DonneesDemande:
    situation: dict
    besoins: Sequence[DonneesBesoin]
    prestations: Mapping[str, object] = field(default_factory=dict)
    charges: Mapping[str, object] = field(default_factory=dict)
    evaluation_sociale: str = ""
    code_bilan: str = ""


def valider_demande(d: DonneesDemande) -> dict:
    """Everything checked at once; ErreurChamps names every wrong field in French."""
    erreurs: dict[str, str] = {}
    situation = None
    try:
        situation = Situation.model_validate(d.situation or {})
    except ValidationError as exc:
        for e in messages_champs(exc.errors()):
            erreurs[f"situation.{e['champ']}"] = e["message"]
    prestations = {}
    for slug, valeur in (d.prestations or {}).items():
        m = _montant(erreurs, f"prestations.{slug}", valeur, obligatoire=False, strict=False)
        if m:
            prestations[str(slug)[:40]] = float(m)
    charges = {}
    for cle, valeur in (d.charges or {}).items():
        if cle not in CHARGES:
            erreurs[f"charges.{cle}"] = "Charge inconnue. Valeurs possibles : " + ", ".join(CHARGES)
            continue
        m = _montant(erreurs, f"charges.{cle}", valeur, obligatoire=False, strict=False)
        if m:
            charges[cle] = float(m)
    besoins = []
    if not d.besoins:
        erreurs["besoins"] = "Indiquez au moins un besoin et son montant."
    for i, b in enumerate(d.besoins or ()):
        if b.besoin not in BESOINS:
            erreurs[f"besoins.{i}.besoin"] = "Besoin inconnu. Valeurs possibles : " + ", ".join(
                BESOINS
            )
        if b.creancier not in BENEFICIAIRES:
            erreurs[f"besoins.{i}.creancier"] = (
                "Créancier inconnu. Valeurs possibles : " + ", ".join(BENEFICIAIRES)
            )
        m = _montant(erreurs, f"besoins.{i}.montant", b.montant)
        besoins.append(
            {
                "besoin": b.besoin,
                "montant": m,
                "creancier": b.creancier,
                "creancier_nom": (b.creancier_nom or "").strip()[:150],
                "precision": (b.precision or "").strip()[:300],
            }
        )
    if len(d.evaluation_sociale or "") > 6000:
        erreurs["evaluation_sociale"] = "L'évaluation est trop longue (6 000 caractères au plus)."
    if situation is not None and bareme_du_departement(situation.departement) is None:
        erreurs["situation.commune"] = (
            "Le fonds unique n'existe sur la plateforme que pour la Seine-et-Marne, le "
            "Val-de-Marne et la Saône-et-Loire : la commune doit être dans l'un d'eux."
        )
    if erreurs:
        raise ErreurChamps(erreurs)
    return {
        "situation": situation,
        "prestations": prestations,
        "charges": charges,
        "besoins": besoins,
        "evaluation_sociale": (d.evaluation_sociale or "").strip(),
        "code_bilan": (d.code_bilan or "").strip()[:20],
    }


def deja_accorde_dans_l_annee(personne, annee: int, exclure=None) -> dict[str, Decimal]:
    qs = AideAccordee.objects.filter(demande__personne=personne, annee=annee)
    if exclure is not None:
        qs = qs.exclude(demande=exclure)
    return {r["fonds"]: r["total"] for r in qs.values("fonds").annotate(total=Sum("montant"))}


def calculer_proposition(demande: DemandeAide) -> dict:
    """The scale's proposal for this application, as JSON (kept on the application)."""
    situation = Situation.model_validate(demande.situation)
    bareme = bareme_du_departement(demande.departement)
    p = proposer(
        bareme,
        Demande(
            situation=situation,
            besoins=tuple(
                LigneBesoin(b.besoin, b.montant, b.creancier) for b in demande.besoins.all()
            ),
            prestations=demande.prestations,
            charges=demande.charges,
            deja_accorde=deja_accorde_dans_l_annee(
                demande.personne, timezone.localdate().year, exclure=demande
            ),
        ),
    )
    return {
        "quotient_familial": str(p.quotient_familial),
        "reste_a_vivre": str(p.reste_a_vivre),
        "taux": p.taux,
        "total": str(p.total),
        "decision": p.decision,
        "seuil_delegation": str(bareme.seuil_delegation),
        "lignes": [
            {
                "besoin": ligne.besoin,
                "fonds": ligne.fonds,
                "fonds_label": ligne.fonds_label,
                "montant": str(ligne.montant),
                "forme": ligne.forme,
                "beneficiaire": ligne.beneficiaire,
                "duree_pret_mois": ligne.duree_pret_mois,
                "explication": ligne.explication,
            }
            for ligne in p.lignes
        ],
        "refus": list(p.refus),
        "explication": list(p.explication),
        "bareme": {"label": bareme.label, "verifie_le": f"{bareme.verifie_le:%d/%m/%Y}"},
    }


def territoire_de(commune_code: str) -> str:
    from annuaire.selectors import bureau_local_pour_commune

    bureau = bureau_local_pour_commune(commune_code)
    return bureau.nom[:150] if bureau is not None else ""


def _ecrire_besoins(demande: DemandeAide, besoins: list[dict]) -> None:
    demande.besoins.all().delete()
    Besoin.objects.bulk_create([Besoin(demande=demande, **b) for b in besoins])


def _historique(demande, de, vers, user, commentaire=""):
    HistoriqueStatut.objects.create(
        demande=demande,
        de=de,
        vers=vers,
        par=user,
        par_nom=_nom(user),
        commentaire=commentaire[:500],
    )


@transaction.atomic
def creer_demande(request, personne, structure, d: DonneesDemande, *, deposer=False, demo=False):
    propre = valider_demande(d)
    situation: Situation = propre.pop("situation")
    besoins = propre.pop("besoins")
    user = _user(request)
    demande = DemandeAide.objects.create(
        reference=f"tmp-{secrets.token_hex(6)}",  # replaced once the id is known
        personne=personne,
        structure=structure,
        departement=situation.departement,
        territoire=territoire_de(situation.commune),
        situation=situation.model_dump(mode="json"),
        montant_demande=sum((b["montant"] for b in besoins), Decimal("0")),
        cree_par=user,
        demo=demo,
        **propre,
    )
    demande.reference = f"AF-{demande.departement}-{demande.cree_le:%Y}-{demande.pk:06d}"
    _ecrire_besoins(demande, besoins)
    proposition = calculer_proposition(demande)
    demande.proposition = proposition
    demande.montant_propose = Decimal(proposition["total"])
    demande.save(update_fields=["reference", "proposition", "montant_propose"])
    _historique(demande, "", "brouillon", user, "Demande ouverte depuis le dossier")
    journaliser(request, Action.CREATION, "demande_aide", objet_id=demande.pk, personne=personne)
    if deposer:
        changer_statut(request, demande, "deposee", demande.version)
        demande.refresh_from_db()
    return demande


def _verifier_version(demande: DemandeAide, version_lue) -> None:
    """Told first, before any other check: someone acted since this version was read."""
    if not DemandeAide.objects.filter(pk=demande.pk, version=version_lue).exists():
        raise ConflitDeVersion()


def _verrouiller(demande: DemandeAide, version_lue: int, **champs) -> None:
    """Bump the version if it is still the one read; otherwise someone acted meanwhile."""
    n = DemandeAide.objects.filter(pk=demande.pk, version=version_lue).update(
        version=F("version") + 1, modifie_le=timezone.now(), **champs
    )
    if n == 0:
        raise ConflitDeVersion()
    demande.refresh_from_db()


@transaction.atomic
def modifier_demande(request, demande: DemandeAide, d: DonneesDemande, version_lue: int):
    _verifier_version(demande, version_lue)
    propre = valider_demande(d)
    situation: Situation = propre.pop("situation")
    besoins = propre.pop("besoins")
    if situation.departement != demande.departement:
        raise ErreurChamps(
            {"situation.commune": "La commune doit rester dans le département de la demande."}
        )
    _verrouiller(
        demande,
        version_lue,
        situation=situation.model_dump(mode="json"),
        territoire=territoire_de(situation.commune),
        montant_demande=sum((b["montant"] for b in besoins), Decimal("0")),
        **propre,
    )
    _ecrire_besoins(demande, besoins)
    demande.proposition = calculer_proposition(demande)
    demande.montant_propose = Decimal(demande.proposition["total"])
    demande.save(update_fields=["proposition", "montant_propose"])
    journaliser(
        request, Action.MODIFICATION, "demande_aide", objet_id=demande.pk, personne=demande.personne
    )
    return demande


@transaction.atomic
def changer_statut(request, demande: DemandeAide, vers: str, version_lue: int, commentaire=""):
    """The moves that are not decisions (déposée, complète, en instruction, classée…)."""
    _verifier_version(demande, version_lue)
    if vers not in regles.STATUTS:
        raise ErreurChamps({"statut": "Statut inconnu."})
    if vers in regles.DECISIONS:
        raise ErreurChamps(
            {"statut": "Une décision s'enregistre avec son montant ou son motif (« Décider »)."}
        )
    if vers == "en_commission":
        raise ErreurChamps(
            {"statut": "Une demande passe en commission en l'inscrivant à l'ordre du jour."}
        )
    if not regles.transition_permise(demande.statut, vers):
        raise ErreurChamps({"statut": regles.message_transition(demande.statut, vers)})
    if vers == "deposee" and not demande.besoins.exists():
        raise ErreurChamps({"besoins": "Indiquez au moins un besoin avant de déposer."})
    de = demande.statut
    champs = {"statut": vers}
    if vers == "deposee":
        champs["deposee_le"] = timezone.now()
    _verrouiller(demande, version_lue, **champs)
    _historique(demande, de, vers, _user(request), commentaire)
    journaliser(
        request, Action.MODIFICATION, "demande_aide", objet_id=demande.pk, personne=demande.personne
    )
    return demande


@transaction.atomic
def inscrire_commission(request, demande: DemandeAide, commission: Commission, version_lue: int):
    _verifier_version(demande, version_lue)
    if commission.departement != demande.departement:
        raise ErreurChamps({"commission": "Cette commission n'est pas celle du département."})
    if commission.tenue:
        raise ErreurChamps(
            {"commission": "Cette séance est close : choisissez une séance à venir."}
        )
    if not regles.transition_permise(demande.statut, "en_commission"):
        raise ErreurChamps({"statut": regles.message_transition(demande.statut, "en_commission")})
    de = demande.statut
    _verrouiller(demande, version_lue, statut="en_commission", commission=commission)
    _historique(demande, de, "en_commission", _user(request), str(commission))
    journaliser(
        request, Action.MODIFICATION, "demande_aide", objet_id=demande.pk, personne=demande.personne
    )
    return demande


# -- Documents ---------------------------------------------------------------------------------


def type_reel(debut: bytes) -> str | None:
    for mime, signatures in SIGNATURES.items():
        if any(debut.startswith(s) for s in signatures):
            return mime
    return None


@transaction.atomic
def ajouter_piece(request, demande: DemandeAide, fichier, nature: str) -> PieceJustificative:
    erreurs = {}
    if nature not in regles.PIECES:
        erreurs["nature"] = "Nature de pièce inconnue. Valeurs possibles : " + ", ".join(
            regles.PIECES
        )
    if fichier is None:
        erreurs["fichier"] = "Choisissez un fichier (PDF, JPEG ou PNG, 5 Mo au plus)."
        raise ErreurChamps(erreurs)
    nom = (getattr(fichier, "name", "") or "piece").rsplit("/", 1)[-1][:150]
    extension = nom.rsplit(".", 1)[-1].lower() if "." in nom else ""
    if fichier.size > TAILLE_MAX_PIECE:
        erreurs["fichier"] = (
            f"Le fichier pèse {fichier.size / 1024 / 1024:.1f} Mo : 5 Mo au plus. Réduisez-le "
            "(scan en 150 ppp, niveaux de gris) ou envoyez-le en plusieurs pièces."
        )
    elif fichier.size == 0:
        erreurs["fichier"] = "Le fichier est vide."
    else:
        fichier.seek(0)
        debut = fichier.read(16)
        fichier.seek(0)
        reel = type_reel(debut)
        attendu = EXTENSIONS.get(extension)
        if attendu is None:
            erreurs["fichier"] = "Seuls les fichiers PDF, JPEG et PNG sont acceptés."
        elif reel != attendu:
            erreurs["fichier"] = (
                f"Ce fichier porte l'extension .{extension} mais son contenu n'est pas un "
                f"{'PDF' if attendu == 'application/pdf' else 'fichier image ' + extension.upper()}"
                " : il a peut-être été renommé ou est abîmé. Enregistrez-le à nouveau au bon "
                "format."
            )
    if erreurs:
        raise ErreurChamps(erreurs)
    empreinte = hashlib.sha256()
    for morceau in fichier.chunks():
        empreinte.update(morceau)
    fichier.seek(0)
    piece = PieceJustificative(
        demande=demande,
        nature=nature,
        nom=nom,
        type_mime=EXTENSIONS[extension],
        taille=fichier.size,
        empreinte=empreinte.hexdigest(),
        deposee_par=_user(request),
    )
    piece.fichier.save(nom, fichier, save=False)
    try:
        piece.save()
    except Exception:
        piece.fichier.delete(save=False)
        raise
    journaliser(
        request, Action.MODIFICATION, "piece_aide", objet_id=piece.pk, personne=demande.personne
    )
    return piece


# -- Decisions ---------------------------------------------------------------------------------


@dataclass
class DonneesLigneDecision:
    fonds: str
    montant: object
    besoin: str = ""
    beneficiaire: str = ""
    beneficiaire_nom: str = ""


@dataclass
class DonneesDecision:
    nature: str
    lignes: Sequence[DonneesLigneDecision] = ()
    motif_refus: str = ""
    motivation: str = ""
    commission_id: int | None = None


def mode_requis(demande: DemandeAide) -> str:
    seuil = Decimal(
        (demande.proposition or {}).get("seuil_delegation")
        or bareme_du_departement(demande.departement).seuil_delegation
    )
    montant = max(demande.montant_propose or Decimal(0), Decimal(0))
    return "delegation" if montant <= seuil else "commission"


@transaction.atomic
def decider(request, demande: DemandeAide, d: DonneesDecision, version_lue: int) -> Decision:
    """Record a decision (delegated, or in a commission's session), with its granted lines,
    loans' schedules and the status; refusals and partial grants carry their reason."""
    _verifier_version(demande, version_lue)
    erreurs: dict[str, str] = {}
    if d.nature not in regles.DECISIONS:
        erreurs["nature"] = "Décision inconnue. Valeurs possibles : " + ", ".join(regles.DECISIONS)
        raise ErreurChamps(erreurs)
    if not regles.transition_permise(demande.statut, d.nature):
        raise ErreurChamps({"nature": regles.message_transition(demande.statut, d.nature)})
    bareme = bareme_du_departement(demande.departement)
    fonds = bareme.fonds_par_slug()
    commission = None
    if demande.statut == "en_commission":
        mode = "commission"
        commission = demande.commission
        if d.commission_id and commission and d.commission_id != commission.pk:
            erreurs["commission"] = "La demande est inscrite à une autre séance."
    else:
        mode = "delegation"
        if d.nature != "ajournee" and mode_requis(demande) == "commission":
            erreurs["nature"] = (
                f"Le montant proposé dépasse le seuil de délégation "
                f"({bareme.seuil_delegation} €) : inscrivez la demande à l'ordre du jour d'une "
                "commission."
            )
    motif = (d.motif_refus or "").strip()
    motivation = (d.motivation or "").strip()
    if d.nature in ("refusee", "partiellement_accordee"):
        if motif not in regles.MOTIFS_REFUS:
            erreurs["motif_refus"] = (
                "Indiquez le motif du refus"
                + (" (de la partie refusée)" if d.nature == "partiellement_accordee" else "")
                + " : il figure dans la lettre envoyée à la personne."
            )
        elif motif == "autre" and not motivation:
            erreurs["motivation"] = "Précisez le motif « autre »."
    if d.nature == "ajournee" and not motivation:
        erreurs["motivation"] = "Indiquez ce qui manque pour décider (pièce, évaluation…)."
    if len(motivation) > 2000:
        erreurs["motivation"] = "La motivation est trop longue (2 000 caractères au plus)."
    lignes = []
    if d.nature in ("accordee", "partiellement_accordee"):
        if not d.lignes:
            erreurs["lignes"] = "Indiquez au moins un fonds et son montant."
        besoins = {b.besoin: b for b in demande.besoins.all()}
        for i, ligne in enumerate(d.lignes):
            f = fonds.get(ligne.fonds)
            if f is None:
                erreurs[f"lignes.{i}.fonds"] = "Fonds inconnu. Valeurs possibles : " + ", ".join(
                    fonds
                )
                continue
            m = _montant(erreurs, f"lignes.{i}.montant", ligne.montant)
            besoin = ligne.besoin or next((b for b in f.besoins if b in besoins), f.besoins[0])
            if besoin not in f.besoins:
                erreurs[f"lignes.{i}.besoin"] = f"Le {f.label} ne couvre pas ce besoin."
            beneficiaire = ligne.beneficiaire or (
                besoins[besoin].creancier
                if besoin in besoins and besoins[besoin].creancier in f.beneficiaires
                else f.beneficiaires[0]
            )
            if beneficiaire not in f.beneficiaires:
                erreurs[f"lignes.{i}.beneficiaire"] = (
                    f"Le {f.label} ne paie que : "
                    + ", ".join(BENEFICIAIRES[b] for b in f.beneficiaires)
                    + "."
                )
            if m is not None and m > f.plafond_demande:
                erreurs[f"lignes.{i}.montant"] = (
                    f"Le plafond du {f.label} est de {f.plafond_demande} € par demande."
                )
            nom = (ligne.beneficiaire_nom or "").strip() or (
                besoins[besoin].creancier_nom if besoin in besoins else ""
            )
            if not nom and beneficiaire == "personne":
                nom = f"{demande.personne.prenom} {demande.personne.nom}"
            if not nom:
                erreurs[f"lignes.{i}.beneficiaire_nom"] = (
                    "Indiquez le nom du bénéficiaire du paiement (bailleur, fournisseur…)."
                )
            lignes.append((f, m, besoin, beneficiaire, nom[:150]))
        total = sum((m for _, m, *_ in lignes if m is not None), Decimal(0))
        proposee = Decimal((demande.proposition or {}).get("total") or 0)
        if d.nature == "accordee" and total < proposee:
            erreurs.setdefault(
                "nature",
                "Le montant accordé est inférieur à la proposition : c'est un accord partiel, "
                "qui porte un motif.",
            )
    elif d.lignes:
        erreurs["lignes"] = "Un refus ou un ajournement n'accorde aucun montant."
    if erreurs:
        raise ErreurChamps(erreurs)
    total = sum((m for _, m, *_ in lignes), Decimal(0))
    de = demande.statut
    maintenant = timezone.now()
    champs = {"statut": d.nature, "mode_decision": mode}
    if d.nature != "ajournee":
        champs |= {
            "decidee_le": maintenant,
            "montant_accorde": total,
            "motif_refus": motif if d.nature != "accordee" else "",
        }
    _verrouiller(demande, version_lue, **champs)
    user = _user(request)
    decision = Decision.objects.create(
        demande=demande,
        nature=d.nature,
        mode=mode,
        commission=commission,
        montant=total,
        motif_refus=motif if d.nature in ("refusee", "partiellement_accordee") else "",
        motivation=motivation,
        par=user,
        le=maintenant,
    )
    for f, m, besoin, beneficiaire, nom in lignes:
        aide = AideAccordee.objects.create(
            decision=decision,
            demande=demande,
            fonds=f.slug,
            fonds_label=f.label,
            besoin=besoin,
            montant=m,
            forme=f.forme,
            duree_pret_mois=f.duree_pret_mois,
            beneficiaire=beneficiaire,
            beneficiaire_nom=nom,
            annee=maintenant.year,
            territoire=demande.territoire,
        )
        if f.forme == "pret":
            debut = (maintenant.date().replace(day=1) + dt.timedelta(days=62)).replace(day=5)
            Echeance.objects.bulk_create(
                Echeance(aide=aide, rang=e.rang, date=e.date, montant=e.montant)
                for e in regles.echeancier(m, f.duree_pret_mois or 12, debut)
            )
    _historique(
        demande,
        de,
        d.nature,
        user,
        ("Commission du " + f"{commission.date:%d/%m/%Y}" if commission else "Décision déléguée"),
    )
    from aides_financieres.taches import generer_lettre
    from solidarites.taches import mettre_en_file

    mettre_en_file(generer_lettre, decision.pk)
    journaliser(
        request, Action.MODIFICATION, "demande_aide", objet_id=demande.pk, personne=demande.personne
    )
    return decision


# -- Payments ----------------------------------------------------------------------------------


@transaction.atomic
def payer(request, aide: AideAccordee, montant, *, date=None, reference_mandat="") -> Paiement:
    erreurs: dict[str, str] = {}
    m = _montant(erreurs, "montant", montant)
    aide = AideAccordee.objects.select_for_update().get(pk=aide.pk)
    if m is not None and m > aide.reste_a_payer:
        erreurs["montant"] = (
            f"Le montant dépasse ce qui reste à payer sur cette aide ({aide.reste_a_payer} €)."
        )
    if aide.demande.statut not in ("accordee", "partiellement_accordee"):
        erreurs["aide"] = "Seule une aide accordée (et pas encore soldée) peut être payée."
    if date is not None and date > timezone.localdate() + dt.timedelta(days=60):
        erreurs["date_paiement"] = "La date du paiement est trop lointaine."
    if erreurs:
        raise ErreurChamps(erreurs)
    paiement = Paiement.objects.create(
        aide=aide,
        montant=m,
        beneficiaire=aide.beneficiaire,
        beneficiaire_nom=aide.beneficiaire_nom,
        date_paiement=date or timezone.localdate(),
        reference_mandat=(reference_mandat or "").strip()[:40],
        par=_user(request),
    )
    demande = aide.demande
    reste = sum((a.reste_a_payer for a in demande.aides.all()), Decimal(0))
    if reste <= 0:
        de = demande.statut
        _verrouiller(demande, demande.version, statut="payee")
        _historique(demande, de, "payee", _user(request), "Toutes les aides sont payées")
    journaliser(
        request,
        Action.MODIFICATION,
        "paiement_aide",
        objet_id=paiement.pk,
        personne=demande.personne,
    )
    return paiement


def repertoire_pieces_pret() -> None:
    settings.AIDES_FINANCIERES_PIECES_DIR.mkdir(parents=True, exist_ok=True)


# -- Loans: repayments and reminders -----------------------------------------------------------


def _solder_echeances(aide: AideAccordee, date: dt.date) -> None:
    """Instalments wholly covered by the repayments are marked repaid (oldest first)."""
    etat = aide.etat_pret()
    soldees = [e.rang for e in etat.echeances if e.soldee]
    aide.echeances.filter(rang__in=soldees, remboursee_le__isnull=True).update(remboursee_le=date)


@transaction.atomic
def enregistrer_remboursement(
    request, aide: AideAccordee, montant, *, date=None, reference=""
) -> Remboursement:
    """Money paid back on a loan: any amount up to the balance, on a date not in the future; it
    covers the oldest instalments first."""
    erreurs: dict[str, str] = {}
    aide = AideAccordee.objects.select_for_update().get(pk=aide.pk)
    if aide.forme != "pret":
        raise ErreurChamps({"aide": "Cette aide est un don : il n'y a rien à rembourser."})
    m = _montant(erreurs, "montant", montant)
    date = date or timezone.localdate()
    if date > timezone.localdate():
        erreurs["date"] = "La date du remboursement ne peut pas être dans le futur."
    solde = aide.etat_pret().solde
    if m is not None and m > solde:
        erreurs["montant"] = f"Le montant dépasse le reste dû sur ce prêt ({solde} €)."
    if erreurs:
        raise ErreurChamps(erreurs)
    r = Remboursement.objects.create(
        aide=aide,
        montant=m,
        date=date,
        reference=(reference or "").strip()[:40],
        par=_user(request),
    )
    _solder_echeances(aide, date)
    journaliser(
        request,
        Action.MODIFICATION,
        "remboursement_aide",
        objet_id=r.pk,
        personne=aide.demande.personne,
    )
    return r


@transaction.atomic
def rembourser_echeance(request, echeance, date=None) -> Remboursement:
    """Record that one instalment was repaid: a repayment of what is still due on it."""
    etat = echeance.aide.etat_pret()
    due = next((e for e in etat.echeances if e.rang == echeance.rang), None)
    if echeance.remboursee_le is not None or due is None or due.soldee:
        raise ErreurChamps({"echeance": "Cette échéance est déjà marquée remboursée."})
    return enregistrer_remboursement(request, echeance.aide, due.reste, date=date)


def texte_relance(aide: AideAccordee, etat) -> str:
    """The reminder's words (e-mail and SMS): plain French, no social notes."""
    bareme = bareme_du_departement(aide.demande.departement)
    n = len(etat.en_retard)
    return (
        f"{bareme.institution if bareme else 'Le Département'} : le remboursement de votre prêt "
        f"du fonds de solidarité (dossier {aide.demande.reference}) a {n} mensualité"
        f"{'s' if n > 1 else ''} en retard, soit {en_euros(etat.montant_en_retard)}. "
        "Si vous avez des difficultés pour payer, parlez-en à votre travailleur social : "
        "l'échéancier peut être revu. Si vous avez déjà payé, ne tenez pas compte de ce message."
    )


@transaction.atomic
def relancer(request, aide: AideAccordee, canal: str) -> Relance:
    """A reminder about the late instalments of a loan: a letter (PDF printed by the service),
    an e-mail or an SMS (sent through the durable job queue, after the commit)."""
    from solidarites.envois import EnvoiImpossible
    from solidarites.taches import programmer_courriel, programmer_sms

    if canal not in regles.CANAUX_RELANCE:
        raise ErreurChamps(
            {"canal": "Canal inconnu. Valeurs possibles : " + ", ".join(regles.CANAUX_RELANCE)}
        )
    etat = aide.etat_pret()
    if aide.forme != "pret" or not etat.en_retard:
        raise ErreurChamps({"aide": "Ce prêt n'a aucune échéance en retard : rien à relancer."})
    personne = aide.demande.personne
    if canal == "courriel" and not personne.courriel:
        raise ErreurChamps(
            {"canal": "Le dossier n'a pas d'adresse électronique : relancez par lettre ou SMS."}
        )
    if canal == "sms" and not personne.telephone:
        raise ErreurChamps(
            {"canal": "Le dossier n'a pas de numéro de téléphone : relancez par lettre."}
        )
    user = _user(request)
    relance = Relance.objects.create(
        aide=aide,
        canal=canal,
        montant_du=etat.montant_en_retard,
        echeances=len(etat.en_retard),
        par=user,
        par_nom=_nom(user),
    )
    texte = texte_relance(aide, etat)
    try:
        if canal == "courriel":
            programmer_courriel(personne.courriel, "Votre prêt : mensualités en retard", texte)
        elif canal == "sms":
            programmer_sms(personne.telephone, texte)
    except EnvoiImpossible as exc:
        raise ErreurChamps(
            {"canal": f"{exc} Corrigez le dossier ou relancez par lettre."}
        ) from None
    journaliser(
        request, Action.MODIFICATION, "relance_pret", objet_id=relance.pk, personne=personne
    )
    return relance


# -- The notification letter -------------------------------------------------------------------


def contexte_lettre(decision: Decision) -> dict:
    d = decision.demande
    return {
        "d": d,
        "decision": decision,
        "aides": decision.aides.all(),
        "bareme": bareme_du_departement(d.departement),
        "demo": d.demo,
        "MOTIFS": regles.MOTIFS_REFUS,
        "BENEFICIAIRES": BENEFICIAIRES,
        "titre": f"Décision {d.reference}",
    }


def lettre_de(decision: Decision) -> LettreNotification:
    """The kept letter of a decision: generated once (at the decision, by the job queue; or
    here if the job has not run yet), then always the same copy."""
    from django.core.files.base import ContentFile

    from solidarites.pdf import pdf_depuis_gabarit

    existante = LettreNotification.objects.filter(decision=decision).first()
    if existante is not None:
        return existante
    contenu = pdf_depuis_gabarit("aides_financieres/lettre_pdf.html", contexte_lettre(decision))
    lettre = LettreNotification(
        decision=decision, taille=len(contenu), empreinte=hashlib.sha256(contenu).hexdigest()
    )
    lettre.fichier.save("lettre.pdf", ContentFile(contenu), save=False)
    try:
        with transaction.atomic():
            lettre.save()
    except IntegrityError:  # generated meanwhile by the job: keep that one
        lettre.fichier.delete(save=False)
        return LettreNotification.objects.get(decision=decision)
    return lettre


@transaction.atomic
def noter_envoi_lettre(request, decision: Decision, canal: str) -> LettreNotification:
    """Record that the letter was sent (or handed); by e-mail, a notice is sent through the job
    queue (the decision's outcome, not the social notes)."""
    from solidarites.envois import EnvoiImpossible
    from solidarites.taches import programmer_courriel

    if canal not in regles.CANAUX_NOTIFICATION:
        raise ErreurChamps(
            {"canal": "Canal inconnu. Valeurs possibles : " + ", ".join(regles.CANAUX_NOTIFICATION)}
        )
    personne = decision.demande.personne
    if canal == "courriel" and not personne.courriel:
        raise ErreurChamps(
            {"canal": "Le dossier n'a pas d'adresse électronique : envoyez la lettre par courrier."}
        )
    lettre = lettre_de(decision)
    lettre = LettreNotification.objects.select_for_update().get(pk=lettre.pk)
    if lettre.envoyee_le is not None:
        raise ErreurChamps(
            {
                "canal": f"Cette lettre est déjà notée envoyée le {lettre.envoyee_le:%d/%m/%Y} "
                f"({lettre.canal_libelle.lower()})."
            }
        )
    user = _user(request)
    lettre.envoyee_le = timezone.now()
    lettre.canal = canal
    lettre.envoyee_par = user
    lettre.envoyee_par_nom = _nom(user)
    lettre.save(update_fields=["envoyee_le", "canal", "envoyee_par", "envoyee_par_nom"])
    if canal == "courriel":
        d = decision.demande
        try:
            programmer_courriel(
                personne.courriel,
                f"Décision sur votre demande d'aide {d.reference}",
                f"Une décision a été prise sur votre demande d'aide financière {d.reference} : "
                f"{decision.nature_libelle.lower()}. La lettre de décision vous est remise par "
                f"{d.structure.nom}, qui peut vous l'expliquer.",
            )
        except EnvoiImpossible as exc:  # the whole write is undone (one transaction)
            raise ErreurChamps({"canal": f"{exc} Envoyez la lettre par courrier."}) from None
    journaliser(request, Action.MODIFICATION, "lettre_aide", objet_id=lettre.pk, personne=personne)
    return lettre


# -- Commission members and attendance ---------------------------------------------------------


def membres_commission(departement: str):
    """The accounts of role `commission` of the département (active)."""
    from comptes.models import Membre

    return (
        Membre.objects.filter(role="commission", actif=True, structure__departement_id=departement)
        .select_related("utilisateur")
        .order_by("utilisateur__last_name", "utilisateur__username")
    )


def presences(commission: Commission) -> list[dict]:
    """Each member of the session: the département's commission accounts, plus anyone recorded
    in it since (an account moved on stays in the minutes)."""
    notees = {p.utilisateur_id: p for p in commission.presences.all()}
    out = []
    for m in membres_commission(commission.departement):
        p = notees.pop(m.utilisateur_id, None)
        out.append(
            {
                "utilisateur_id": m.utilisateur_id,
                "nom": _nom(m.utilisateur),
                "present": bool(p and p.present),
                "note": p is not None,
            }
        )
    out += [
        {"utilisateur_id": p.utilisateur_id, "nom": p.nom, "present": p.present, "note": True}
        for p in notees.values()
    ]
    return out


def est_present(commission: Commission | None, utilisateur_id) -> bool:
    if commission is None or utilisateur_id is None:
        return False
    return commission.presences.filter(utilisateur_id=utilisateur_id, present=True).exists()


@transaction.atomic
def noter_presences(request, commission: Commission, presents: Sequence) -> list[dict]:
    """Attendance of the session: the members ticked are present, the others absent. Only
    accounts of the département's commission; frozen once the session is closed."""
    if commission.tenue:
        raise ErreurChamps({"presents": "La séance est close : les présences sont figées."})
    membres = {m.utilisateur_id: m for m in membres_commission(commission.departement)}
    ids = set()
    for i, v in enumerate(presents):
        try:
            uid = int(v)
        except (TypeError, ValueError):
            raise ErreurChamps({f"presents.{i}": "Identifiant de membre invalide."}) from None
        if uid not in membres:
            raise ErreurChamps(
                {f"presents.{i}": "Ce compte n'est pas membre de la commission du département."}
            )
        ids.add(uid)
    user = _user(request)
    for uid, m in membres.items():
        PresenceCommission.objects.update_or_create(
            commission=commission,
            utilisateur_id=uid,
            defaults={
                "nom": _nom(m.utilisateur),
                "present": uid in ids,
                "note_par": user,
                "note_le": timezone.now(),
            },
        )
    journaliser(request, Action.MODIFICATION, "commission_aide", objet_id=commission.pk)
    return presences(commission)
