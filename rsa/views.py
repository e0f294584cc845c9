"""Pages of the RSA pathway. Thin: every page through the gate (`comptes.acces`), the rules of
`rsa/perms.py`, reads in `rsa/selectors.py`, writes in `rsa/services.py`, each read audited."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accueil.models import Personne
from annuaire.models import Structure
from comptes.acces import acteur, objet_ou_refus, page
from comptes.audit import Action, journaliser
from comptes.models import Membre
from rsa import flux, forms, importation, perms, regles, selectors, services
from rsa.models import (
    AccompagnementGlobal,
    Beneficiaire,
    Contrat,
    ImportFlux,
    ParcoursSuivi,
    Rapprochement,
    RendezVous,
    RevueContrat,
)
from solidarites import graphiques, recherche
from solidarites.erreurs import ErreurChamps
from solidarites.tableur import ecrivain_csv

PAR_PAGE = 50
COLONNES_LISTE = (
    "pk",
    "organisme",
    "numero_allocataire",
    "date_entree",
    "statut",
    "orientation",
    "personne__nom",
    "personne__prenom",
    "structure_referente__nom",
    "referent__first_name",
    "referent__last_name",
    "referent__username",
    "territoire__nom",
)


_beneficiaire = selectors.beneficiaire_ou_refus


def _vers_dossier(b) -> HttpResponse:
    return redirect("rsa:beneficiaire", pk=b.pk)


# --- list ---------------------------------------------------------------------------------------


@page(perms.peut_acceder)
def liste(request):
    a = acteur(request)
    territoires = selectors.territoires_du(a.departement).only("pk", "nom") if a.departement else []
    # The name searched is posted and kept in the session: never in the URL (access logs).
    criteres = recherche.criteres(request, "rsa-beneficiaires")
    if isinstance(criteres, HttpResponse):
        return criteres
    form = forms.FormulaireFiltres(criteres or None, territoires=territoires)
    filtres = selectors.Filtres()
    if form.is_valid():
        c = form.cleaned_data
        filtres = selectors.Filtres(
            q=c["q"],
            statut=c["statut"],
            orientation=c["orientation"],
            territoire=int(c["territoire"]) if c["territoire"] else None,
            attente=c["attente"],
            mon_portefeuille=c["mon_portefeuille"],
        )
    qs = selectors.liste(Beneficiaire.objects.visibles_par(a), filtres, a.utilisateur_id)
    try:
        numero = max(1, int(request.GET.get("page", 1)))
    except ValueError:
        numero = 1
    total = qs.count()
    # Only the columns the list shows (50 rows, each with its file, referent, structure and
    # territory: full rows cost more to build than to read).
    beneficiaires = list(qs.only(*COLONNES_LISTE)[(numero - 1) * PAR_PAGE : numero * PAR_PAGE])
    journaliser(request, Action.LISTE, "beneficiaire_rsa")
    parametres = request.GET.copy()  # no name: only a link's own filters
    parametres.pop("page", None)
    return render(
        request,
        "rsa/liste.html",
        {
            "title": "Bénéficiaires du RSA",
            "form": form,
            "beneficiaires": beneficiaires,
            "total": total,
            "page": numero,
            "pages": max(1, (total + PAR_PAGE - 1) // PAR_PAGE),
            "parametres": parametres.urlencode(),
            "peut_importer": perms.peut_importer(a),
            "peut_tableau": perms.peut_voir_tableau(a),
            "aujourdhui": timezone.localdate(),
        },
    )


# --- import -------------------------------------------------------------------------------------


@page(perms.peut_importer)
def importer(request):
    a = acteur(request)
    form = forms.FormulaireImport(request.POST or None, request.FILES or None)
    rapport = None
    if request.method == "POST" and form.is_valid():
        fichier = form.cleaned_data["fichier"]
        mois = None
        if form.cleaned_data["mois"]:
            try:
                mois = regles.lire_mois(form.cleaned_data["mois"])
            except ValueError as e:
                form.add_error("mois", str(e))
        if fichier.size > flux.TAILLE_MAX:
            form.add_error("fichier", "Le fichier dépasse 20 Mio : découpez-le par mois.")
        if not form.errors:
            try:
                rapport = importation.importer(
                    fichier.read(),
                    fichier.name,
                    departement=a.departement,
                    structure_detentrice=Structure.objects.get(pk=a.structure_id),
                    request=request,
                    essai=form.cleaned_data["essai"],
                    mois=mois,
                )
            except flux.FichierInvalide as e:
                form.add_error("fichier", str(e))
    imports = ImportFlux.objects.filter(departement=a.departement).select_related("importe_par")[
        :12
    ]
    return render(
        request,
        "rsa/import.html",
        {
            "title": "Importer le fichier mensuel de la CAF / MSA",
            "form": form,
            "rapport": rapport,
            "imports": imports,
            "a_traiter": Rapprochement.objects.filter(
                departement=a.departement, statut=Rapprochement.Statut.A_TRAITER
            ).count(),
        },
    )


@page(perms.peut_importer)
def import_detail(request, pk):
    a = acteur(request)
    imp = objet_ou_refus(
        request, ImportFlux.objects.filter(departement=a.departement), pk, objet="import_rsa"
    )
    journaliser(request, Action.CONSULTATION, "import_rsa", objet_id=imp.pk)
    return render(
        request,
        "rsa/import_detail.html",
        {"title": f"Import du {timezone.localtime(imp.importe_le):%d/%m/%Y}", "imp": imp},
    )


@page(perms.peut_importer)
def rapprochements(request):
    a = acteur(request)
    lignes = list(
        Rapprochement.objects.filter(
            departement=a.departement, statut=Rapprochement.Statut.A_TRAITER
        ).select_related("import_flux")[:100]
    )
    ids = {c["id"] for r in lignes for c in r.candidats}
    personnes = Personne.objects.in_bulk(ids)
    for r in lignes:
        r.dossiers = [(personnes.get(c["id"]), c) for c in r.candidats if c["id"] in personnes]
    journaliser(request, Action.LISTE, "rapprochement_rsa")
    return render(
        request,
        "rsa/rapprochements.html",
        {"title": "Rapprochements à vérifier", "lignes": lignes},
    )


@page(perms.peut_importer)
@require_POST
def rapprochement_resoudre(request, pk):
    a = acteur(request)
    r = objet_ou_refus(
        request,
        Rapprochement.objects.filter(departement=a.departement),
        pk,
        objet="rapprochement_rsa",
    )
    choix = request.POST.get("choix")
    if not choix:
        messages.error(request, "Choisissez un dossier proposé, ou « une autre personne ».")
        return redirect("rsa:rapprochements")
    try:
        b = services.resoudre_rapprochement(r, choix, request)
    except ErreurChamps as e:
        messages.error(request, e.erreurs[0]["message"])
        return redirect("rsa:rapprochements")
    messages.success(request, "Ligne traitée : le bénéficiaire est enregistré.")
    return _vers_dossier(b)


# --- the beneficiary's file ---------------------------------------------------------------------


@page(perms.peut_acceder)
def beneficiaire(request, pk):
    b = _beneficiaire(request, pk)
    a = acteur(request)
    vue = b.vue
    journaliser(
        request, Action.CONSULTATION, "beneficiaire_rsa", objet_id=b.pk, personne=b.personne
    )
    voit_diagnostic = perms.peut_voir_diagnostic(a, vue)
    diagnostic = b.diagnostics.select_related("agent").first() if voit_diagnostic else None
    contrats = list(
        b.contrats.prefetch_related("actions", "revues").select_related("redige_par")[:3]
    )
    disponibles = services.parcours_disponibles(b.departement)
    suivis = []
    for s in b.parcours.prefetch_related("etapes"):
        p = disponibles.get(s.parcours) or services.parcours_disponibles().get(s.parcours)
        faites = {e.etape: e for e in s.etapes.all()}
        suivis.append((s, p, faites))
    return render(
        request,
        "rsa/beneficiaire.html",
        {
            "title": f"RSA — {b.personne.prenom} {b.personne.nom}",
            "b": b,
            "p": b.personne,
            "diagnostic": diagnostic,
            "voit_diagnostic": voit_diagnostic,
            "decisions": b.decisions_orientation.select_related("structure", "decide_par"),
            "designations": b.designations.select_related("referent", "structure"),
            "rendez_vous": b.rendez_vous.select_related("lieu").order_by("-le")[:20],
            "contrats": contrats,
            "accompagnements": b.accompagnements_globaux.select_related(
                "travailleur_social", "conseiller"
            ),
            "ag_en_cours": b.accompagnements_globaux.filter(fin_le__isnull=True).exists(),
            "suivis": suivis,
            "parcours_a_attacher": [
                p
                for slug, p in disponibles.items()
                if slug not in {s.parcours for s, _, _ in suivis}
            ],
            "evenements": b.evenements.select_related("agent")[:100],
            "peut_orienter": perms.peut_orienter(a, vue),
            "peut_designer": perms.peut_designer_referent(a, vue),
            "peut_suivre": perms.peut_suivre(a, vue),
            "delai": services.regles_du(b.departement).delai_orientation_jours,
            "aujourdhui": timezone.localdate(),
            "maintenant": timezone.now(),
        },
    )


@page(perms.peut_acceder)
def diagnostic(request, pk):
    b = _beneficiaire(request, pk, pour=perms.peut_suivre)
    precedent = b.diagnostics.first()
    initial = precedent.reponses | {"domaines": precedent.domaines} if precedent else {}
    form = forms.FormulaireDiagnostic(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.enregistrer_diagnostic(b, form.cleaned_data, request)
        except ErreurChamps as e:
            forms.appliquer_erreurs(form, e)
        else:
            messages.success(
                request, "Diagnostic enregistré : la suggestion d'orientation est à jour."
            )
            return _vers_dossier(b)
    return render(
        request,
        "rsa/formulaire.html",
        {
            "title": "Diagnostic",
            "b": b,
            "form": form,
            "bouton": "Enregistrer le diagnostic",
            "aide": "Les réponses servent à suggérer une orientation selon les règles du Département ; "
            "l'agent décide.",
        },
    )


def _structures_orientation(b):
    r = services.regles_du(b.departement)
    typologies = (
        set().union(*r.typologies_orientation.values()) if r.typologies_orientation else set()
    )
    qs = Structure.objects.filter(departement_id=b.departement)
    if typologies:
        qs = qs.filter(typologie__in=typologies)
    return qs.order_by("typologie", "nom")


@page(perms.peut_acceder)
def orienter(request, pk):
    b = _beneficiaire(request, pk, pour=perms.peut_orienter)
    diagnostic = b.diagnostics.first()
    initial = {"decide_le": timezone.localdate()}
    if diagnostic:
        initial["orientation"] = diagnostic.suggestion
    if b.territoire_id and not b.structure_referente_id:
        initial["structure"] = b.territoire_id
    elif b.structure_referente_id:
        initial["structure"] = b.structure_referente_id
    form = forms.FormulaireOrientation(
        request.POST or None, initial=initial, structures=_structures_orientation(b)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.orienter(b, form.cleaned_data, request)
        except ErreurChamps as e:
            forms.appliquer_erreurs(form, e)
        else:
            messages.success(request, "Orientation enregistrée.")
            return _vers_dossier(b)
    return render(
        request,
        "rsa/orienter.html",
        {
            "title": "Réorienter" if b.orientation else "Orienter",
            "b": b,
            "form": form,
            "diagnostic": diagnostic,
            "regles": services.regles_du(b.departement),
        },
    )


@page(perms.peut_acceder)
def designer_referent(request, pk):
    b = _beneficiaire(request, pk, pour=perms.peut_designer_referent)
    referents = services.referents_possibles(b)
    form = forms.FormulaireReferent(
        request.POST or None,
        initial={"designe_le": timezone.localdate(), "referent": b.referent_id},
        referents=referents,
    )
    if request.method == "POST":
        # The service checks the account (unknown, other structure, role): the French message
        # names the field even when the submitted id is not among the listed choices.
        donnees = {
            "referent": request.POST.get("referent"),
            "designe_le": request.POST.get("designe_le"),
        }
        try:
            services.designer_referent(b, donnees, request)
        except ErreurChamps as e:
            form.is_valid()
            form.errors.clear()
            forms.appliquer_erreurs(form, e)
        else:
            messages.success(request, "Référent unique désigné.")
            return _vers_dossier(b)
    return render(
        request,
        "rsa/formulaire.html",
        {
            "title": "Désigner le référent unique",
            "b": b,
            "form": form,
            "bouton": "Désigner",
            "aide": (
                f"Agents de {b.structure_referente.nom} qui peuvent être référents pour une "
                f"orientation {b.get_orientation_display().lower()} (règles du Département)."
                if b.structure_referente
                else "Décidez d'abord l'orientation."
            ),
        },
    )


def _lieux(b):
    return Structure.objects.filter(
        departement_id=b.departement,
        typologie__in=["mds", "eds", "ccas", "france-travail", "departement", "association"],
    ).order_by("nom")


@page(perms.peut_acceder)
def inviter(request, pk, reinvitation=None):
    b = _beneficiaire(request, pk, pour=perms.peut_suivre)
    initial = {
        "objet": "orientation" if not b.premier_rdv_le else "suivi",
        "lieu": b.structure_referente_id or b.territoire_id,
        "canal": "courrier",
    }
    if reinvitation is not None:
        initial["objet"] = reinvitation.objet
        initial["lieu"] = reinvitation.lieu_id
    form = forms.FormulaireInvitation(request.POST or None, initial=initial, lieux=_lieux(b))
    if request.method == "POST" and form.is_valid():
        try:
            rdv = services.inviter(b, form.cleaned_data, request, reinvitation_de=reinvitation)
        except ErreurChamps as e:
            forms.appliquer_erreurs(form, e)
        else:
            if rdv.canal == "courrier":
                messages.success(
                    request, "Rendez-vous enregistré : imprimez la lettre d'invitation."
                )
            else:
                messages.success(
                    request, f"Invitation envoyée par {rdv.get_canal_display().lower()}."
                )
            return _vers_dossier(b)
    return render(
        request,
        "rsa/formulaire.html",
        {
            "title": "Inviter de nouveau" if reinvitation else "Inviter à un rendez-vous",
            "b": b,
            "form": form,
            "bouton": "Inviter",
        },
    )


def _rendez_vous(request, pk) -> RendezVous:
    return selectors.objet_du_beneficiaire(
        request,
        RendezVous.objects.select_related(
            "beneficiaire", "beneficiaire__personne", "lieu", "agent"
        ),
        pk,
        objet="rendez_vous_rsa",
        pour=perms.peut_suivre,
    )


@page(perms.peut_acceder)
def reinviter(request, pk):
    rdv = _rendez_vous(request, pk)
    return inviter(request, rdv.beneficiaire_id, reinvitation=rdv)


@page(perms.peut_acceder)
def lettre(request, pk):
    from solidarites.pdf import reponse_pdf

    rdv = _rendez_vous(request, pk)
    services.marquer_lettre_envoyee(rdv, request)
    journaliser(
        request,
        Action.EXPORT,
        "rendez_vous_rsa",
        objet_id=rdv.pk,
        personne=rdv.beneficiaire.personne,
    )
    return reponse_pdf(
        "rsa/pdf/invitation.html",
        {
            "rdv": rdv,
            "p": rdv.beneficiaire.personne,
            "texte": services.texte_invitation(rdv),
            "le": timezone.localtime(rdv.le),
            "demo": rdv.lieu.demo,
            "titre": "Invitation à un rendez-vous",
        },
        f"invitation-rsa-{rdv.pk}.pdf",
        request,
    )


@page(perms.peut_acceder)
@require_POST
def presence(request, pk):
    rdv = _rendez_vous(request, pk)
    try:
        services.noter_presence(rdv, request.POST.get("presence"), request)
    except ErreurChamps as e:
        messages.error(request, e.erreurs[0]["message"])
    else:
        messages.success(request, f"Présence notée : {rdv.get_presence_display().lower()}.")
    return _vers_dossier(rdv.beneficiaire)


# --- the contract -------------------------------------------------------------------------------


def _donnees_contrat(form, actions) -> services.DonneesContrat:
    c = form.cleaned_data
    return services.DonneesContrat(
        type=c.get("type", ""),
        objectifs=(c.get("objectifs") or "").splitlines(),
        debut_le=c.get("debut_le"),
        fin_le=c.get("fin_le"),
        heures_hebdomadaires=c.get("heures_hebdomadaires"),
        signe_le=c.get("signe_le"),
        version=c.get("version"),
        actions=[
            services.DonneesAction(
                a.get("libelle", ""),
                a.get("debut_le"),
                a.get("echeance_le"),
                a.get("heures_hebdomadaires"),
            )
            for a in (f.cleaned_data for f in actions.forms)
            if a and (a.get("libelle") or a.get("debut_le") or a.get("echeance_le"))
        ],
    )


def _contrat_form(request, b, contrat=None):
    r = services.regles_du(b.departement)
    if contrat is None:
        debut = timezone.localdate()
        initial = {
            "type": "ppae" if b.orientation == "professionnelle" else "cer",
            "debut_le": debut,
            "fin_le": regles.ajouter_mois(debut, 12),
            "heures_hebdomadaires": r.heures_hebdomadaires,
        }
        initial_actions = []
    else:
        initial = {
            "type": contrat.type,
            "objectifs": "\n".join(contrat.objectifs),
            "debut_le": contrat.debut_le,
            "fin_le": contrat.fin_le,
            "heures_hebdomadaires": contrat.heures_hebdomadaires,
            "signe_le": contrat.signe_le,
            "version": contrat.version,
        }
        initial_actions = [
            {
                "libelle": a.libelle,
                "debut_le": a.debut_le,
                "echeance_le": a.echeance_le,
                "heures_hebdomadaires": a.heures_hebdomadaires,
            }
            for a in contrat.actions.all()
        ]
    donnees = request.POST if request.method == "POST" else None
    form = forms.FormulaireContrat(donnees, initial=initial)
    nb = len(initial_actions) + 2
    if donnees is not None:
        try:
            nb = int(donnees.get("actions-TOTAL_FORMS", nb))
        except ValueError:
            nb = 2
        if "ajouter_action" in donnees:
            nb += 1
    nb = max(2, min(nb, 30))
    actions = (
        forms.ActionsFormSet(
            donnees, prefix="actions", initial=initial_actions + [{}] * (nb - len(initial_actions))
        )
        if donnees is None
        else forms.ActionsFormSet(_avec_total(donnees, nb), prefix="actions")
    )
    return form, actions


def _avec_total(donnees, nb):
    d = donnees.copy()
    d["actions-TOTAL_FORMS"] = str(nb)
    d.setdefault("actions-INITIAL_FORMS", "0")
    return d


@page(perms.peut_acceder)
def contrat(request, pk, contrat_pk=None):
    b = _beneficiaire(request, pk, pour=perms.peut_suivre)
    existant = None
    if contrat_pk is not None:
        existant = objet_ou_refus(
            request,
            b.contrats.all(),
            contrat_pk,
            objet="contrat_rsa",
            personne=lambda o: o.beneficiaire.personne,
        )
    form, actions = _contrat_form(request, b, existant)
    if request.method == "POST" and "ajouter_action" not in request.POST:
        form.is_valid()
        actions.is_valid()
        erreurs_formulaire = bool(form.errors) or any(f.errors for f in actions.forms)
        if not erreurs_formulaire:
            try:
                c = services.enregistrer_contrat(
                    b, _donnees_contrat(form, actions), request, existant
                )
            except ErreurChamps as e:
                for err in e.erreurs:
                    champ = err["champ"]
                    if champ.startswith("actions."):
                        _, i, nom = (champ.split(".") + ["", ""])[:3]
                        nom = {"heures": "heures_hebdomadaires"}.get(nom, nom)
                        if i.isdigit() and int(i) < len(actions.forms):
                            cible = actions.forms[int(i)]
                            cible.add_error(nom if nom in cible.fields else None, err["message"])
                            continue
                    if champ == "actions":
                        actions.forms[0].add_error("libelle", err["message"])
                        continue
                    form.add_error(champ if champ in form.fields else None, err["message"])
            else:
                messages.success(request, "Contrat enregistré.")
                return redirect("rsa:contrat_voir", pk=c.pk)
    return render(
        request,
        "rsa/contrat_form.html",
        {
            "title": "Modifier le contrat" if existant else "Nouveau contrat d'engagement",
            "b": b,
            "form": form,
            "actions": actions,
            "existant": existant,
            "a_des_erreurs": bool(form.errors) or any(f.errors for f in actions.forms),
        },
    )


def _contrat(request, pk) -> Contrat:
    qs = Contrat.objects.select_related(
        "beneficiaire", "beneficiaire__personne", "redige_par"
    ).prefetch_related("actions", "revues")
    return selectors.objet_du_beneficiaire(request, qs, pk, objet="contrat_rsa")


@page(perms.peut_acceder)
def contrat_voir(request, pk):
    c = _contrat(request, pk)
    b = c.beneficiaire
    journaliser(request, Action.CONSULTATION, "contrat_rsa", objet_id=c.pk, personne=b.personne)
    return render(
        request,
        "rsa/contrat.html",
        {
            "title": c.get_type_display(),
            "c": c,
            "b": b,
            "p": b.personne,
            "peut_suivre": perms.peut_suivre(acteur(request), b.vue),
            "aujourdhui": timezone.localdate(),
        },
    )


@page(perms.peut_acceder)
def contrat_modifier(request, pk):
    c = _contrat(request, pk)
    return contrat(request, c.beneficiaire_id, contrat_pk=c.pk)


@page(perms.peut_acceder)
def contrat_pdf(request, pk):
    from solidarites.pdf import reponse_pdf

    c = _contrat(request, pk)
    b = c.beneficiaire
    journaliser(request, Action.EXPORT, "contrat_rsa", objet_id=c.pk, personne=b.personne)
    return reponse_pdf(
        "rsa/pdf/contrat.html",
        {
            "c": c,
            "b": b,
            "p": b.personne,
            "titre": c.get_type_display(),
            "demo": b.personne.structure.demo,
        },
        f"contrat-rsa-{c.pk}.pdf",
        request,
    )


@page(perms.peut_acceder)
@require_POST
def revue(request, pk):
    r = selectors.objet_du_beneficiaire(
        request,
        RevueContrat.objects.select_related("contrat__beneficiaire__personne"),
        pk,
        objet="contrat_rsa",
        chemin="contrat__beneficiaire",
        pour=perms.peut_suivre,
    )
    try:
        services.noter_revue(
            r,
            {"bilan": request.POST.get("bilan"), "faite_le": request.POST.get("faite_le")},
            request,
        )
    except ErreurChamps as e:
        messages.error(request, e.erreurs[0]["message"])
    else:
        messages.success(request, "Revue du contrat notée.")
    return redirect("rsa:contrat_voir", pk=r.contrat_id)


# --- accompagnement global ----------------------------------------------------------------------


@page(perms.peut_acceder)
def accompagnement_global(request, pk):
    b = _beneficiaire(request, pk, pour=perms.peut_suivre)
    structure_ts = b.structure_referente_id or acteur(request).structure_id
    travailleurs = [
        m.utilisateur
        for m in Membre.objects.filter(
            structure_id=structure_ts, role="travailleur_social", actif=True
        ).select_related("utilisateur")
    ]
    conseillers = Membre.objects.filter(
        role="conseiller_emploi",
        actif=True,
        structure__typologie="france-travail",
        structure__departement_id=b.departement,
    ).select_related("utilisateur", "structure")
    initial = {"debut_le": timezone.localdate()}
    if b.referent_id and any(u.pk == b.referent_id for u in travailleurs):
        initial["travailleur_social"] = b.referent_id
    form = forms.FormulaireAccompagnementGlobal(
        request.POST or None, initial=initial, travailleurs=travailleurs, conseillers=conseillers
    )
    if request.method == "POST":
        donnees = {
            k: request.POST.get(k) for k in ("travailleur_social", "conseiller", "plan", "debut_le")
        }
        try:
            services.demarrer_accompagnement_global(b, donnees, request)
        except ErreurChamps as e:
            form.is_valid()
            form.errors.clear()
            forms.appliquer_erreurs(form, e)
        else:
            messages.success(
                request, "Accompagnement global commencé : le conseiller voit le plan partagé."
            )
            return _vers_dossier(b)
    return render(
        request,
        "rsa/formulaire.html",
        {
            "title": "Commencer un accompagnement global",
            "b": b,
            "form": form,
            "bouton": "Commencer",
            "aide": "Un travailleur social et un conseiller France Travail suivent ensemble la personne, "
            "avec son accord ; tous deux voient le plan partagé et le contrat.",
        },
    )


@page(perms.peut_acceder)
@require_POST
def accompagnement_terminer(request, pk):
    ag = selectors.objet_du_beneficiaire(
        request,
        AccompagnementGlobal.objects.select_related("beneficiaire__personne"),
        pk,
        objet="accompagnement_rsa",
        pour=perms.peut_suivre,
    )
    try:
        services.terminer_accompagnement_global(ag, request)
    except ErreurChamps as e:
        messages.error(request, e.erreurs[0]["message"])
    return _vers_dossier(ag.beneficiaire)


# --- parcours types -----------------------------------------------------------------------------


@page(perms.peut_acceder)
@require_POST
def parcours_attacher(request, pk):
    b = _beneficiaire(request, pk, pour=perms.peut_suivre)
    try:
        services.attacher_parcours(b, request.POST.get("parcours", ""), request)
    except ErreurChamps as e:
        messages.error(request, e.erreurs[0]["message"])
    else:
        messages.success(request, "Parcours type commencé.")
    return _vers_dossier(b)


@page(perms.peut_acceder)
@require_POST
def etape_faite(request, pk, etape):
    suivi = selectors.objet_du_beneficiaire(
        request,
        ParcoursSuivi.objects.select_related("beneficiaire__personne"),
        pk,
        objet="parcours_rsa",
        pour=perms.peut_suivre,
    )
    try:
        services.marquer_etape(suivi, etape, request)
    except ErreurChamps as e:
        messages.error(request, e.erreurs[0]["message"])
    else:
        messages.success(request, "Étape marquée faite.")
    return _vers_dossier(suivi.beneficiaire)


@page(perms.peut_acceder)
def parcours_types(request):
    a = acteur(request)
    disponibles = (
        services.parcours_disponibles(a.departement)
        if a.departement
        else services.parcours_disponibles()
    )
    identifiants = {i for p in disponibles.values() for e in p.etapes for i in e.structures}
    structures = {s.identifiant: s for s in Structure.objects.filter(identifiant__in=identifiants)}
    return render(
        request,
        "rsa/parcours_types.html",
        {
            "title": "Parcours types vers l'emploi",
            "parcours": disponibles.values(),
            "structures": structures,
        },
    )


# --- entering by hand, from the accueil ---------------------------------------------------------


def _peut_inscrire(a) -> bool:
    return perms.peut_acceder(a) and bool(a.departement)


_peut_inscrire.refus = perms.peut_acceder.refus


@page(_peut_inscrire)
def inscrire(request, personne_pk):
    from accueil.models import Personne

    a = acteur(request)
    p = objet_ou_refus(
        request,
        Personne.objects.visibles_par(a),
        personne_pk,
        objet="personne",
        personne=lambda o: o,
    )
    deja = Beneficiaire.objects.filter(personne=p).first()
    if deja is not None:
        return _vers_dossier(deja)
    erreurs = {}
    if request.method == "POST":
        try:
            b = services.inscrire(
                p,
                departement=a.departement,
                date_entree=request.POST.get("date_entree"),
                numero_allocataire=request.POST.get("numero_allocataire", ""),
                organisme=request.POST.get("organisme", "caf"),
                request=request,
            )
        except ErreurChamps as e:
            erreurs = {x["champ"]: x["message"] for x in e.erreurs}
        else:
            messages.success(request, "La personne est inscrite dans le parcours RSA.")
            if Beneficiaire.objects.visibles_par(a).filter(pk=b.pk).exists():
                return _vers_dossier(b)
            return redirect("accueil:personne", pk=p.pk)
    return render(
        request,
        "rsa/inscrire.html",
        {
            "title": "Inscrire dans le parcours RSA",
            "p": p,
            "erreurs": erreurs,
            "valeurs": request.POST,
            "organismes": regles.ORGANISMES,
            "aujourdhui": timezone.localdate(),
        },
    )


# --- dashboard ----------------------------------------------------------------------------------


def _tableau(request):
    a = acteur(request)
    departement = a.departement
    territoire = None
    if perms.tableau_de_sa_structure_seule(a):
        territoire = Structure.objects.filter(pk=a.structure_id).first()
    elif request.GET.get("territoire"):
        try:
            territoire = (
                selectors.territoires_du(departement)
                .filter(pk=int(request.GET["territoire"]))
                .first()
            )
        except ValueError:
            territoire = None
    mois = None
    erreur_mois = ""
    if request.GET.get("mois"):
        try:
            mois = regles.lire_mois(request.GET["mois"])
        except ValueError as e:
            erreur_mois = str(e)
    delai = services.regles_du(departement).delai_orientation_jours
    t = selectors.tableau_de_bord(departement, mois, territoire, delai)
    return t, erreur_mois


@page(perms.peut_voir_tableau)
def tableau_de_bord(request):
    a = acteur(request)
    t, erreur_mois = _tableau(request)
    etiquettes = [f"{x['mois']:%m/%Y}" for x in t.serie]
    serie = graphiques.barres(
        "Entrées, premières orientations et sorties par mois",
        etiquettes,
        {
            "Entrées": [x["entrees"] for x in t.serie],
            "Premières orientations": [x["orientations"] for x in t.serie],
            "Sorties": [x["sorties"] for x in t.serie],
        },
    )
    sorties = graphiques.barres(
        f"Sorties du RSA en {t.mois:%m/%Y}, par motif",
        [libelle for libelle, _ in t.sorties_par_motif],
        {"Sorties": [n for _, n in t.sorties_par_motif]},
        horizontal=True,
    )
    territoires = None
    if t.territoires:
        territoires = graphiques.barres(
            "Part des bénéficiaires avec un référent unique, par territoire",
            [x["nom"] for x in t.territoires],
            {"Avec référent": [x["part_referent"] or 0 for x in t.territoires]},
            unite="%",
            horizontal=True,
        )
    attente = []
    if perms.peut_voir_noms_tableau(a):
        attente = list(
            selectors.en_attente_au_dela(t.departement, t.delai_legal, t.territoire)[:100]
        )
        journaliser(request, Action.LISTE, "beneficiaire_rsa")
    return render(
        request,
        "rsa/tableau.html",
        {
            "title": "Tableau de bord du RSA",
            "t": t,
            "definitions": selectors.DEFINITIONS,
            "graphique_serie": serie,
            "graphique_sorties": sorties,
            "graphique_territoires": territoires,
            "attente": attente,
            "voit_noms": perms.peut_voir_noms_tableau(a),
            "territoires": []
            if perms.tableau_de_sa_structure_seule(a)
            else selectors.territoires_du(t.departement),
            "erreur_mois": erreur_mois,
            "aujourdhui": timezone.localdate(),
        },
    )


@page(perms.peut_voir_tableau)
def tableau_de_bord_csv(request):
    t, _ = _tableau(request)
    reponse = HttpResponse(content_type="text/csv; charset=utf-8")
    reponse["Content-Disposition"] = (
        f'attachment; filename="rsa-tableau-de-bord-{t.departement}-{t.mois:%Y-%m}.csv"'
    )
    reponse.write("\ufeff")
    w = ecrivain_csv(reponse, delimiter=";")
    w.writerow(["indicateur", "valeur", "définition"])
    lignes = [
        ("département", t.departement, ""),
        ("territoire", t.territoire.nom if t.territoire else "tous", ""),
        ("mois", f"{t.mois:%Y-%m}", ""),
        ("bénéficiaires (stock)", t.stock, selectors.DEFINITIONS["stock"]),
        ("avec référent unique", t.avec_referent, selectors.DEFINITIONS["avec_referent"]),
        (
            "part avec référent unique (%)",
            _fr(t.part_referent),
            selectors.DEFINITIONS["avec_referent"],
        ),
        ("entrées du mois", t.entrees, ""),
        ("sorties du mois", t.sorties, selectors.DEFINITIONS["sorties"]),
        (
            "délai entrée → orientation, médiane (jours)",
            _fr(t.delai_orientation_mediane),
            selectors.DEFINITIONS["delai_orientation"],
        ),
        (
            "délai entrée → orientation, 90e centile (jours)",
            _fr(t.delai_orientation_p90),
            selectors.DEFINITIONS["delai_orientation"],
        ),
        (
            "délai orientation → premier rendez-vous, médiane (jours)",
            _fr(t.delai_rdv_mediane),
            selectors.DEFINITIONS["delai_premier_rdv"],
        ),
        (
            "délai orientation → premier rendez-vous, 90e centile (jours)",
            _fr(t.delai_rdv_p90),
            selectors.DEFINITIONS["delai_premier_rdv"],
        ),
        (
            "part des entrants orientés en 30 jours (%)",
            _fr(t.part_orientes_30j),
            selectors.DEFINITIONS["orientes_30_jours"],
        ),
        ("contrats signés", t.contrats_signes, selectors.DEFINITIONS["contrats"]),
        ("contrats à jour", t.contrats_a_jour, selectors.DEFINITIONS["contrats"]),
        ("rendez-vous notés", t.rdv_notes, selectors.DEFINITIONS["absences"]),
        ("taux d'absence (%)", _fr(t.taux_absence), selectors.DEFINITIONS["absences"]),
        (
            f"en attente d'orientation au-delà de {t.delai_legal} jours",
            t.en_attente,
            selectors.DEFINITIONS["en_attente"],
        ),
    ]
    lignes += [(f"sorties : {libelle}", n, "") for libelle, n in t.sorties_par_motif]
    lignes += [
        (
            f"{x['mois']:%Y-%m} : entrées / orientations / sorties",
            f"{x['entrees']} / {x['orientations']} / {x['sorties']}",
            "",
        )
        for x in t.serie
    ]
    for row in lignes:
        w.writerow(row)
    return reponse


def _fr(v) -> str:
    if v is None:
        return ""
    return f"{v:.1f}".replace(".", ",")
