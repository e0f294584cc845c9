"""Pages of the single fund. Thin: every page goes through the gate (comptes.acces), reads with
the selectors, writes with the services, and audits each read of an application."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from accueil.models import Personne, nom_commune
from aides_financieres import perms, regles, selectors, services
from aides_financieres.bareme import (
    BENEFICIAIRES,
    BESOINS,
    CHARGES,
    FORMES,
    bareme_du_departement,
    baremes,
    en_euros,
    rapport_harmonisation,
)
from aides_financieres.formulaires import (
    LIGNES_BESOINS,
    LIGNES_PERSONNES,
    PRESTATIONS,
    REVENUS,
    decision_depuis_post,
    demande_depuis_post,
    version,
)
from aides_financieres.models import (
    AideAccordee,
    Commission,
    DemandeAide,
    Enveloppe,
    LettreNotification,
    Paiement,
)
from bilan.moteur.situation import ACTIVITES, ROLES, STATUTS_LOGEMENT
from comptes.acces import acteur, objet_ou_refus, page, page_publique
from comptes.audit import Action, journaliser
from solidarites import recherche
from solidarites.erreurs import ErreurChamps
from solidarites.pdf import reponse_pdf
from solidarites.tableur import ecrivain_csv

ROLES_FOYER = {k: v for k, v in ROLES.items() if k != "demandeur"} | {"demandeur": "Demandeur"}
# The list of the applications: 50 a page, the columns it shows.
PAR_PAGE = 50
COLONNES_LISTE = (
    "pk",
    "reference",
    "demo",
    "statut",
    "montant_demande",
    "montant_propose",
    "montant_accorde",
    "deposee_le",
    "cree_le",
    "personne__nom",
    "personne__prenom",
    "structure__nom",
)


def _erreurs(exc: ErreurChamps) -> dict[str, str]:
    return {e["champ"]: e["message"] for e in exc.erreurs}


def _contexte_formulaire(situation, prestations, charges, besoins, **autres) -> dict:
    personnes = list(situation.get("personnes") or [])
    lignes = personnes + [{}] * (LIGNES_PERSONNES - len(personnes))
    besoins = list(besoins) + [{}] * (LIGNES_BESOINS - len(besoins))
    return {
        "situation": situation,
        "lignes_personnes": list(enumerate(lignes[:LIGNES_PERSONNES])),
        "lignes_besoins": list(enumerate(besoins[:LIGNES_BESOINS])),
        "prestations": [(k, v, (prestations or {}).get(k, "")) for k, v in PRESTATIONS.items()],
        "prestations_autres": {
            k: v for k, v in (prestations or {}).items() if k not in PRESTATIONS
        },
        "charges": [(k, v, (charges or {}).get(k, "")) for k, v in CHARGES.items()],
        "ROLES": ROLES_FOYER,
        "ACTIVITES": ACTIVITES,
        "STATUTS_LOGEMENT": STATUTS_LOGEMENT,
        "BESOINS": BESOINS,
        "BENEFICIAIRES": BENEFICIAIRES,
        "REVENUS": REVENUS,
        **autres,
    }


def _besoins_post(post) -> list[dict]:
    return [
        {
            "besoin": post.get(f"b{i}-besoin", ""),
            "montant": post.get(f"b{i}-montant", ""),
            "creancier": post.get(f"b{i}-creancier", ""),
            "creancier_nom": post.get(f"b{i}-creancier_nom", ""),
            "precision": post.get(f"b{i}-precision", ""),
        }
        for i in range(LIGNES_BESOINS)
    ]


# -- Applications ------------------------------------------------------------------------------


@page(perms.peut_lister_demandes)
def demandes(request):
    a = acteur(request)
    # The name searched is posted and kept in the session: never in the URL (access logs).
    criteres = recherche.criteres(request, "aides-demandes")
    if isinstance(criteres, HttpResponse):
        return criteres
    statut = criteres.get("statut", "")
    statut = statut if statut in regles.STATUTS else ""
    q = criteres.get("q", "")
    # 50 a page with their number, only the columns shown (was: the first 200, whole rows).
    qs = (
        selectors.demandes_du_tableau(
            DemandeAide.objects.visibles_par(a), statut=statut, recherche=q
        )
        .select_related(None)
        .select_related("personne", "structure")
        .only(*COLONNES_LISTE)
    )
    page_ = Paginator(qs, PAR_PAGE).get_page(request.GET.get("page"))
    journaliser(request, Action.LISTE, "demande_aide")
    parametres = request.GET.copy()
    parametres.pop("page", None)
    return render(
        request,
        "aides_financieres/demandes.html",
        {
            "title": "Demandes d'aide financière",
            "demandes": page_.object_list,
            "page": page_,
            "parametres": parametres.urlencode(),
            "statut": statut,
            "q": q,
            "STATUTS": regles.STATUTS,
            "deposant": perms.est_deposant(a),
        },
    )


@page(perms.peut_deposer)
@require_http_methods(["GET", "POST"])
def nouvelle(request, personne_pk):
    a = acteur(request)
    personne = objet_ou_refus(
        request, Personne.objects.visibles_par(acteur(request)), personne_pk, objet="personne"
    )
    from annuaire.models import Structure

    structure = Structure.objects.get(pk=a.structure_id)
    erreurs: dict[str, str] = {}
    if request.method == "POST" and "reprendre" not in request.POST:
        donnees = demande_depuis_post(request.POST)
        try:
            d = services.creer_demande(
                request, personne, structure, donnees, deposer="deposer" in request.POST
            )
        except ErreurChamps as exc:
            erreurs = _erreurs(exc)
        else:
            messages.success(
                request,
                f"Demande {d.reference} enregistrée"
                + (" et déposée." if d.statut == "deposee" else " (brouillon)."),
            )
            return redirect("aides_financieres:demande", pk=d.pk)
        contexte = _contexte_formulaire(
            donnees.situation,
            {k: v for k, v in donnees.prestations.items()},
            donnees.charges,
            _besoins_post(request.POST),
            evaluation_sociale=donnees.evaluation_sociale,
            code_bilan=donnees.code_bilan,
            source="votre saisie",
        )
    else:
        code = (request.POST.get("code_bilan") or request.GET.get("code_bilan") or "").strip()
        try:
            pre = services.pre_remplissage(personne, code)
        except ErreurChamps as exc:
            erreurs = _erreurs(exc)
            pre = services.pre_remplissage(personne)
        contexte = _contexte_formulaire(
            pre["situation"],
            pre["prestations"],
            {},
            [],
            code_bilan=pre["code_bilan"] or code,
            source=pre["source"],
            evaluation_sociale="",
        )
    journaliser(request, Action.CONSULTATION, "personne", objet_id=personne.pk, personne=personne)
    return render(
        request,
        "aides_financieres/demande_form.html",
        contexte
        | {
            "title": "Nouvelle demande d'aide financière",
            "personne": personne,
            "erreurs": erreurs,
            "action": request.path,
        },
        status=400 if erreurs and request.method == "POST" else 200,
    )


@page(perms.peut_lister_demandes)
@require_http_methods(["GET", "POST"])
def modifier(request, pk):
    d = selectors.demande_ou_refus(request, pk, pour=selectors.peut_modifier, consulter=True)
    erreurs: dict[str, str] = {}
    if request.method == "POST":
        donnees = demande_depuis_post(request.POST)
        try:
            services.modifier_demande(request, d, donnees, version(request.POST))
        except services.ConflitDeVersion as exc:
            messages.error(request, str(exc))
            return redirect("aides_financieres:demande", pk=d.pk)
        except ErreurChamps as exc:
            erreurs = _erreurs(exc)
        else:
            messages.success(request, "Demande modifiée ; la proposition est recalculée.")
            return redirect("aides_financieres:demande", pk=d.pk)
        contexte = _contexte_formulaire(
            donnees.situation,
            donnees.prestations,
            donnees.charges,
            _besoins_post(request.POST),
            evaluation_sociale=donnees.evaluation_sociale,
            code_bilan=donnees.code_bilan,
        )
    else:
        contexte = _contexte_formulaire(
            d.situation,
            d.prestations,
            d.charges,
            [
                {
                    "besoin": b.besoin,
                    "montant": b.montant,
                    "creancier": b.creancier,
                    "creancier_nom": b.creancier_nom,
                    "precision": b.precision,
                }
                for b in d.besoins.all()
            ],
            evaluation_sociale=d.evaluation_sociale,
            code_bilan=d.code_bilan,
        )
    return render(
        request,
        "aides_financieres/demande_form.html",
        contexte
        | {
            "title": f"Modifier la demande {d.reference}",
            "personne": d.personne,
            "demande": d,
            "erreurs": erreurs,
            "action": request.path,
        },
        status=400 if erreurs else 200,
    )


@page(perms.peut_lister_demandes)
def demande(request, pk):
    a = acteur(request)
    d = selectors.demande_ou_refus(request, pk, consulter=True)
    commissions = (
        Commission.objects.filter(
            departement=d.departement, tenue=False, date__gte=timezone.localdate()
        ).order_by("date")[:10]
        if perms.peut_instruire(a, d.departement)
        else []
    )
    mode = services.mode_requis(d)
    lettres = {x.decision_id: x for x in LettreNotification.objects.filter(decision__demande=d)}
    derniere = d.decisions.order_by("-le", "-pk").values_list("pk", flat=True).first()
    return render(
        request,
        "aides_financieres/demande.html",
        {
            "title": f"Demande {d.reference}",
            "d": d,
            "besoins": d.besoins.all(),
            "pieces": d.pieces.all(),
            "historique": d.historique.all(),
            "decisions": d.decisions.prefetch_related("aides").all(),
            "aides": d.aides.prefetch_related("paiements", "echeances").all(),
            "commissions": commissions,
            "PIECES": regles.PIECES,
            "peut_modifier": perms.peut_modifier_demande(
                a, d.structure_id, d.departement, d.statut
            ),
            "peut_deposer": d.statut == "brouillon"
            and perms.peut_modifier_demande(a, d.structure_id, d.departement, d.statut),
            "peut_instruire": perms.peut_instruire(a, d.departement),
            "peut_decider": d.statut in ("en_instruction", "ajournee", "en_commission")
            and selectors.peut_decider(a, d),
            "lettres": lettres,
            "aujourdhui": timezone.localdate(),
            "derniere_lettre_envoyee": any(
                x.envoyee_le for x in lettres.values() if x.decision_id == derniere
            ),
            "CANAUX_NOTIFICATION": regles.CANAUX_NOTIFICATION,
            "peut_noter_envoi": selectors.peut_instruire_ou_deposant(a, d),
            "mode_requis": mode,
            "peut_payer": perms.peut_payer(a, d.departement),
            "suivants": [
                (s, regles.STATUTS[s])
                for s in ("complete", "en_instruction", "classee")
                if regles.transition_permise(d.statut, s)
            ],
            "FORMES": FORMES,
            "BENEFICIAIRES": BENEFICIAIRES,
            "situation": d.situation,
            "commune_nom": nom_commune(d.situation.get("commune", "")),
            "prestations": [(PRESTATIONS.get(k, k), v) for k, v in d.prestations.items()],
            "charges": [(CHARGES.get(k, k), v) for k, v in d.charges.items()],
            "ROLES": ROLES_FOYER,
            "ACTIVITES": ACTIVITES,
            "STATUTS_LOGEMENT": STATUTS_LOGEMENT,
        },
    )


@page(perms.peut_lister_demandes)
@require_POST
def statut(request, pk):
    vers = request.POST.get("statut", "")
    d = selectors.demande_ou_refus(request, pk, pour=selectors.regle_statut(vers))
    try:
        services.changer_statut(
            request, d, vers, version(request.POST), request.POST.get("commentaire", "")
        )
    except (ErreurChamps, services.ConflitDeVersion) as exc:
        messages.error(request, _texte(exc))
    else:
        messages.success(request, f"Statut : {d.statut_libelle}.")
    return redirect("aides_financieres:demande", pk=d.pk)


def _date_saisie(request, champ: str, libelle: str) -> dt.date | None:
    """A date typed in a form (empty: None), else ErreurChamps naming the field."""
    valeur = request.POST.get(champ, "")
    if not valeur:
        return None
    try:
        return dt.date.fromisoformat(valeur)
    except ValueError:
        raise ErreurChamps(
            {champ: f"{libelle} : une date au format JJ/MM/AAAA est attendue."}
        ) from None


def _texte(exc) -> str:
    if isinstance(exc, ErreurChamps):
        return " ".join(e["message"] for e in exc.erreurs)
    return str(exc)


@page(perms.peut_lister_demandes)
@require_POST
def inscrire(request, pk):
    d = selectors.demande_ou_refus(request, pk, pour=selectors.peut_instruire)
    commission = Commission.objects.filter(
        pk=request.POST.get("commission") or 0, departement=d.departement
    ).first()
    if commission is None:
        messages.error(request, "Commission : choisissez une séance.")
        return redirect("aides_financieres:demande", pk=d.pk)
    try:
        services.inscrire_commission(request, d, commission, version(request.POST))
    except (ErreurChamps, services.ConflitDeVersion) as exc:
        messages.error(request, _texte(exc))
    else:
        messages.success(request, f"Inscrite à l'ordre du jour de la {commission}.")
    return redirect("aides_financieres:demande", pk=d.pk)


@page(perms.peut_lister_demandes)
@require_POST
def piece_ajouter(request, pk):
    d = selectors.demande_ou_refus(request, pk, pour=selectors.peut_ajouter_piece)
    try:
        services.ajouter_piece(
            request, d, request.FILES.get("fichier"), request.POST.get("nature", "")
        )
    except ErreurChamps as exc:
        messages.error(request, "Pièce non enregistrée : " + _texte(exc))
    else:
        messages.success(request, "Pièce ajoutée.")
    return redirect("aides_financieres:demande", pk=d.pk)


@page(perms.peut_lister_demandes)
def piece(request, pk):
    p = selectors.piece_ou_refus(request, pk)
    try:
        fichier = p.fichier.open("rb")
    except FileNotFoundError:
        raise Http404("Ressource introuvable.") from None
    reponse = FileResponse(fichier, content_type=p.type_mime, as_attachment=True, filename=p.nom)
    reponse["X-Content-Type-Options"] = "nosniff"
    reponse["Cache-Control"] = "no-store"
    reponse["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return reponse


@page(perms.peut_lister_demandes)
@require_http_methods(["GET", "POST"])
def decider(request, pk):
    try:
        d = selectors.demande_ou_refus(
            request,
            pk,
            pour=selectors.peut_decider,
            consulter=request.method == "GET",
            version_lue=version(request.POST) if request.method == "POST" else None,
        )
    except services.ConflitDeVersion as exc:
        messages.error(request, str(exc))
        return redirect("aides_financieres:demande", pk=pk)
    mode = "commission" if d.statut == "en_commission" else "delegation"
    if d.statut not in ("en_instruction", "ajournee", "en_commission"):
        messages.error(
            request,
            f"Une demande « {d.statut_libelle} » n'attend pas de décision : mettez-la d'abord "
            "en instruction.",
        )
        return redirect("aides_financieres:demande", pk=d.pk)
    erreurs: dict[str, str] = {}
    bareme = bareme_du_departement(d.departement)
    if request.method == "POST":
        try:
            services.decider(request, d, decision_depuis_post(request.POST), version(request.POST))
        except services.ConflitDeVersion as exc:
            messages.error(request, str(exc))
            return redirect("aides_financieres:demande", pk=d.pk)
        except ErreurChamps as exc:
            erreurs = _erreurs(exc)
        else:
            d.refresh_from_db()
            messages.success(request, f"Décision enregistrée : {d.statut_libelle}.")
            return redirect("aides_financieres:demande", pk=d.pk)
        lignes = [
            {
                "fonds": request.POST.get(f"l{i}-fonds", ""),
                "montant": request.POST.get(f"l{i}-montant", ""),
                "besoin": request.POST.get(f"l{i}-besoin", ""),
                "beneficiaire_nom": request.POST.get(f"l{i}-beneficiaire_nom", ""),
            }
            for i in range(4)
        ]
    else:
        noms = {b.besoin: b.creancier_nom for b in d.besoins.all()}
        lignes = [
            {
                "fonds": ligne["fonds"],
                "montant": ligne["montant"],
                "besoin": ligne["besoin"],
                "beneficiaire_nom": noms.get(ligne["besoin"], ""),
            }
            for ligne in (d.proposition or {}).get("lignes", [])
        ]
        lignes += [{}] * max(0, 4 - len(lignes))
    return render(
        request,
        "aides_financieres/decision.html",
        {
            "title": f"Décision sur la demande {d.reference}",
            "d": d,
            "mode": mode,
            "lignes": list(enumerate(lignes[:4])),
            "fonds": bareme.fonds,
            "BESOINS": BESOINS,
            "DECISIONS": regles.DECISIONS,
            "MOTIFS": regles.MOTIFS_REFUS,
            "erreurs": erreurs,
            "post": request.POST if request.method == "POST" else {},
        },
        status=400 if erreurs else 200,
    )


@page(perms.peut_lister_demandes)
def lettre(request, pk):
    """The kept copy of the latest decision's letter (generated once, then always the same)."""
    d = selectors.demande_ou_refus(request, pk)
    decision = d.decisions.order_by("-le", "-pk").first()
    if decision is None:
        raise Http404("Aucune décision : la lettre n'existe pas encore.")
    lettre = services.lettre_de(decision)
    journaliser(request, Action.EXPORT, "lettre_aide", objet_id=lettre.pk, personne=d.personne)
    return selectors.reponse_lettre(lettre, d.reference)


@page(perms.peut_lister_demandes)
@require_POST
def lettre_envoi(request, pk):
    """Record that the latest decision's letter was sent (date, channel, by whom)."""
    d = selectors.demande_ou_refus(request, pk, pour=selectors.peut_instruire_ou_deposant)
    decision = d.decisions.order_by("-le", "-pk").first()
    if decision is None:
        messages.error(request, "Aucune décision : il n'y a pas encore de lettre à envoyer.")
        return redirect("aides_financieres:demande", pk=d.pk)
    try:
        lettre = services.noter_envoi_lettre(request, decision, request.POST.get("canal", ""))
    except ErreurChamps as exc:
        messages.error(request, "Envoi non noté : " + _texte(exc))
    else:
        messages.success(request, f"Lettre notée envoyée ({lettre.canal_libelle.lower()}).")
    return redirect(f"/aides-financieres/demandes/{d.pk}/#decisions")


@page(perms.est_service_du_departement)
def instruction(request):
    a = acteur(request)
    qs = selectors.file_instruction(
        DemandeAide.objects.visibles_par(a).select_related("personne", "structure")
    )
    journaliser(request, Action.LISTE, "demande_aide")
    aujourdhui = timezone.now()
    return render(
        request,
        "aides_financieres/instruction.html",
        {
            "title": "File d'instruction",
            "demandes": [
                (d, (aujourdhui - d.deposee_le).days if d.deposee_le else None) for d in qs[:300]
            ],
        },
    )


# -- Commissions -------------------------------------------------------------------------------


@page(perms.peut_voir_commissions)
@require_http_methods(["GET", "POST"])
def commissions(request):
    a = acteur(request)
    erreurs = {}
    if request.method == "POST":
        if not perms.peut_gerer_commissions(a):
            raise PermissionDenied(perms.peut_gerer_commissions.refus)
        try:
            date = dt.date.fromisoformat(request.POST.get("date", ""))
        except ValueError:
            erreurs["date"] = "Date de la séance : une date au format JJ/MM/AAAA est attendue."
        else:
            if date < timezone.localdate() - dt.timedelta(days=1):
                erreurs["date"] = "Date de la séance : une séance se prévoit aujourd'hui ou après."
        if not erreurs:
            c = Commission.objects.create(
                departement=a.departement,
                date=date,
                lieu=request.POST.get("lieu", "")[:200],
                presidence=request.POST.get("presidence", "")[:150],
            )
            messages.success(request, f"{c} prévue.")
            return redirect("aides_financieres:commission", pk=c.pk)
    qs = Commission.objects.visibles_par(a).prefetch_related("demandes")
    return render(
        request,
        "aides_financieres/commissions.html",
        {
            "title": "Commissions des aides financières",
            "a_venir": [c for c in qs if not c.tenue],
            "tenues": [c for c in qs if c.tenue][:24],
            "peut_gerer": perms.peut_gerer_commissions(a),
            "erreurs": erreurs,
        },
        status=400 if erreurs else 200,
    )


@page(perms.peut_voir_commissions)
@require_http_methods(["GET", "POST"])
def commission(request, pk):
    a = acteur(request)
    c = objet_ou_refus(request, Commission.objects.visibles_par(a), pk, objet="commission_aide")
    if request.method == "POST":
        if not perms.peut_gerer_commissions(a):
            raise PermissionDenied(perms.peut_gerer_commissions.refus)
        c.membres = request.POST.get("membres", "")[:2000]
        c.observations = request.POST.get("observations", "")[:4000]
        c.presidence = request.POST.get("presidence", c.presidence)[:150]
        if "clore" in request.POST:
            restantes = c.demandes.filter(statut="en_commission").count()
            if restantes:
                messages.error(
                    request,
                    f"{restantes} demande(s) de l'ordre du jour sans décision : décidez-les "
                    "(ou ajournez-les) avant de clore la séance.",
                )
                return redirect("aides_financieres:commission", pk=c.pk)
            c.tenue = True
        c.save()
        messages.success(request, "Séance enregistrée.")
        return redirect("aides_financieres:commission", pk=c.pk)
    ordre = c.demandes.select_related("personne", "structure").order_by("pk")
    journaliser(request, Action.LISTE, "demande_aide")
    return render(
        request,
        "aides_financieres/commission.html",
        {
            "title": str(c),
            "c": c,
            "ordre": ordre,
            "decisions": c.decisions.select_related("demande").order_by("pk"),
            "peut_gerer": perms.peut_gerer_commissions(a),
            "peut_decider": perms.peut_decider(
                a, c.departement, "commission", services.est_present(c, a.utilisateur_id)
            ),
            "membres": services.presences(c),
            "peut_noter": perms.peut_noter_presences(a, c.departement) and not c.tenue,
        },
    )


@page(perms.peut_voir_commissions)
@require_POST
def presences(request, pk):
    a = acteur(request)
    c = objet_ou_refus(request, Commission.objects.visibles_par(a), pk, objet="commission_aide")
    if not perms.peut_noter_presences(a, c.departement):
        raise PermissionDenied("Seul le service des aides financières note les présences.")
    try:
        services.noter_presences(request, c, request.POST.getlist("presents"))
    except ErreurChamps as exc:
        messages.error(request, "Présences non enregistrées : " + _texte(exc))
    else:
        messages.success(request, "Présences enregistrées.")
    return redirect("aides_financieres:commission", pk=c.pk)


@page(perms.peut_voir_commissions)
def proces_verbal(request, pk):
    a = acteur(request)
    c = objet_ou_refus(request, Commission.objects.visibles_par(a), pk, objet="commission_aide")
    journaliser(request, Action.EXPORT, "commission_aide", objet_id=c.pk)
    decisions = c.decisions.select_related("demande", "par").prefetch_related("aides")
    membres = services.presences(c)
    return reponse_pdf(
        "aides_financieres/proces_verbal_pdf.html",
        {
            "c": c,
            "decisions": decisions,
            "bareme": bareme_du_departement(c.departement),
            "total": sum((x.montant for x in decisions), Decimal(0)),
            "demo": c.demo,
            "titre": f"Procès-verbal — {c}",
            "presents": [m["nom"] for m in membres if m["present"]],
            "absents": [m["nom"] for m in membres if not m["present"]],
            "MOTIFS": regles.MOTIFS_REFUS,
        },
        f"proces-verbal-commission-{c.date:%Y-%m-%d}.pdf",
        request,
    )


# -- Payments ----------------------------------------------------------------------------------


@page(perms.peut_voir_paiements)
def paiements(request):
    a = acteur(request)
    aides = (
        AideAccordee.objects.visibles_par(a)
        .filter(demande__statut__in=("accordee", "partiellement_accordee"))
        .select_related("demande")
        .prefetch_related(Prefetch("paiements"))
        .order_by("decision__le")
    )
    a_payer = [x for x in aides if x.reste_a_payer > 0][:200]
    faits = (
        Paiement.objects.filter(aide__demande__departement=a.departement)
        .select_related("aide", "aide__demande")
        .order_by("-date_paiement", "-pk")[:100]
    )
    journaliser(request, Action.LISTE, "paiement_aide")
    aujourdhui = timezone.localdate()
    return render(
        request,
        "aides_financieres/paiements.html",
        {
            "title": "Paiements des aides financières",
            "a_payer": a_payer,
            "faits": faits,
            "BENEFICIAIRES": BENEFICIAIRES,
            "FORMES": FORMES,
            "peut_payer": perms.peut_payer(a, a.departement),
            "du": aujourdhui.replace(day=1).isoformat(),
            "au": aujourdhui.isoformat(),
        },
    )


@page(perms.peut_voir_paiements)
@require_POST
def payer(request, pk):
    aide = selectors.aide_ou_refus(request, pk, pour=selectors.peut_payer)
    try:
        p = services.payer(
            request,
            aide,
            request.POST.get("montant", ""),
            date=_date_saisie(request, "date_paiement", "Date du paiement"),
            reference_mandat=request.POST.get("reference_mandat", ""),
        )
    except ErreurChamps as exc:
        messages.error(request, "Paiement non enregistré : " + _texte(exc))
    else:
        messages.success(
            request, f"Paiement de {en_euros(p.montant)} à {p.beneficiaire_nom} enregistré."
        )
    retour = request.POST.get("retour", "")
    if retour.startswith("/aides-financieres/"):
        return redirect(retour)
    return redirect("aides_financieres:paiements")


@page(perms.peut_voir_paiements)
@require_POST
def rembourser(request, pk):
    e = selectors.echeance_ou_refus(request, pk, pour=selectors.peut_payer)
    try:
        services.rembourser_echeance(request, e)
    except ErreurChamps as exc:
        messages.error(request, _texte(exc))
    else:
        messages.success(request, f"Échéance {e.rang} marquée remboursée.")
    return redirect(f"/aides-financieres/demandes/{e.aide.demande_id}/#aides")


# -- Loans -------------------------------------------------------------------------------------


@page(perms.peut_voir_paiements)
def prets(request):
    """Repayable loans: balance, late instalments (the oldest late first with ?retard=1)."""
    a = acteur(request)
    en_retard = request.GET.get("retard") == "1"
    lignes = selectors.prets(AideAccordee.objects.visibles_par(a), en_retard=en_retard)
    journaliser(request, Action.LISTE, "pret_aide")
    return render(
        request,
        "aides_financieres/prets.html",
        {
            "title": "Prêts remboursables" + (" en retard" if en_retard else ""),
            "lignes": lignes[:300],
            "nombre": len(lignes),
            "en_retard": en_retard,
            "total_retard": sum((e.montant_en_retard for _, e in lignes), Decimal(0)),
            "total_solde": sum((e.solde for _, e in lignes), Decimal(0)),
        },
    )


@page(perms.peut_voir_paiements)
def pret(request, pk):
    a = acteur(request)
    aide = selectors.pret_ou_refus(request, pk)
    journaliser(
        request, Action.CONSULTATION, "pret_aide", objet_id=aide.pk, personne=aide.demande.personne
    )
    return render(
        request,
        "aides_financieres/pret.html",
        {
            "title": f"Prêt {aide.demande.reference}",
            "aide": aide,
            "etat": aide.etat_pret(),
            "personne": aide.demande.personne,
            "peut_payer": perms.peut_payer(a, aide.demande.departement),
            "CANAUX": regles.CANAUX_RELANCE,
            "aujourdhui": timezone.localdate().isoformat(),
        },
    )


@page(perms.peut_voir_paiements)
@require_POST
def pret_rembourser(request, pk):
    aide = selectors.pret_ou_refus(request, pk, pour=selectors.peut_payer)
    try:
        r = services.enregistrer_remboursement(
            request,
            aide,
            request.POST.get("montant", ""),
            date=_date_saisie(request, "date", "Date du remboursement"),
            reference=request.POST.get("reference", ""),
        )
    except ErreurChamps as exc:
        messages.error(request, "Remboursement non enregistré : " + _texte(exc))
    else:
        messages.success(request, f"Remboursement de {en_euros(r.montant)} enregistré.")
    return redirect("aides_financieres:pret", pk=aide.pk)


@page(perms.peut_voir_paiements)
@require_POST
def pret_relancer(request, pk):
    aide = selectors.pret_ou_refus(request, pk, pour=selectors.peut_payer)
    try:
        r = services.relancer(request, aide, request.POST.get("canal", ""))
    except ErreurChamps as exc:
        messages.error(request, "Relance non faite : " + _texte(exc))
    else:
        messages.success(
            request,
            "Lettre de relance prête : imprimez-la et envoyez-la."
            if r.canal == "courrier"
            else f"Relance par {r.canal_libelle.lower()} mise en file d'envoi.",
        )
    return redirect("aides_financieres:pret", pk=aide.pk)


@page(perms.peut_voir_paiements)
def pret_relance_pdf(request, pk):
    """The reminder letter (the loan as it stands today), to print and post."""
    aide = selectors.pret_ou_refus(request, pk)
    etat = aide.etat_pret()
    journaliser(
        request, Action.EXPORT, "pret_aide", objet_id=aide.pk, personne=aide.demande.personne
    )
    return reponse_pdf(
        "aides_financieres/relance_pdf.html",
        {
            "aide": aide,
            "d": aide.demande,
            "etat": etat,
            "bareme": bareme_du_departement(aide.demande.departement),
            "demo": aide.demande.demo,
            "titre": f"Relance {aide.demande.reference}",
        },
        f"relance-{aide.demande.reference}.pdf",
        request,
    )


def _periode(request):
    aujourdhui = timezone.localdate()
    try:
        du = dt.date.fromisoformat(request.GET.get("du") or aujourdhui.replace(day=1).isoformat())
        au = dt.date.fromisoformat(request.GET.get("au") or aujourdhui.isoformat())
    except ValueError:
        return None, None
    return du, au


@page(perms.peut_voir_paiements)
def export_paiements(request):
    a = acteur(request)
    du, au = _periode(request)
    if du is None or du > au:
        messages.error(request, "Période : les dates « du » et « au » (JJ/MM/AAAA) sont attendues.")
        return redirect("aides_financieres:paiements")
    journaliser(request, Action.EXPORT, "paiement_aide")
    reponse = HttpResponse(
        selectors.export_comptable(a.departement, du, au), content_type="text/csv; charset=utf-8"
    )
    reponse["Content-Disposition"] = (
        f'attachment; filename="paiements-{a.departement}-{du:%Y%m%d}-{au:%Y%m%d}.csv"'
    )
    return reponse


# -- Budget ------------------------------------------------------------------------------------


def _annee(request) -> int:
    try:
        annee = int(request.GET.get("annee", ""))
    except ValueError:
        annee = timezone.localdate().year
    return min(max(annee, 2020), 2100)


@page(perms.peut_voir_budget)
@require_http_methods(["GET", "POST"])
def budget(request):
    from solidarites.graphiques import barres

    a = acteur(request)
    annee = _annee(request)
    erreurs = {}
    if request.method == "POST":
        if not perms.peut_gerer_enveloppes(a):
            raise PermissionDenied(perms.peut_gerer_enveloppes.refus)
        erreurs = _enregistrer_enveloppe(request, a)
        if not erreurs:
            messages.success(request, "Enveloppe enregistrée.")
            return redirect(f"{request.path}?annee={request.POST.get('annee')}")
    bord = selectors.tableau_de_bord(a.departement, annee)

    def g(titre, paires, unite="€", serie="Montant accordé"):
        return barres(
            titre,
            [str(k) for k, _ in paires],
            {serie: [float(v) for _, v in paires]},
            unite=unite,
            horizontal=True,
        )

    graphiques = [
        g("Demandes par statut", bord["par_statut"], "", "Demandes"),
        g("Montants accordés par fonds", bord["par_fonds"]),
        g("Montants accordés par besoin", bord["par_besoin"]),
        g("Montants accordés par territoire", bord["par_territoire"]),
        g("Refus et accords partiels par motif", bord["refus"], "", "Décisions"),
    ]
    bareme = bareme_du_departement(a.departement)
    return render(
        request,
        "aides_financieres/budget.html",
        {
            "title": f"Budget et délais {annee}",
            "bord": bord,
            "graphiques": graphiques,
            "annee": annee,
            "annees": list(range(timezone.localdate().year, timezone.localdate().year - 4, -1)),
            "peut_gerer": perms.peut_gerer_enveloppes(a),
            "fonds": bareme.fonds if bareme else (),
            "erreurs": erreurs,
        },
        status=400 if erreurs else 200,
    )


def _enregistrer_enveloppe(request, a) -> dict:
    erreurs = {}
    bareme = bareme_du_departement(a.departement)
    fonds = request.POST.get("fonds", "")
    if fonds not in bareme.fonds_par_slug():
        erreurs["fonds"] = "Fonds : choisissez un fonds du barème."
    try:
        annee = int(request.POST.get("annee", ""))
    except ValueError:
        erreurs["annee"] = "Année : un nombre est attendu."
    montant = services._montant(erreurs, "montant", request.POST.get("montant"), strict=False)
    try:
        seuil = int(request.POST.get("seuil_alerte") or 80)
        if not 1 <= seuil <= 100:
            raise ValueError
    except ValueError:
        erreurs["seuil_alerte"] = "Seuil d'alerte : un pourcentage entre 1 et 100 est attendu."
    if erreurs:
        return erreurs
    Enveloppe.objects.update_or_create(
        departement=a.departement,
        annee=annee,
        fonds=fonds,
        territoire=request.POST.get("territoire", "").strip()[:150],
        defaults={"montant": montant, "seuil_alerte": seuil},
    )
    return {}


@page(perms.peut_voir_budget)
def budget_csv(request):
    import io

    a = acteur(request)
    annee = _annee(request)
    bord = selectors.tableau_de_bord(a.departement, annee)
    sortie = io.StringIO()
    sortie.write("\ufeff")
    w = ecrivain_csv(sortie, delimiter=";", lineterminator="\r\n")
    w.writerow(["indicateur", "categorie", "valeur"])
    w.writerow(["demandes deposees", "", bord["nombre"]])
    for k, v in bord["par_statut"]:
        w.writerow(["demandes par statut", k, v])
    w.writerow(["delai median depot-decision (jours)", "", _jours(bord["delai_median"])])
    w.writerow(["delai 90e centile depot-decision (jours)", "", _jours(bord["delai_p90"])])
    for cle, titre in (
        ("par_fonds", "montant accorde par fonds"),
        ("par_besoin", "montant accorde par besoin"),
        ("par_territoire", "montant accorde par territoire"),
    ):
        for k, v in bord[cle]:
            w.writerow([titre, k, f"{v:.2f}"])
    for k, v in bord["refus"]:
        w.writerow(["refus par motif", k, v])
    w.writerow(["FSL menages aides", "", bord["fsl"]["menages_aides"]])
    w.writerow(["FSL montant accorde", "", f"{bord['fsl']['montant_total']:.2f}"])
    for nom, _n, t in bord["fsl"]["par_fonds"]:
        w.writerow(["FSL montant par dispositif", nom, f"{t:.2f}"])
    for ligne in bord["enveloppes"]:
        e = ligne["etat"]
        w.writerow([f"enveloppe {ligne['fonds_label']}", ligne["territoire"], f"{e.montant:.2f}"])
        w.writerow([f"engage {ligne['fonds_label']}", ligne["territoire"], f"{e.engage:.2f}"])
    reponse = HttpResponse(sortie.getvalue(), content_type="text/csv; charset=utf-8")
    reponse["Content-Disposition"] = (
        f'attachment; filename="aides-financieres-{a.departement}-{annee}.csv"'
    )
    return reponse


def _jours(v):
    return "" if v is None else f"{v:.1f}"


# -- The scales (public: no personal data) ----------------------------------------------------


@page_publique
def baremes_page(request, departement=None):
    tous = baremes()
    if departement is None:
        departement = "77"
    bareme = tous.get(departement)
    if bareme is None:
        raise Http404("Ce département n'a pas de barème sur la plateforme.")
    rapport = rapport_harmonisation(bareme)
    par_besoin: dict[str, list] = {}
    for ligne in rapport:
        par_besoin.setdefault(BESOINS[ligne.besoin], []).append(ligne)
    return render(
        request,
        "aides_financieres/bareme.html",
        {
            "title": f"Barème du {bareme.label}",
            "bareme": bareme,
            "departements": sorted(tous),
            "rapport": par_besoin,
            "BENEFICIAIRES": BENEFICIAIRES,
            "FORMES": FORMES,
            "BESOINS": BESOINS,
        },
    )
