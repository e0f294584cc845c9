"""Everything that writes the RSA pathway: in transactions, with French field errors, audited.

Pages, API endpoints and commands call these functions after checking access through
`rsa/perms.py`; validation errors raise `solidarites.erreurs.ErreurChamps` naming the field;
nothing is half-saved. Each step is added to the person's history (`Evenement`) and to the audit
trail (`comptes.audit.journaliser`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from accueil import regles as regles_accueil
from accueil.models import Personne
from annuaire.models import Structure
from comptes.audit import Action, journaliser
from comptes.models import Membre
from rsa import importation, parcours_types, regles
from rsa.models import (
    AccompagnementGlobal,
    ActionContrat,
    Beneficiaire,
    Contrat,
    DecisionOrientation,
    Designation,
    Diagnostic,
    EtapeFaite,
    Evenement,
    Mouvement,
    ParcoursSuivi,
    Rapprochement,
    RendezVous,
    RevueContrat,
)
from solidarites.erreurs import ErreurChamps


def regles_du(departement: str) -> regles.Regles:
    return regles.regles_departement(importation.dossier_contenu() / "regles", departement)


def parcours_disponibles(departement: str | None = None) -> dict[str, parcours_types.ParcoursType]:
    tous = parcours_types.tous(importation.dossier_contenu() / "parcours")
    if departement is None:
        return tous
    return {k: p for k, p in tous.items() if p.pour(departement)}


def _user(request):
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def _evenement(b: Beneficiaire, type_: str, libelle: str, request, le=None) -> None:
    Evenement.objects.create(
        beneficiaire=b,
        type=type_,
        libelle=libelle[:300],
        agent=_user(request),
        le=le or timezone.now(),
    )


def _lever(erreurs: dict):
    if erreurs:
        raise ErreurChamps(erreurs)


def _date(erreurs, champ, valeur, *, obligatoire=True) -> date | None:
    if valeur in (None, ""):
        if obligatoire:
            erreurs[champ] = "Indiquez une date."
        return None
    if isinstance(valeur, datetime):
        return valeur.date()
    if isinstance(valeur, date):
        return valeur
    try:
        return date.fromisoformat(str(valeur))
    except ValueError:
        try:
            return datetime.strptime(str(valeur), "%d/%m/%Y").date()
        except ValueError:
            erreurs[champ] = f"Date non reconnue « {valeur} » (attendu JJ/MM/AAAA)."
            return None


def _choix(erreurs, champ, valeur, permises: dict, *, obligatoire=True) -> str:
    valeur = (valeur or "").strip()
    if not valeur:
        if obligatoire:
            erreurs[champ] = "Choisissez une réponse."
        return ""
    if valeur not in permises:
        erreurs[champ] = "Valeur non reconnue. Valeurs possibles : " + ", ".join(permises) + "."
    return valeur


def _texte(erreurs, champ, valeur, *, obligatoire=False, max_length=2000) -> str:
    valeur = (valeur or "").strip()
    if obligatoire and not valeur:
        erreurs[champ] = "Ce champ est obligatoire."
    elif len(valeur) > max_length:
        erreurs[champ] = f"Ce texte est trop long ({max_length} caractères au plus)."
    return valeur


def _membre(erreurs, champ, utilisateur_id, *, message="Agent inconnu.") -> Membre | None:
    try:
        pk = int(utilisateur_id)
    except (TypeError, ValueError):
        erreurs[champ] = message
        return None
    membre = (
        Membre.objects.select_related("structure", "utilisateur")
        .filter(utilisateur_id=pk, actif=True, utilisateur__is_active=True)
        .first()
    )
    if membre is None:
        erreurs[champ] = message
    return membre


def nom_agent(user) -> str:
    if user is None:
        return "—"
    nom = user.get_full_name().strip()
    return nom or user.get_username()


# --- entering a beneficiary by hand (from the accueil) -----------------------------------------


@transaction.atomic
def inscrire(
    personne: Personne,
    *,
    departement: str,
    date_entree,
    numero_allocataire: str = "",
    organisme: str = "caf",
    request=None,
) -> Beneficiaire:
    erreurs: dict[str, str] = {}
    entree = _date(erreurs, "date_entree", date_entree)
    if entree and entree > timezone.localdate() + timedelta(days=62):
        erreurs["date_entree"] = "La date d'ouverture du droit est trop loin dans le futur."
    organisme = _choix(erreurs, "organisme", organisme, regles.ORGANISMES)
    numero = (numero_allocataire or "").strip().upper().replace(" ", "")
    if numero and not importation.flux.RE_NUMERO.match(numero):
        erreurs["numero_allocataire"] = "Lettres et chiffres seulement, 20 au plus."
    if Beneficiaire.objects.filter(personne=personne).exists():
        erreurs["personne"] = "Cette personne est déjà inscrite dans le parcours RSA."
    if (
        numero
        and Beneficiaire.objects.filter(
            departement=departement, organisme=organisme, numero_allocataire=numero
        ).exists()
    ):
        erreurs["numero_allocataire"] = "Ce numéro d'allocataire est déjà celui d'un autre dossier."
    _lever(erreurs)
    from annuaire.selectors import bureau_local_pour_commune

    territoire = bureau_local_pour_commune(personne.commune_code) if personne.commune_code else None
    b = Beneficiaire.objects.create(
        personne=personne,
        departement=departement,
        organisme=organisme,
        numero_allocataire=numero,
        territoire=territoire,
        date_entree=entree,
        source="saisie",
    )
    _evenement(b, "entree", "Inscrit(e) dans le parcours RSA à la main (depuis l'accueil)", request)
    journaliser(request, Action.CREATION, "beneficiaire_rsa", objet_id=b.pk, personne=personne)
    return b


# --- matches waiting for an agent ---------------------------------------------------------------


@transaction.atomic
def resoudre_rapprochement(r: Rapprochement, personne_id, request=None) -> Beneficiaire:
    """`personne_id`: one of the candidates (same person) or None (a new file)."""
    r = Rapprochement.objects.select_for_update().get(pk=r.pk)
    if r.statut != Rapprochement.Statut.A_TRAITER:
        raise ErreurChamps({"choix": "Ce rapprochement a déjà été traité."})
    lg = importation.ligne_depuis_donnees(r.donnees, r.ligne)
    if personne_id in (None, "", "nouveau"):
        detentrice = importation.structure_insertion(r.departement)
        detentrice_id = (
            detentrice.pk if detentrice else (r.import_flux.structure_id if r.import_flux else None)
        )
        if detentrice_id is None:
            territoires = importation._territoires({lg.commune})
            detentrice_id = territoires.get(lg.commune)
        personne = Personne.objects.create(
            structure_id=detentrice_id,
            nom=lg.nom,
            prenom=lg.prenom,
            date_naissance=lg.date_naissance,
            commune_code=lg.commune,
            telephone=lg.telephone,
            courriel=lg.courriel,
            cree_par=_user(request),
        )
        r.statut = Rapprochement.Statut.NOUVEAU
    else:
        ids = {c["id"] for c in r.candidats}
        try:
            pid = int(personne_id)
        except (TypeError, ValueError):
            pid = None
        if pid not in ids:
            raise ErreurChamps({"choix": "Choisissez l'un des dossiers proposés, ou un nouveau."})
        if Beneficiaire.objects.filter(personne_id=pid).exists():
            raise ErreurChamps(
                {"choix": "Ce dossier a déjà un droit RSA sous un autre numéro : créez un dossier."}
            )
        personne = Personne.objects.get(pk=pid)
        # What the monthly file says of the contact details wins, as for any imported row.
        personne.commune_code = lg.commune
        personne.telephone = lg.telephone or personne.telephone
        personne.courriel = lg.courriel or personne.courriel
        personne.save()
        r.statut = Rapprochement.Statut.RATTACHE
    territoires = importation._territoires({lg.commune})
    b = importation._beneficiaire(lg, personne.pk, r.departement, territoires)
    b.save()
    Mouvement.objects.create(**importation._mouvement(b.pk, lg, r.import_flux, set()))
    r.beneficiaire, r.traite_par, r.traite_le = b, _user(request), timezone.now()
    r.save()
    _evenement(
        b,
        "entree",
        "Entrée dans le RSA : "
        + (
            "rattachée par un agent au dossier existant"
            if r.statut == Rapprochement.Statut.RATTACHE
            else "nouveau dossier créé par un agent (homonyme écarté)"
        ),
        request,
    )
    journaliser(request, Action.CREATION, "beneficiaire_rsa", objet_id=b.pk, personne=personne)
    return b


# --- diagnostic and orientation ----------------------------------------------------------------


@transaction.atomic
def enregistrer_diagnostic(b: Beneficiaire, donnees: dict, request=None) -> Diagnostic:
    erreurs: dict[str, str] = {}
    valeurs = {
        q: _choix(erreurs, q, donnees.get(q), reponses)
        for q, (_, reponses) in regles.QUESTIONS.items()
    }
    domaines = list(dict.fromkeys(donnees.get("domaines") or []))
    inconnus = [d for d in domaines if d not in regles_accueil.DOMAINES]
    if inconnus:
        erreurs["domaines"] = "Valeur non reconnue : " + ", ".join(inconnus) + "."
    commentaire = _texte(erreurs, "commentaire", donnees.get("commentaire"))
    fait_le = _date(erreurs, "fait_le", donnees.get("fait_le") or timezone.localdate())
    if fait_le and fait_le > timezone.localdate():
        erreurs["fait_le"] = "Le diagnostic ne peut pas être daté dans le futur."
    _lever(erreurs)
    suggestion = regles.suggerer_orientation(regles_du(b.departement), valeurs)
    d = Diagnostic.objects.create(
        beneficiaire=b,
        fait_le=fait_le,
        agent=_user(request),
        domaines=domaines,
        commentaire=commentaire,
        suggestion=suggestion.orientation,
        explication=suggestion.explication,
        **valeurs,
    )
    _evenement(b, "diagnostic", "Diagnostic fait", request)
    journaliser(request, Action.MODIFICATION, "diagnostic_rsa", objet_id=d.pk, personne=b.personne)
    return d


def structures_pour_orientation(b: Beneficiaire, orientation: str):
    r = regles_du(b.departement)
    typologies = r.typologies_orientation.get(orientation) or frozenset()
    qs = Structure.objects.filter(departement_id=b.departement)
    if typologies:
        qs = qs.filter(typologie__in=typologies)
    return qs.order_by("nom")


@transaction.atomic
def orienter(b: Beneficiaire, donnees: dict, request=None) -> DecisionOrientation:
    """Decide (or change) the orientation: the history is kept; a change of structure ends the
    current référent's designation."""
    b = Beneficiaire.objects.select_for_update().get(pk=b.pk)
    erreurs: dict[str, str] = {}
    orientation = _choix(erreurs, "orientation", donnees.get("orientation"), regles.ORIENTATIONS)
    decide_le = _date(erreurs, "decide_le", donnees.get("decide_le") or timezone.localdate())
    if decide_le and decide_le > timezone.localdate():
        erreurs["decide_le"] = "La décision ne peut pas être datée dans le futur."
    if decide_le and decide_le < b.date_entree:
        erreurs["decide_le"] = "La décision ne peut pas précéder l'ouverture du droit."
    motif = _texte(erreurs, "motif", donnees.get("motif"))
    structure = None
    try:
        structure = Structure.objects.get(pk=int(donnees.get("structure") or 0))
    except (TypeError, ValueError, Structure.DoesNotExist):
        erreurs["structure"] = "Structure inconnue : choisissez-la dans la liste."
    if structure and orientation and "orientation" not in erreurs:
        if structure.departement_id and structure.departement_id != b.departement:
            erreurs["structure"] = "Cette structure n'est pas du département du bénéficiaire."
        elif not regles.structure_possible(
            regles_du(b.departement), orientation, structure.typologie
        ):
            erreurs["structure"] = (
                f"Une orientation {regles.ORIENTATIONS[orientation].lower()} ne se fait pas vers "
                f"une structure de type « {structure.libelle_typologie} »."
            )
    _lever(erreurs)
    diagnostic = b.diagnostics.first()
    precedente = b.decisions_orientation.first()
    decision = DecisionOrientation.objects.create(
        beneficiaire=b,
        orientation=orientation,
        structure=structure,
        decide_le=decide_le,
        decide_par=_user(request),
        motif=motif,
        diagnostic=diagnostic,
        suggestion=diagnostic.suggestion if diagnostic else "",
        explication=diagnostic.explication if diagnostic else "",
        reorientation=precedente is not None,
    )
    if b.structure_referente_id and b.structure_referente_id != structure.pk and b.referent_id:
        Designation.objects.filter(beneficiaire=b, fin_le__isnull=True).update(fin_le=decide_le)
        b.referent, b.referent_designe_le = None, None
    # `oriente_le` is the first orientation (the delay the dashboard measures); every decision
    # keeps its own date in the history.
    b.orientation, b.structure_referente = orientation, structure
    if b.oriente_le is None:
        b.oriente_le = decide_le
    b.save()
    libelle = "Réorientation" if precedente else "Orientation"
    _evenement(
        b,
        "orientation",
        f"{libelle} {regles.ORIENTATIONS[orientation].lower()} vers {structure.nom}",
        request,
    )
    journaliser(
        request, Action.ORIENTATION, "orientation_rsa", objet_id=decision.pk, personne=b.personne
    )
    return decision


def referents_possibles(b: Beneficiaire):
    """Accounts of the structure référente who may be référent under the département's rules."""
    if not b.structure_referente_id or not b.orientation:
        return []
    r = regles_du(b.departement)
    out = []
    for m in (
        Membre.objects.filter(structure_id=b.structure_referente_id, actif=True)
        .select_related("utilisateur", "structure")
        .order_by("utilisateur__last_name", "utilisateur__username")
    ):
        ok, _ = regles.peut_etre_referent(r, b.orientation, m.structure.typologie, m.role)
        if ok:
            out.append(m.utilisateur)
    return out


@transaction.atomic
def designer_referent(b: Beneficiaire, donnees: dict, request=None) -> Designation:
    b = Beneficiaire.objects.select_for_update().get(pk=b.pk)
    erreurs: dict[str, str] = {}
    if not b.orientation or not b.structure_referente_id:
        raise ErreurChamps({"referent": "Décidez d'abord l'orientation et la structure."})
    designe_le = _date(erreurs, "designe_le", donnees.get("designe_le") or timezone.localdate())
    if designe_le and designe_le > timezone.localdate():
        erreurs["designe_le"] = "La désignation ne peut pas être datée dans le futur."
    membre = _membre(
        erreurs, "referent", donnees.get("referent"), message="Référent inconnu : choisissez-le."
    )
    if membre is not None:
        if membre.structure_id != b.structure_referente_id:
            erreurs["referent"] = (
                f"Le référent doit être un agent de la structure d'orientation "
                f"({b.structure_referente.nom})."
            )
        else:
            ok, raison = regles.peut_etre_referent(
                regles_du(b.departement), b.orientation, membre.structure.typologie, membre.role
            )
            if not ok:
                erreurs["referent"] = raison
    _lever(erreurs)
    Designation.objects.filter(beneficiaire=b, fin_le__isnull=True).update(fin_le=designe_le)
    d = Designation.objects.create(
        beneficiaire=b,
        referent=membre.utilisateur,
        structure_id=b.structure_referente_id,
        designe_le=designe_le,
        designe_par=_user(request),
    )
    b.referent, b.referent_designe_le = membre.utilisateur, designe_le
    b.save(update_fields=["referent", "referent_designe_le", "modifie_le"])
    _evenement(
        b,
        "referent",
        f"Référent unique désigné : {nom_agent(membre.utilisateur)} ({membre.structure.nom})",
        request,
    )
    journaliser(request, Action.MODIFICATION, "referent_rsa", objet_id=d.pk, personne=b.personne)
    return d


# --- invitations and meetings -------------------------------------------------------------------


def texte_invitation(rdv: RendezVous) -> str:
    personne = rdv.beneficiaire.personne
    le = timezone.localtime(rdv.le)
    lieu = rdv.lieu
    adresse = ", ".join(x for x in [lieu.adresse, lieu.code_postal] if x)
    return (
        f"Bonjour {personne.prenom} {personne.nom},\n\n"
        f"Vous êtes invité(e) à un {regles.OBJETS_RENDEZ_VOUS[rdv.objet].lower()} dans le cadre "
        f"de votre RSA, le {le:%d/%m/%Y} à {le:%H:%M}, à : {lieu.nom}"
        + (f" ({adresse})" if adresse else "")
        + ".\n\nSi vous ne pouvez pas venir, prévenez-nous"
        + (f" au {lieu.telephone}" if lieu.telephone else "")
        + " : nous fixerons un autre rendez-vous.\n\nLe Département"
    )


def texte_sms(rdv: RendezVous) -> str:
    le = timezone.localtime(rdv.le)
    return (
        f"RSA : rendez-vous le {le:%d/%m/%Y} à {le:%H:%M}, {rdv.lieu.nom}. "
        "Empêché(e) ? Prévenez-nous. Le Département"
    )[:300]


@transaction.atomic
def inviter(b: Beneficiaire, donnees: dict, request=None, reinvitation_de=None) -> RendezVous:
    """Create the appointment and send the invitation (e-mail or SMS through the configured
    backend; a letter is a PDF to print, see views)."""
    from solidarites import envois, taches

    erreurs: dict[str, str] = {}
    objet = _choix(erreurs, "objet", donnees.get("objet"), regles.OBJETS_RENDEZ_VOUS)
    canal = _choix(erreurs, "canal", donnees.get("canal"), regles.CANAUX_INVITATION)
    le = None
    brut = donnees.get("le")
    if isinstance(brut, datetime):
        le = brut
    elif brut:
        try:
            le = datetime.fromisoformat(str(brut))
        except ValueError:
            erreurs["le"] = f"Date et heure non reconnues « {brut} » (attendu AAAA-MM-JJTHH:MM)."
    else:
        erreurs["le"] = "Indiquez la date et l'heure du rendez-vous."
    if le is not None:
        if timezone.is_naive(le):
            le = timezone.make_aware(le)
        if le < timezone.now() - timedelta(days=1):
            erreurs["le"] = "Le rendez-vous ne peut pas être dans le passé."
    lieu = None
    try:
        lieu = Structure.objects.get(pk=int(donnees.get("lieu") or 0))
    except (TypeError, ValueError, Structure.DoesNotExist):
        erreurs["lieu"] = "Lieu inconnu : choisissez-le dans la liste."
    personne = b.personne
    if canal == "courriel" and not personne.courriel:
        erreurs["canal"] = "Le dossier n'a pas d'adresse électronique : choisissez la lettre."
    if canal == "sms" and not personne.telephone:
        erreurs["canal"] = "Le dossier n'a pas de numéro de téléphone : choisissez la lettre."
    _lever(erreurs)
    rdv = RendezVous.objects.create(
        beneficiaire=b,
        objet=objet,
        le=le,
        lieu=lieu,
        agent=_user(request),
        canal=canal,
        reinvitation_de=reinvitation_de,
        cree_par=_user(request),
    )
    try:
        if canal == "courriel":
            taches.programmer_courriel(
                personne.courriel, "Invitation à un rendez-vous (RSA)", texte_invitation(rdv)
            )
        elif canal == "sms":
            taches.programmer_sms(personne.telephone, texte_sms(rdv))
    except envois.EnvoiImpossible as e:
        transaction.set_rollback(True)
        raise ErreurChamps({"canal": str(e)}) from e
    if canal in ("courriel", "sms"):
        rdv.invitation_envoyee_le = timezone.now()
        rdv.save(update_fields=["invitation_envoyee_le"])
    _evenement(
        b,
        "invitation",
        f"{'Nouvelle invitation' if reinvitation_de else 'Invitation'} "
        f"({regles.CANAUX_INVITATION[canal].lower()}) : "
        f"{regles.OBJETS_RENDEZ_VOUS[objet].lower()} le {timezone.localtime(le):%d/%m/%Y à %H:%M}",
        request,
    )
    journaliser(request, Action.CREATION, "rendez_vous_rsa", objet_id=rdv.pk, personne=personne)
    return rdv


@transaction.atomic
def marquer_lettre_envoyee(rdv: RendezVous, request=None) -> None:
    if rdv.invitation_envoyee_le is None:
        rdv.invitation_envoyee_le = timezone.now()
        rdv.save(update_fields=["invitation_envoyee_le"])


@transaction.atomic
def noter_presence(rdv: RendezVous, presence: str, request=None) -> RendezVous:
    erreurs: dict[str, str] = {}
    presence = _choix(
        erreurs, "presence", presence, {p: regles.PRESENCES[p] for p in regles.PRESENCES_NOTEES}
    )
    if not erreurs and rdv.le > timezone.now() + timedelta(hours=1):
        erreurs["presence"] = "Le rendez-vous n'a pas encore eu lieu."
    _lever(erreurs)
    rdv.presence, rdv.presence_notee_le = presence, timezone.now()
    rdv.save(update_fields=["presence", "presence_notee_le"])
    b = Beneficiaire.objects.select_for_update().get(pk=rdv.beneficiaire_id)
    jour = timezone.localtime(rdv.le).date()
    if presence == "venu" and b.oriente_le and jour >= b.oriente_le:
        if b.premier_rdv_le is None or jour < b.premier_rdv_le:
            b.premier_rdv_le = jour
            b.save(update_fields=["premier_rdv_le", "modifie_le"])
    _evenement(
        b,
        "presence",
        f"{regles.OBJETS_RENDEZ_VOUS[rdv.objet]} du {jour:%d/%m/%Y} : "
        f"{regles.PRESENCES[presence].lower()}",
        request,
    )
    journaliser(
        request, Action.MODIFICATION, "rendez_vous_rsa", objet_id=rdv.pk, personne=b.personne
    )
    return rdv


# --- the engagement contract --------------------------------------------------------------------


@dataclass
class DonneesAction:
    libelle: str = ""
    debut_le: object = None
    echeance_le: object = None
    heures_hebdomadaires: object = None


@dataclass
class DonneesContrat:
    type: str = ""
    objectifs: list[str] = field(default_factory=list)
    debut_le: object = None
    fin_le: object = None
    heures_hebdomadaires: object = None
    signe_le: object = None
    actions: list[DonneesAction] = field(default_factory=list)
    revues: list[object] = field(default_factory=list)
    version: int | None = None


def _heures(erreurs, champ, valeur) -> int | None:
    if valeur in (None, ""):
        return None
    try:
        h = int(valeur)
    except (TypeError, ValueError):
        erreurs[champ] = "Un nombre entier d'heures est attendu."
        return None
    if not 0 <= h <= 48:
        erreurs[champ] = "Entre 0 et 48 heures par semaine."
    return h


@transaction.atomic
def enregistrer_contrat(
    b: Beneficiaire, d: DonneesContrat, request=None, contrat: Contrat | None = None
) -> Contrat:
    """Create or replace a contract (its actions and reviews are replaced as a whole)."""
    erreurs: dict[str, str] = {}
    type_ = _choix(erreurs, "type", d.type, regles.TYPES_CONTRAT)
    objectifs = [o.strip() for o in d.objectifs if o and o.strip()]
    if not objectifs:
        erreurs["objectifs"] = "Écrivez au moins un objectif."
    elif any(len(o) > 500 for o in objectifs):
        erreurs["objectifs"] = "Un objectif fait 500 caractères au plus."
    debut = _date(erreurs, "debut_le", d.debut_le)
    fin = _date(erreurs, "fin_le", d.fin_le)
    if debut and fin and fin <= debut:
        erreurs["fin_le"] = "La fin du contrat doit suivre son début."
    if debut and fin and fin > regles.ajouter_mois(debut, 24):
        erreurs["fin_le"] = "Un contrat dure 24 mois au plus : prévoyez un renouvellement."
    heures = _heures(erreurs, "heures_hebdomadaires", d.heures_hebdomadaires)
    signe = _date(erreurs, "signe_le", d.signe_le, obligatoire=False)
    if signe and signe > timezone.localdate():
        erreurs["signe_le"] = "La date de signature ne peut pas être dans le futur."
    actions = []
    if not d.actions:
        erreurs["actions"] = "Ajoutez au moins une action."
    for i, a in enumerate(d.actions):
        p = f"actions.{i}"
        libelle = _texte(erreurs, f"{p}.libelle", a.libelle, obligatoire=True, max_length=300)
        a_debut = _date(erreurs, f"{p}.debut_le", a.debut_le)
        echeance = _date(erreurs, f"{p}.echeance_le", a.echeance_le, obligatoire=False)
        if a_debut and echeance and echeance < a_debut:
            erreurs[f"{p}.echeance_le"] = "L'échéance précède le début de l'action."
        if a_debut and debut and fin and fin > debut and not debut <= a_debut <= fin:
            erreurs[f"{p}.debut_le"] = "L'action commence pendant le contrat."
        actions.append(
            (libelle, a_debut, echeance, _heures(erreurs, f"{p}.heures", a.heures_hebdomadaires))
        )
    revues = []
    for i, r in enumerate(d.revues):
        jour = _date(erreurs, f"revues.{i}", r)
        if jour and debut and fin and fin > debut and not debut <= jour <= fin:
            erreurs[f"revues.{i}"] = "La revue a lieu pendant le contrat."
        revues.append(jour)
    if contrat is not None and d.version is not None and d.version != contrat.version:
        erreurs["version"] = (
            "Le contrat a été modifié par quelqu'un d'autre entre-temps : rechargez la page."
        )
    _lever(erreurs)
    if debut and fin and not revues:
        revues = [
            regles.ajouter_mois(debut, n)
            for n in range(
                regles_du(b.departement).delai_revue_contrat_mois,
                25,
                regles_du(b.departement).delai_revue_contrat_mois,
            )
            if regles.ajouter_mois(debut, n) < fin
        ]
    nouveau = contrat is None
    if nouveau:
        contrat = Contrat(beneficiaire=b, redige_par=_user(request))
    else:
        contrat.version += 1
    contrat.type, contrat.objectifs = type_, objectifs
    contrat.debut_le, contrat.fin_le = debut, fin
    contrat.heures_hebdomadaires, contrat.signe_le = heures, signe
    contrat.save()
    if not nouveau:
        contrat.actions.all().delete()
        contrat.revues.filter(faite_le__isnull=True).delete()
    ActionContrat.objects.bulk_create(
        [
            ActionContrat(
                contrat=contrat,
                ordre=i,
                libelle=libelle,
                debut_le=a_debut,
                echeance_le=echeance,
                heures_hebdomadaires=h,
            )
            for i, (libelle, a_debut, echeance, h) in enumerate(actions)
        ]
    )
    deja = set(contrat.revues.values_list("prevue_le", flat=True))
    RevueContrat.objects.bulk_create(
        [RevueContrat(contrat=contrat, prevue_le=j) for j in sorted(set(revues)) if j not in deja]
    )
    mettre_a_jour_contrat_courant(b)
    etat = f"signé le {signe:%d/%m/%Y}" if signe else "à signer"
    _evenement(
        b,
        "contrat",
        f"{'Contrat' if nouveau else 'Contrat modifié'} : {regles.TYPES_CONTRAT[type_]}, "
        f"{len(actions)} action(s), {etat}",
        request,
    )
    journaliser(
        request,
        Action.CREATION if nouveau else Action.MODIFICATION,
        "contrat_rsa",
        objet_id=contrat.pk,
        personne=b.personne,
    )
    return contrat


def mettre_a_jour_contrat_courant(b: Beneficiaire) -> None:
    """Keep the current contract's dates on the beneficiary (the dashboard reads them there)."""
    contrat = b.contrats.order_by("-debut_le", "-pk").first()
    b.contrat_signe_le = contrat.signe_le if contrat else None
    b.contrat_fin_le = contrat.fin_le if contrat else None
    revue = (
        contrat.revues.filter(faite_le__isnull=True).order_by("prevue_le").first()
        if contrat
        else None
    )
    b.prochaine_revue_le = revue.prevue_le if revue else None
    b.save(update_fields=["contrat_signe_le", "contrat_fin_le", "prochaine_revue_le", "modifie_le"])


@transaction.atomic
def noter_revue(revue: RevueContrat, donnees: dict, request=None) -> RevueContrat:
    if revue.faite_le is not None:
        raise ErreurChamps({"faite_le": "Cette revue est déjà faite."})
    erreurs: dict[str, str] = {}
    faite = _date(erreurs, "faite_le", donnees.get("faite_le") or timezone.localdate())
    if faite and faite > timezone.localdate():
        erreurs["faite_le"] = "Une revue faite ne peut pas être datée dans le futur."
    bilan = _texte(erreurs, "bilan", donnees.get("bilan"))
    _lever(erreurs)
    revue.faite_le, revue.bilan = faite, bilan
    revue.save(update_fields=["faite_le", "bilan"])
    b = revue.contrat.beneficiaire
    mettre_a_jour_contrat_courant(b)
    _evenement(b, "contrat", f"Revue du contrat faite le {faite:%d/%m/%Y}", request)
    journaliser(
        request, Action.MODIFICATION, "contrat_rsa", objet_id=revue.contrat_id, personne=b.personne
    )
    return revue


# --- accompagnement global ----------------------------------------------------------------------


@transaction.atomic
def demarrer_accompagnement_global(b: Beneficiaire, donnees: dict, request=None):
    erreurs: dict[str, str] = {}
    ts = _membre(
        erreurs,
        "travailleur_social",
        donnees.get("travailleur_social"),
        message="Travailleur social inconnu : choisissez-le.",
    )
    if ts is not None and ts.role != "travailleur_social":
        erreurs["travailleur_social"] = "Ce compte n'a pas le rôle « travailleur social »."
    conseiller = _membre(
        erreurs,
        "conseiller",
        donnees.get("conseiller"),
        message="Conseiller France Travail inconnu : choisissez-le.",
    )
    if conseiller is not None and (
        conseiller.role != "conseiller_emploi" or conseiller.structure.typologie != "france-travail"
    ):
        erreurs["conseiller"] = "Ce compte n'est pas celui d'un conseiller France Travail."
    plan = _texte(erreurs, "plan", donnees.get("plan"), obligatoire=True, max_length=4000)
    debut = _date(erreurs, "debut_le", donnees.get("debut_le") or timezone.localdate())
    if b.accompagnements_globaux.filter(fin_le__isnull=True).exists():
        erreurs["conseiller"] = "Un accompagnement global est déjà en cours pour cette personne."
    _lever(erreurs)
    ag = AccompagnementGlobal.objects.create(
        beneficiaire=b,
        travailleur_social=ts.utilisateur,
        conseiller=conseiller.utilisateur,
        debut_le=debut,
        plan=plan,
        cree_par=_user(request),
    )
    _evenement(
        b,
        "accompagnement_global",
        f"Accompagnement global : {nom_agent(ts.utilisateur)} et "
        f"{nom_agent(conseiller.utilisateur)} ({conseiller.structure.nom})",
        request,
    )
    journaliser(request, Action.CREATION, "accompagnement_rsa", objet_id=ag.pk, personne=b.personne)
    return ag


@transaction.atomic
def terminer_accompagnement_global(ag: AccompagnementGlobal, request=None, fin_le=None):
    if ag.fin_le is not None:
        raise ErreurChamps({"fin_le": "Cet accompagnement global est déjà terminé."})
    erreurs: dict[str, str] = {}
    fin = _date(erreurs, "fin_le", fin_le or timezone.localdate())
    if fin and fin < ag.debut_le:
        erreurs["fin_le"] = "La fin précède le début de l'accompagnement."
    _lever(erreurs)
    ag.fin_le = fin
    ag.save(update_fields=["fin_le"])
    _evenement(ag.beneficiaire, "accompagnement_global", "Fin de l'accompagnement global", request)
    journaliser(
        request,
        Action.MODIFICATION,
        "accompagnement_rsa",
        objet_id=ag.pk,
        personne=ag.beneficiaire.personne,
    )


# --- parcours types -----------------------------------------------------------------------------


@transaction.atomic
def attacher_parcours(b: Beneficiaire, slug: str, request=None) -> ParcoursSuivi:
    disponibles = parcours_disponibles(b.departement)
    if slug not in disponibles:
        raise ErreurChamps({"parcours": "Parcours type inconnu dans ce département."})
    if b.parcours.filter(parcours=slug).exists():
        raise ErreurChamps({"parcours": "La personne suit déjà ce parcours."})
    suivi = ParcoursSuivi.objects.create(beneficiaire=b, parcours=slug, attache_par=_user(request))
    _evenement(b, "parcours", f"Parcours type « {disponibles[slug].titre} » commencé", request)
    journaliser(
        request, Action.MODIFICATION, "parcours_rsa", objet_id=suivi.pk, personne=b.personne
    )
    return suivi


@transaction.atomic
def marquer_etape(suivi: ParcoursSuivi, code: str, request=None, faite_le=None) -> EtapeFaite:
    p = parcours_disponibles().get(suivi.parcours)
    etape = p.etape(code) if p else None
    erreurs: dict[str, str] = {}
    if etape is None:
        erreurs["etape"] = "Étape inconnue dans ce parcours."
    jour = _date(erreurs, "faite_le", faite_le or timezone.localdate())
    if jour and jour > timezone.localdate():
        erreurs["faite_le"] = "Une étape faite ne peut pas être datée dans le futur."
    if etape and suivi.etapes.filter(etape=code).exists():
        erreurs["etape"] = "Cette étape est déjà marquée faite."
    _lever(erreurs)
    e = EtapeFaite.objects.create(suivi=suivi, etape=code, faite_le=jour, faite_par=_user(request))
    if {x.code for x in p.etapes} <= set(suivi.etapes.values_list("etape", flat=True)):
        suivi.termine_le = jour
        suivi.save(update_fields=["termine_le"])
    _evenement(
        suivi.beneficiaire, "parcours", f"{p.titre} : étape « {etape.titre} » faite", request
    )
    journaliser(
        request,
        Action.MODIFICATION,
        "parcours_rsa",
        objet_id=suivi.pk,
        personne=suivi.beneficiaire.personne,
    )
    return e
