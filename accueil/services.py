"""Everything that writes the accueil's data, in transactions, and records the audit trail.

Pages and API endpoints validate their input with the same Django form (`accueil/forms.py`) and
call these functions with clean data; the functions check what only they can (the consent, the
destination, the state machine, the rate limit), raising `solidarites.erreurs.ErreurChamps` with
French messages per field. Access is
checked by the callers through the one gate (`comptes.acces`, `accueil.selectors`) before
they call.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accueil import regles
from accueil.models import Contact, Demande, Orientation, Personne, SuiviDroit
from accueil.regles import StatutOrientation as S
from bilan.services import ouvrir_bilan_conserve
from comptes.acces import acteur as acteur_de
from comptes.audit import Action, journaliser
from solidarites import limites
from solidarites.erreurs import ErreurChamps
from solidarites.formulaires_publics import prendre_une_demande
from territoires import referentiel


def jours_relance() -> int:
    return int(getattr(settings, "ACCUEIL_ORIENTATION_RELANCE_JOURS", 8))


def jours_expiration() -> int:
    return int(getattr(settings, "ACCUEIL_ORIENTATION_EXPIRATION_JOURS", 30))


def jours_retention() -> int:
    return int(getattr(settings, "ACCUEIL_RETENTION_JOURS", 730))


def _lever(erreurs):
    if erreurs:
        raise ErreurChamps(erreurs)


# --- people's files -------------------------------------------------------------------------


@dataclass
class DonneesPersonne:
    nom: str
    prenom: str
    date_naissance: date | None = None
    commune_code: str = ""
    telephone: str = ""
    courriel: str = ""
    partage_autorise: list[str] | None = None


def _dossier(d: DonneesPersonne) -> dict:
    propre = asdict(d)
    propre["partage_autorise"] = list(d.partage_autorise or [])
    return propre


def doublons(acteur, nom: str, prenom: str, date_naissance, telephone: str = "", exclure=None):
    """Likely duplicates among the files the actor may open (`visibles_par`: its structure's
    and those shared with it; never another structure's: the agent may not learn that another
    structure follows this person): same or close names (`regles.doublons_probables`), or the
    same phone number. Best first: identical, same phone, close."""
    from django.db.models import Q

    visibles = Personne.objects.visibles_par(acteur)
    nn = regles.normaliser(nom)
    filtre = Q(nom_normalise=nn) | Q(nom_normalise__startswith=nn[:3])
    if date_naissance:
        filtre |= Q(date_naissance=date_naissance)
    qs = visibles.filter(filtre)
    if exclure:
        qs = qs.exclude(pk=exclure)
    candidats = [
        regles.Candidat(p.pk, p.nom, p.prenom, p.date_naissance) for p in qs[:500].iterator()
    ]
    trouves = regles.doublons_probables(nom, prenom, date_naissance, candidats)
    deja = {t.id for t in trouves}
    chiffres = regles.chiffres_telephone(telephone)
    if chiffres:
        # Stored as typed ("06 12 34 56 78"): narrow on the last digit, compare the digits.
        meme_tel = visibles.exclude(telephone="").filter(telephone__endswith=chiffres[-1])
        if exclure:
            meme_tel = meme_tel.exclude(pk=exclure)
        for pk, tel in meme_tel.values_list("pk", "telephone")[:2000].iterator():
            if pk not in deja and regles.chiffres_telephone(tel) == chiffres:
                trouves.append(regles.Doublon(pk, "telephone", 90.0))
                deja.add(pk)
    ordre = {"identique": 0, "telephone": 1, "proche": 2}
    trouves.sort(key=lambda d: (ordre.get(d.certitude, 3), -d.score))
    par_id = Personne.objects.prefetch_related("orientations").in_bulk([t.id for t in trouves])
    return [(par_id[t.id], t) for t in trouves if _montrable(acteur, par_id[t.id], t)]


def _montrable(acteur, p: Personne, d) -> bool:
    """A file shared with the actor's structure is a match only through a part shared with it
    (identity for names, contact details for the phone): nothing more is learnt from the
    warning than from the file itself. Sets `p.nom_affiche` for the list."""
    from accueil.selectors import parties_pour

    parties = parties_pour(acteur, p)
    partie = "coordonnees" if d.certitude == "telephone" else "identite"
    if partie not in parties:
        return False
    p.nom_affiche = f"{p.prenom} {p.nom}" if "identite" in parties else p.reference
    return True


@transaction.atomic
def creer_personne(request, d: DonneesPersonne, *, demande: Demande | None = None) -> Personne:
    user = request.user
    acteur = acteur_de(request)
    propre = _dossier(d)
    personne = Personne.objects.create(
        structure_id=acteur.structure_id,
        cree_par=user,
        consentement_le=timezone.localdate() if propre["partage_autorise"] else None,
        **propre,
    )
    if demande is not None:
        Demande.objects.filter(pk=demande.pk).update(personne=personne)
    journaliser(request, Action.CREATION, "personne", objet_id=personne.pk, personne=personne)
    return personne


@transaction.atomic
def modifier_personne(request, personne: Personne, d: DonneesPersonne) -> Personne:
    propre = _dossier(d)
    if propre["partage_autorise"] != personne.partage_autorise:
        propre["consentement_le"] = timezone.localdate()
    for k, v in propre.items():
        setattr(personne, k, v)
    personne.save()
    _suivre_consentement(personne)
    journaliser(request, Action.MODIFICATION, "personne", objet_id=personne.pk, personne=personne)
    return personne


def _suivre_consentement(personne: Personne) -> int:
    """Sharing follows the person's CURRENT consent: a part withdrawn is no longer shared by any
    orientation already sent (the partner loses it at once). Returns the orientations changed."""
    consenti = set(personne.partage_autorise or [])
    changees = 0
    for o in Orientation.objects.select_for_update().filter(personne=personne):
        gardes = [e for e in o.elements_partages if e in consenti]
        if gardes != list(o.elements_partages):
            o.elements_partages = gardes
            o.save(update_fields=["elements_partages"])
            changees += 1
    return changees


# --- contacts -------------------------------------------------------------------------------


@dataclass
class DonneesContact:
    canal: str
    besoins: list[str]
    conseils: str = ""
    code_bilan: str = ""
    suite: str = ""
    date_suivi: date | None = None
    suivi_fait: bool = False
    droits_identifies: list[dict] = field(default_factory=list)  # copied from a kept bilan
    date: object = None  # datetime, default now


def droits_depuis_code_bilan(code: str) -> list[dict] | None:
    """The eligible rights of a kept bilan, opened by its code, or None if unknown or expired.

    Copied from the bilan's result (`ResultatBilan` as JSON): no retyping."""
    conserve = ouvrir_bilan_conserve(code)
    if conserve is None:
        return None
    return [
        {
            "slug": d["slug"],
            "libelle": d.get("titre") or d["slug"],
            "montant_mensuel": float(d["montant_mensuel"]) if d.get("montant_mensuel") else None,
        }
        for d in conserve.resultat.get("droits", [])
        if d.get("eligible")
    ]


def _contact(d: DonneesContact) -> dict:
    propre = asdict(d)
    if propre["date"] is None:
        del propre["date"]
    return propre


def _toucher(personne: Personne, quand: date | None = None):
    Personne.objects.filter(pk=personne.pk).update(derniere_activite=quand or timezone.localdate())


@transaction.atomic
def enregistrer_contact(
    request, personne: Personne, d: DonneesContact, *, demande: Demande | None = None
) -> Contact:
    propre = _contact(d)
    acteur = acteur_de(request)
    contact = Contact.objects.create(
        personne=personne,
        structure_id=acteur.structure_id,
        agent=request.user,
        demande=demande,
        **propre,
    )
    if demande is not None and demande.statut == Demande.Statut.NOUVELLE:
        Demande.objects.filter(pk=demande.pk).update(
            statut=Demande.Statut.TRAITEE,
            traitee_le=timezone.now(),
            traitee_par=request.user,
            personne=personne,
        )
    _toucher(personne)
    suivre_droits_identifies(contact)
    journaliser(request, Action.CREATION, "contact", objet_id=contact.pk, personne=personne)
    return contact


# --- follow-up of the rights identified, calls with no answer --------------------------------


def suivre_droits_identifies(contact: Contact) -> int:
    """Each right identified in a contact (from a bilan's code) gets its follow-up line on the
    person's file, « à demander », unless it already has one (its status is kept)."""
    from decimal import Decimal, InvalidOperation

    crees = 0
    for d in contact.droits_identifies or []:
        slug = str(d.get("slug") or "")[:100]
        if not slug:
            continue
        try:
            montant = d.get("montant_mensuel")
            montant = None if montant is None else Decimal(str(montant)).quantize(Decimal("0.01"))
        except (InvalidOperation, ValueError):
            montant = None
        _, cree = SuiviDroit.objects.get_or_create(
            personne_id=contact.personne_id,
            droit=slug,
            defaults={
                "libelle": str(d.get("libelle") or slug)[:200],
                "montant_mensuel": montant,
                "contact": contact,
            },
        )
        crees += cree
    return crees


def ajouter_suivi_droit(request, personne: Personne, slug: str, libelle: str) -> SuiviDroit:
    """A right the agent identified without a bilan (from the catalogue), « à demander »."""
    suivi, cree = SuiviDroit.objects.get_or_create(
        personne=personne,
        droit=slug,
        defaults={"libelle": libelle, "modifie_par": request.user},
    )
    if not cree:
        raise ErreurChamps(
            [{"champ": "droit", "message": "Ce droit est déjà suivi dans ce dossier."}]
        )
    _toucher(personne)
    journaliser(request, Action.CREATION, "suivi_droit", objet_id=suivi.pk, personne=personne)
    return suivi


def changer_suivi_droit(request, suivi: SuiviDroit, statut: str) -> SuiviDroit:
    """Move a right's follow-up to « demandé », « obtenu », « refusé » (or back)."""
    if statut not in {s.value for s in regles.StatutDroit}:
        raise ErreurChamps([{"champ": "statut", "message": "Choisissez un état du suivi."}])
    suivi.statut = statut
    suivi.modifie_le = timezone.now()
    suivi.modifie_par = request.user
    suivi.save(update_fields=["statut", "modifie_le", "modifie_par"])
    _toucher(suivi.personne)
    journaliser(
        request, Action.MODIFICATION, "suivi_droit", objet_id=suivi.pk, personne=suivi.personne
    )
    return suivi


@transaction.atomic
def appel_sans_reponse(request, objet: Demande | Contact, rappeler_le: date | None):
    """An agent called (an online request, or a planned follow-up) and nobody answered: count
    the try and set the date of the next one, which the queue shows as due on that day."""
    erreur = regles.verifier_date_rappel(rappeler_le, timezone.localdate())
    if erreur:
        raise ErreurChamps([{"champ": "rappeler_le", "message": erreur}])
    if isinstance(objet, Demande):
        Demande.objects.filter(pk=objet.pk).update(
            appels_sans_reponse=F("appels_sans_reponse") + 1, rappeler_le=rappeler_le
        )
        personne, nom = objet.personne, "demande"
    else:
        Contact.objects.filter(pk=objet.pk).update(
            appels_sans_reponse=F("appels_sans_reponse") + 1,
            date_suivi=rappeler_le,
            suivi_fait=False,
        )
        personne, nom = objet.personne, "contact"
    objet.refresh_from_db()
    journaliser(request, Action.MODIFICATION, nom, objet_id=objet.pk, personne=personne)
    return objet


class ConflitDeVersion(Exception):
    """Someone else saved the record since it was read (optimistic locking)."""

    message = (
        "Ce contact a été modifié par quelqu'un d'autre pendant que vous le modifiiez. "
        "Vos changements n'ont pas été enregistrés : relisez la version à jour puis "
        "recommencez."
    )


@transaction.atomic
def modifier_contact(request, contact: Contact, d: DonneesContact, version_lue: int) -> Contact:
    propre = _contact(d)
    propre.pop("date", None)
    n = Contact.objects.filter(pk=contact.pk, version=version_lue).update(
        version=F("version") + 1, modifie_le=timezone.now(), **propre
    )
    if n == 0:
        raise ConflitDeVersion(ConflitDeVersion.message)
    contact.refresh_from_db()
    _toucher(contact.personne)
    suivre_droits_identifies(contact)
    journaliser(
        request, Action.MODIFICATION, "contact", objet_id=contact.pk, personne=contact.personne
    )
    return contact


# --- online requests ------------------------------------------------------------------------


@dataclass
class DonneesDemande:
    commune_code: str
    besoins: list[str]
    prenom: str = ""
    nom: str = ""
    telephone: str = ""
    courriel: str = ""
    moment_prefere: str = ""
    message: str = ""
    code_bilan: str = ""
    confirmation: list[str] = field(default_factory=list)


MOMENTS = regles.MOMENTS


def empreinte_ip(ip: str | None) -> str:
    """A salted, truncated hash of the address: enough to limit abuse, not to identify."""
    return limites.empreinte(ip)


def limite_demandes() -> int:
    """Call-back requests an address may send per hour (the public-form guard,
    `solidarites.formulaires_publics`, checks it before validating; `creer_demande` takes the
    unit in its transaction)."""
    return int(getattr(settings, "ACCUEIL_DEMANDES_PAR_HEURE", 5))


def hors_territoire(code: str) -> str:
    """For a commune outside the départements served: where the resident should go instead
    (empty when the commune is served)."""
    ref = referentiel.commune(code)
    if ref is None or ref.departement in settings.DEPARTEMENTS:
        return ""
    nom = referentiel.departements().get(ref.departement, ref.departement)
    servis = ", ".join(settings.DEPARTEMENTS.values())
    return (
        f"{ref.nom} ({nom}) n'est pas dans un département servi ici ({servis}) : personne ne "
        f"pourrait vous rappeler. Adressez-vous au CCAS de votre mairie ou aux services sociaux "
        f"du département ({nom}), ou composez le 3939 (Allô Service Public)."
    )


def bureau_pour(commune_code: str):
    """The MDS / EDS serving the commune; failing a sector, the département's own services
    (typologie "departement") so that no request is left in nobody's queue."""
    from annuaire.models import Structure
    from annuaire.selectors import bureau_local_pour_commune

    bureau = bureau_local_pour_commune(commune_code)
    if bureau is not None:
        return bureau
    ref = referentiel.commune(commune_code)
    if ref is None:
        return None
    return (
        Structure.objects.filter(typologie="departement", departement_id=ref.departement)
        .order_by("pk")
        .first()
    )


@transaction.atomic
def creer_demande(d: DonneesDemande, ip: str | None) -> Demande:
    propre = asdict(d)
    # Counted in this transaction: parallel requests cannot pass the limit (solidarites.limites).
    prendre_une_demande("demande", ip, limite_demandes())
    structure = bureau_pour(propre["commune_code"])
    for _ in range(5):
        ref = regles.nouvelle_reference("D")
        if not Demande.objects.filter(reference=ref).exists():
            break
    demande = Demande.objects.create(
        reference=ref,
        structure=structure,
        empreinte_ip=empreinte_ip(ip),
        **propre,
    )
    envoyer_confirmation(demande)
    return demande


URGENCES_SMS = "Urgence : 17 ou 112 ; violences femmes 3919 ; enfant en danger 119 ; 115."


def texte_confirmation(demande: Demande, *, court: bool = False) -> str:
    """What the person receives (e-mail, or the shorter SMS): the reference, the office the
    request went to and its phone, the delay, the emergency numbers. Nothing else about them."""
    s = demande.structure
    bureau = s.nom if s else "les services sociaux du Département"
    tel = s.telephone if s and s.telephone else ""
    if court:
        appel = f" Tél. : {tel}." if tel else ""
        return (
            f"Demande {demande.reference} reçue par {bureau}. Un agent vous recontacte sous "
            f"2 jours ouvrés.{appel} {URGENCES_SMS}"
        )
    lignes = [
        "Bonjour,",
        "",
        f"Votre demande est bien reçue. Son numéro : {demande.reference}.",
        f"Elle est arrivée à : {bureau}. Un agent vous recontacte, en général sous 2 jours ouvrés.",
    ]
    if tel:
        lignes.append(
            f"Vous pouvez aussi les appeler au {tel}, en donnant votre numéro de demande."
        )
    if demande.code_bilan:
        lignes.append(f"Votre bilan des droits ({demande.code_bilan}) est joint à la demande.")
    lignes += [
        "",
        "En cas d'urgence : 115 (hébergement d'urgence), 3919 (violences femmes info), "
        "119 (enfance en danger), 17 ou 112 (police, secours).",
        "",
        "Ce message vous est envoyé parce que vous l'avez demandé en remplissant le formulaire "
        "« Être rappelé(e), être aidé(e) ». Ne répondez pas à ce message.",
    ]
    return "\n".join(lignes)


def envoyer_confirmation(demande: Demande) -> list[str]:
    """Send the confirmation by the channels the person chose (e-mail, SMS), through the durable
    queue, after the commit. Returns the channels used. Nothing is logged about the person."""
    from solidarites import envois
    from solidarites.taches import programmer_courriel, programmer_sms

    canaux = []
    try:
        if "courriel" in demande.confirmation and demande.courriel:
            programmer_courriel(
                demande.courriel,
                f"Votre demande {demande.reference} est bien reçue",
                texte_confirmation(demande),
            )
            canaux.append("courriel")
        if "sms" in demande.confirmation and demande.telephone:
            programmer_sms(demande.telephone, texte_confirmation(demande, court=True))
            canaux.append("sms")
    except envois.EnvoiImpossible:
        pass  # the form checked the address and the number: the request stands anyway
    return canaux


@transaction.atomic
def clore_demande(request, demande: Demande) -> bool:
    """Close a request without a file (spam, duplicate, person reached elsewhere)."""
    n = Demande.objects.filter(pk=demande.pk, statut=Demande.Statut.NOUVELLE).update(
        statut=Demande.Statut.TRAITEE, traitee_le=timezone.now(), traitee_par=request.user
    )
    if n:
        journaliser(request, Action.MODIFICATION, "demande", objet_id=demande.pk)
    return bool(n)


# --- orientations ---------------------------------------------------------------------------


def destination_permise(acteur, structure) -> bool:
    """An agent orients within its own département, or to a structure without one."""
    dep = acteur.departement
    return not dep or structure.departement_id in (None, dep)


@transaction.atomic
def orienter(
    request,
    personne: Personne,
    *,
    structure_destination,
    motif: str,
    elements_partages: list[str],
    envoyer: bool = True,
    contact: Contact | None = None,
) -> Orientation:
    erreurs: dict[str, str] = {}
    acteur = acteur_de(request)
    elements = list(elements_partages)
    if structure_destination is None:
        erreurs["structure_destination"] = "Choisissez la structure vers qui orienter."
    elif structure_destination.pk == acteur.structure_id:
        erreurs["structure_destination"] = "Choisissez une autre structure que la vôtre."
    elif not destination_permise(acteur, structure_destination):
        # The same rule for the page and the API: its own département, or a national service.
        erreurs["structure_destination"] = (
            "Cette structure est dans un autre département : orientez vers une structure de "
            "votre département ou un service national."
        )
    hors_consentement = [e for e in elements if e not in (personne.partage_autorise or [])]
    if hors_consentement:
        erreurs["elements_partages"] = (
            "La personne n'a pas accepté de partager : "
            + ", ".join(hors_consentement)
            + ". Modifiez d'abord ses choix de partage."
        )
    elif "identite" not in elements:
        erreurs["elements_partages"] = (
            "Pour orienter, la personne doit accepter de partager au moins son identité."
        )
    _lever(erreurs)
    maintenant = timezone.now()
    o = Orientation.objects.create(
        personne=personne,
        contact=contact,
        structure_origine_id=acteur.structure_id,
        structure_destination=structure_destination,
        agent=request.user,
        motif=motif,
        elements_partages=elements,
        statut=S.ENVOYEE if envoyer else S.PROPOSEE,
        envoyee_le=maintenant if envoyer else None,
    )
    _toucher(personne)
    journaliser(request, Action.ORIENTATION, "orientation", objet_id=o.pk, personne=personne)
    return o


@transaction.atomic
def changer_statut(
    request, orientation: Orientation, vers: str, *, qui: str, motif_refus="", commentaire=""
) -> Orientation:
    """Move an orientation along the state machine (locked row: two answers can't cross)."""
    o = Orientation.objects.select_for_update().get(pk=orientation.pk)
    try:
        regles.verifier_transition(o.statut, vers, qui, motif_refus)
    except regles.TransitionInterdite as e:
        champ = "motif_refus" if vers == S.REFUSEE and not motif_refus else "statut"
        raise ErreurChamps({champ: str(e)}) from e
    maintenant = timezone.now()
    o.statut = vers
    if vers == S.ENVOYEE:
        o.envoyee_le = maintenant
    elif vers in regles.STATUTS_REPONSE:
        o.repondue_le = maintenant
        o.repondue_par = request.user if request else None
        o.motif_refus = motif_refus if vers == S.REFUSEE else ""
        o.commentaire_reponse = commentaire
    elif vers == S.REALISEE:
        o.realisee_le = maintenant
        o.commentaire_reponse = commentaire or o.commentaire_reponse
    elif vers == S.EXPIREE:
        o.expiree_le = maintenant
    o.version += 1
    o.save()
    _toucher(o.personne)
    if request is not None:
        journaliser(request, Action.REPONSE, "orientation", objet_id=o.pk, personne=o.personne)
    return o


def relancer_orientations(maintenant=None) -> dict[str, int]:
    """Flag orientations without answer after the follow-up delay; expire them after the expiry
    delay. Idempotent."""
    maintenant = maintenant or timezone.now()
    compte = {"relancees": 0, "expirees": 0}
    e_rel, e_exp = jours_relance(), jours_expiration()
    for o in Orientation.objects.filter(statut=S.ENVOYEE).iterator():
        action = regles.action_relance(
            o.statut, o.envoyee_le, o.relancee_le is not None, maintenant, e_rel, e_exp
        )
        if action == "relancer":
            with transaction.atomic():
                n = Orientation.objects.filter(
                    pk=o.pk, statut=S.ENVOYEE, relancee_le__isnull=True
                ).update(relancee_le=maintenant)
                compte["relancees"] += n
        elif action == "expirer":
            with transaction.atomic():
                n = Orientation.objects.filter(pk=o.pk, statut=S.ENVOYEE).update(
                    statut=S.EXPIREE,
                    expiree_le=maintenant,
                    relancee_le=o.relancee_le or maintenant,
                    version=F("version") + 1,
                )
                compte["expirees"] += n
    return compte


# --- RGPD -----------------------------------------------------------------------------------


def a_anonymiser(aujourdhui: date | None = None, *, jours: int | None = None):
    """The files and online requests past the retention period and not yet anonymised: what
    `anonymiser_inactifs` changes (its dry run lists them)."""
    aujourdhui = aujourdhui or timezone.localdate()
    jours = jours if jours is not None else jours_retention()
    limite = regles.date_limite_retention(aujourdhui, jours)
    personnes = Personne.objects.filter(anonymise_le__isnull=True, derniere_activite__lt=limite)
    demandes = Demande.objects.filter(
        anonymise_le__isnull=True, cree_le__lt=timezone.now() - timedelta(days=jours)
    )
    return personnes, demandes


def anonymiser_inactifs(aujourdhui: date | None = None, *, jours: int | None = None) -> dict:
    """Anonymise files whose last activity is older than the retention period, and online
    requests older than it. Idempotent; keeps non-identifying figures for statistics."""
    personnes, demandes = a_anonymiser(aujourdhui, jours=jours)
    maintenant = timezone.now()
    compte = {"dossiers": 0, "demandes": 0}
    ids = list(personnes.values_list("pk", flat=True))
    for pk in ids:
        with transaction.atomic():
            p = Personne.objects.select_for_update().get(pk=pk)
            if p.anonymise_le is not None:
                continue
            p.nom = p.prenom = "Anonyme"
            p.date_naissance = None
            p.telephone = p.courriel = ""
            p.commune_code = p.commune_code  # kept for territorial statistics
            p.anonymise_le = maintenant
            p.save()
            p.contacts.update(conseils="", suite="", code_bilan="", droits_identifies=[])
            p.orientations.update(motif="", motif_refus="", commentaire_reponse="")
            p.demandes.update(
                nom="",
                prenom="",
                telephone="",
                courriel="",
                message="",
                code_bilan="",
                empreinte_ip="",
                anonymise_le=maintenant,
            )
            journaliser(
                None, Action.ANONYMISATION, "personne", objet_id=p.pk, personne=p, canal="commande"
            )
            compte["dossiers"] += 1
    compte["demandes"] = demandes.update(
        nom="",
        prenom="",
        telephone="",
        courriel="",
        message="",
        code_bilan="",
        empreinte_ip="",
        anonymise_le=maintenant,
    )
    return compte


def export_personne(personne: Personne) -> dict:
    """Everything held about one person (right of access, art. 15 RGPD), plain JSON types."""

    def dt(v):
        return v.isoformat() if v else None

    return {
        "dossier": {
            "reference": personne.reference,
            "structure": personne.structure.nom,
            "nom": personne.nom,
            "prenom": personne.prenom,
            "date_naissance": dt(personne.date_naissance),
            "commune_code": personne.commune_code,
            "telephone": personne.telephone,
            "courriel": personne.courriel,
            "partage_autorise": personne.partage_autorise,
            "consentement_le": dt(personne.consentement_le),
            "cree_le": dt(personne.cree_le),
            "derniere_activite": dt(personne.derniere_activite),
        },
        "contacts": [
            {
                "date": dt(c.date),
                "structure": c.structure.nom,
                "canal": regles.CANAUX.get(c.canal, c.canal),
                "besoins": c.besoins_libelles,
                "conseils": c.conseils,
                "code_bilan": c.code_bilan,
                "droits_identifies": c.droits_identifies,
                "suite": c.suite,
                "date_suivi": dt(c.date_suivi),
            }
            for c in personne.contacts.select_related("structure")
        ],
        "orientations": [
            {
                "date": dt(o.cree_le),
                "vers": o.structure_destination.nom,
                "motif": o.motif,
                "elements_partages": o.elements_partages,
                "statut": regles.STATUTS.get(o.statut, o.statut),
                "motif_refus": o.motif_refus,
            }
            for o in personne.orientations.select_related("structure_destination")
        ],
        "droits_suivis": [
            {
                "droit": sd.libelle,
                "montant_mensuel": float(sd.montant_mensuel) if sd.montant_mensuel else None,
                "statut": regles.StatutDroit(sd.statut).label,
                "modifie_le": dt(sd.modifie_le),
            }
            for sd in personne.suivis_droits.all()
        ],
        "demandes_en_ligne": [
            {
                "reference": d.reference,
                "date": dt(d.cree_le),
                "besoins": d.besoins_libelles,
                "message": d.message,
            }
            for d in personne.demandes.all()
        ],
    }
