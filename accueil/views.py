"""Pages of the accueil: public online form, structure's queue, files, contacts, orientations.

Thin: access through comptes.permissions, writes through accueil.services, audit on each read.
"""

from __future__ import annotations

import io
import json
from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Avg, Count, F, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accueil import regles, services
from accueil.forms import (
    FormulaireContact,
    FormulaireDemande,
    FormulaireOrientation,
    FormulairePersonne,
    FormulaireReponse,
    appliquer_erreurs,
)
from accueil.models import Contact, Demande, Orientation, Personne
from accueil.selectors import contact_pour, demande_pour, orientation_pour, personne_pour
from comptes.acces import acteur as acteur_de_requete
from comptes.acces import page, page_publique
from comptes.audit import Action, journaliser
from comptes.permissions import (
    PARTIES,
    acteur_de,
    demandes_visibles,
    est_agent,
    est_membre,
    orientations_visibles,
    parties_pour,
    personnes_visibles,
    peut_modifier_dossier,
    peut_repondre_orientation,
    peut_voir_statistiques,
)
from solidarites.erreurs import ErreurChamps
from solidarites.tableur import ecrivain_csv

# --- public online form -----------------------------------------------------------------------


@page_publique
def demande(request):
    form = FormulaireDemande(request.POST or None)
    if request.method == "POST":
        if request.POST.get("site_web"):
            # A robot filled in the hidden field: answer as if all went well, store nothing.
            request.session["demande_reference"] = regles.nouvelle_reference("D")
            return redirect("accueil:demande_envoyee")
        ip = request.META.get("REMOTE_ADDR")
        if services.trop_de_demandes(ip):
            return render(
                request,
                "accueil/demande_limite.html",
                {"title": "Trop de demandes"},
                status=429,
            )
        if form.is_valid():
            c = form.cleaned_data
            try:
                d = services.creer_demande(
                    services.DonneesDemande(
                        commune_code=c["commune"],
                        besoins=c["besoins"],
                        prenom=c["prenom"],
                        nom=c["nom"],
                        telephone=c["telephone"],
                        courriel=c["courriel"],
                        moment_prefere=c["moment_prefere"],
                        message=c["message"],
                    ),
                    ip,
                )
            except ErreurChamps as e:
                appliquer_erreurs(form, e)
            except services.TropDeDemandes:
                return render(
                    request,
                    "accueil/demande_limite.html",
                    {"title": "Trop de demandes"},
                    status=429,
                )
            else:
                request.session["demande_reference"] = d.reference
                request.session["demande_structure"] = d.structure.nom if d.structure else ""
                return redirect("accueil:demande_envoyee")
    return render(
        request,
        "accueil/demande.html",
        {"title": "Être rappelé(e), être aidé(e)", "form": form},
    )


@page_publique
def demande_envoyee(request):
    reference = request.session.get("demande_reference")
    if not reference:
        return redirect("accueil:demande")
    return render(
        request,
        "accueil/demande_envoyee.html",
        {
            "title": "Votre demande est envoyée",
            "reference": reference,
            "structure": request.session.get("demande_structure", ""),
        },
    )


# --- the structure's queue ------------------------------------------------------------------


def donnees_file(user):
    """What a structure's queue shows (used by the page and the API)."""
    acteur = acteur_de(user)
    aujourdhui = timezone.localdate()
    demandes = demandes_visibles(user).filter(statut=Demande.Statut.NOUVELLE)
    a_repondre = (
        orientations_visibles(user)
        .filter(structure_destination_id=acteur.structure_id, statut__in=["envoyee", "acceptee"])
        .select_related("personne", "structure_origine")
    )
    envoyees = (
        orientations_visibles(user)
        .filter(structure_origine_id=acteur.structure_id)
        .select_related("personne", "structure_destination")[:30]
    )
    suivis = (
        Contact.objects.filter(
            personne__in=personnes_visibles(user).filter(structure_id=acteur.structure_id),
            date_suivi__isnull=False,
            date_suivi__lte=aujourdhui + timedelta(days=7),
            suivi_fait=False,
        )
        .select_related("personne")
        .order_by("date_suivi")
    )
    traitees = (
        demandes_visibles(user)
        .filter(traitee_le__isnull=False)
        .annotate(delai=F("traitee_le") - F("cree_le"))
    )
    delai = traitees.aggregate(m=Avg("delai"))["m"]
    reponses = (
        orientations_visibles(user)
        .filter(structure_destination_id=acteur.structure_id, repondue_le__isnull=False)
        .annotate(delai=F("repondue_le") - F("envoyee_le"))
    )
    delai_o = reponses.aggregate(m=Avg("delai"))["m"]
    return {
        "demandes": demandes,
        "a_repondre": a_repondre,
        "envoyees": envoyees,
        "suivis": suivis,
        "delai_demandes_h": round(delai.total_seconds() / 3600, 1) if delai else None,
        "delai_orientations_h": round(delai_o.total_seconds() / 3600, 1) if delai_o else None,
        "aujourdhui": aujourdhui,
    }


@page(est_membre)
def tableau(request):
    acteur = acteur_de_requete(request)
    if not acteur.est_agent:
        return redirect("accueil:statistiques")
    contexte = donnees_file(request.user)
    journaliser(request, Action.LISTE, "file")
    contexte.update({"title": "File d'attente de ma structure", "membre": request.user.membre})
    return render(request, "accueil/file.html", contexte)


# --- online requests (agents' side) ---------------------------------------------------------


@page(est_agent)
def demande_detail(request, pk):
    d = demande_pour(request, pk)
    journaliser(request, Action.CONSULTATION, "demande", objet_id=d.pk, personne=d.personne)
    candidats = []
    if d.nom:
        candidats = services.doublons(request.user.membre.structure_id, d.nom, d.prenom, None)
    return render(
        request,
        "accueil/demande_detail.html",
        {
            "title": f"Demande {d.reference}",
            "d": d,
            "candidats": candidats,
            "besoins": [regles.DOMAINES.get(b, b) for b in d.besoins],
        },
    )


@page(est_agent)
@require_POST
def demande_clore(request, pk):
    d = demande_pour(request, pk)
    if services.clore_demande(request, d):
        messages.success(request, f"Demande {d.reference} close sans suite.")
    return redirect("accueil:file")


def _demande_de(request, ident):
    if not ident:
        return None
    return demandes_visibles(request.user).filter(pk=ident).first()


# --- people's files -------------------------------------------------------------------------


@page(est_agent)
def personnes(request):
    q = (request.GET.get("q") or "").strip()
    qs = personnes_visibles(request.user).select_related("structure")
    if q:
        n = regles.normaliser(q)
        qs = qs.filter(Q(nom_normalise__contains=n) | Q(prenom_normalise__contains=n))
    qs = qs[:100]
    journaliser(request, Action.LISTE, "personne")
    return render(
        request,
        "accueil/personnes.html",
        {"title": "Dossiers", "personnes": qs, "q": q},
    )


@page(est_agent)
def personne_nouvelle(request):
    demande_obj = _demande_de(request, request.GET.get("demande") or request.POST.get("demande"))
    initial = {}
    if demande_obj:
        initial = {
            "nom": demande_obj.nom,
            "prenom": demande_obj.prenom,
            "commune_code": demande_obj.commune_code,
            "telephone": demande_obj.telephone,
            "courriel": demande_obj.courriel,
        }
    form = FormulairePersonne(request.POST or None, initial=initial)
    candidats = []
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        donnees = services.DonneesPersonne(
            nom=c["nom"],
            prenom=c["prenom"],
            date_naissance=c["date_naissance"],
            commune_code=c["commune_code"],
            telephone=c["telephone"],
            courriel=c["courriel"],
            partage_autorise=c["partage_autorise"],
        )
        try:
            services.valider_personne(donnees)
            candidats = services.doublons(
                request.user.membre.structure_id, c["nom"], c["prenom"], c["date_naissance"]
            )
            if candidats and not c["confirmer_nouveau"]:
                form.add_error(
                    "confirmer_nouveau",
                    "Des dossiers ressemblent à celui-ci : ouvrez le bon dossier, ou cochez "
                    "cette case si c'est bien une autre personne.",
                )
            else:
                p = services.creer_personne(request, donnees, demande=demande_obj)
                messages.success(request, f"Dossier {p.reference} créé.")
                suite = f"?demande={demande_obj.pk}" if demande_obj else ""
                return redirect(f"/accueil/personnes/{p.pk}/contacts/nouveau/{suite}")
        except ErreurChamps as e:
            appliquer_erreurs(form, e)
    return render(
        request,
        "accueil/personne_form.html",
        {"title": "Nouveau dossier", "form": form, "candidats": candidats, "demande": demande_obj},
    )


@page(est_agent)
def personne_detail(request, pk):
    p, parties = personne_pour(request, pk)
    acteur = acteur_de_requete(request)
    detenteur = peut_modifier_dossier(acteur, p.structure_id)
    journaliser(request, Action.CONSULTATION, "personne", objet_id=p.pk, personne=p)
    contacts = (
        p.contacts.select_related("structure", "agent")
        if (detenteur or parties & {"besoins", "droits", "historique"})
        else []
    )
    orientations = p.orientations.select_related("structure_destination", "structure_origine")
    if not detenteur:
        # The destination sees what was sent to it, never a draft (its motif included).
        orientations = orientations.filter(structure_destination_id=acteur.structure_id).exclude(
            statut="proposee"
        )
    return render(
        request,
        "accueil/personne_detail.html",
        {
            "title": f"Dossier {p.reference}",
            "p": p,
            "parties": parties,
            "detenteur": detenteur,
            "contacts": contacts,
            "orientations": orientations,
            "PARTIES": PARTIES,
            "DOMAINES": regles.DOMAINES,
            "CANAUX": regles.CANAUX,
            "partage_libelles": [PARTIES[k] for k in p.partage_autorise if k in PARTIES],
        },
    )


@page(est_agent)
def personne_modifier(request, pk):
    p, _ = personne_pour(request, pk, ecriture=True)
    initial = {
        k: getattr(p, k)
        for k in [
            "nom",
            "prenom",
            "date_naissance",
            "commune_code",
            "telephone",
            "courriel",
            "partage_autorise",
        ]
    }
    form = FormulairePersonne(request.POST or None, initial=initial)
    form.fields.pop("confirmer_nouveau")
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        try:
            services.modifier_personne(request, p, services.DonneesPersonne(**c))
        except ErreurChamps as e:
            appliquer_erreurs(form, e)
        else:
            messages.success(request, "Dossier mis à jour.")
            return redirect("accueil:personne", pk=p.pk)
    return render(
        request,
        "accueil/personne_form.html",
        {"title": f"Modifier le dossier {p.reference}", "form": form, "p": p},
    )


@page(est_agent)
def personne_export(request, pk, format):
    if format not in ("json", "csv"):
        raise Http404("Format inconnu : json ou csv.")
    p, _ = personne_pour(request, pk, ecriture=True)
    donnees = services.export_personne(p)
    journaliser(request, Action.EXPORT, "personne", objet_id=p.pk, personne=p)
    nom = f"dossier-{p.reference}"
    if format == "json":
        r = HttpResponse(
            json.dumps(donnees, ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
        r["Content-Disposition"] = f'attachment; filename="{nom}.json"'
        return r
    tampon = io.StringIO()
    w = ecrivain_csv(tampon, delimiter=";")
    w.writerow(["rubrique", "n°", "champ", "valeur"])
    for k, v in donnees["dossier"].items():
        w.writerow(["dossier", 1, k, v if not isinstance(v, list) else ", ".join(v)])
    for rubrique in ("contacts", "orientations", "demandes_en_ligne"):
        for i, ligne in enumerate(donnees[rubrique], 1):
            for k, v in ligne.items():
                if isinstance(v, list):
                    v = ", ".join(x if isinstance(x, str) else x.get("libelle", "") for x in v)
                w.writerow([rubrique, i, k, "" if v is None else v])
    r = HttpResponse("\ufeff" + tampon.getvalue(), content_type="text/csv; charset=utf-8")
    r["Content-Disposition"] = f'attachment; filename="{nom}.csv"'
    return r


# --- contacts -------------------------------------------------------------------------------


def _donnees_contact(c) -> services.DonneesContact:
    return services.DonneesContact(
        canal=c["canal"],
        besoins=c["besoins"],
        conseils=c["conseils"],
        code_bilan=c["code_bilan"],
        suite=c["suite"],
        date_suivi=c["date_suivi"],
        suivi_fait=c["suivi_fait"],
    )


@page(est_agent)
def contact_nouveau(request, pk):
    p, _ = personne_pour(request, pk, ecriture=True)
    demande_obj = _demande_de(request, request.GET.get("demande") or request.POST.get("demande"))
    initial = {"canal": "telephone" if demande_obj else "sur_place"}
    if demande_obj:
        initial["besoins"] = demande_obj.besoins
    form = FormulaireContact(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.enregistrer_contact(
                request, p, _donnees_contact(form.cleaned_data), demande=demande_obj
            )
        except ErreurChamps as e:
            appliquer_erreurs(form, e)
        else:
            messages.success(request, "Contact enregistré.")
            return redirect("accueil:personne", pk=p.pk)
    return render(
        request,
        "accueil/contact_form.html",
        {"title": "Nouveau contact", "form": form, "p": p, "demande": demande_obj},
    )


@page(est_agent)
def contact_modifier(request, pk):
    contact, p, _, _ = contact_pour(request, pk, ecriture=True)
    initial = {
        k: getattr(contact, k)
        for k in [
            "canal",
            "besoins",
            "conseils",
            "code_bilan",
            "suite",
            "date_suivi",
            "suivi_fait",
            "version",
        ]
    }
    form = FormulaireContact(request.POST or None, initial=initial)
    conflit = False
    if request.method == "GET":
        journaliser(request, Action.CONSULTATION, "contact", objet_id=contact.pk, personne=p)
    if request.method == "POST" and form.is_valid():
        version = form.cleaned_data["version"] or 0
        try:
            services.modifier_contact(
                request, contact, _donnees_contact(form.cleaned_data), version
            )
        except services.ConflitDeVersion as e:
            conflit = True
            form.add_error(None, str(e))
            contact.refresh_from_db()
        except ErreurChamps as e:
            appliquer_erreurs(form, e)
        else:
            messages.success(request, "Contact mis à jour.")
            return redirect("accueil:personne", pk=p.pk)
    return render(
        request,
        "accueil/contact_form.html",
        {
            "title": "Modifier le contact",
            "form": form,
            "p": p,
            "contact": contact,
            "conflit": conflit,
            "DOMAINES": regles.DOMAINES,
        },
        status=409 if conflit else 200,
    )


# --- orientations ---------------------------------------------------------------------------


def structures_destination(acteur):
    """Structures of the directory an agent may orient to: those of its own département and
    those without one (national services), its own structure excluded."""
    from annuaire.models import Structure

    qs = Structure.objects.exclude(pk=acteur.structure_id)
    dep = Structure.objects.filter(pk=acteur.structure_id).values_list("departement_id", flat=True)
    dep = dep.first()
    if dep:
        qs = qs.filter(Q(departement_id=dep) | Q(departement__isnull=True))
    return qs.order_by("nom")


@page(est_agent)
def orienter(request, pk):
    p, _ = personne_pour(request, pk, ecriture=True)
    acteur = acteur_de_requete(request)
    form = FormulaireOrientation(
        request.POST or None,
        structures=structures_destination(acteur),
        consentement=p.partage_autorise,
        initial={"elements_partages": p.partage_autorise},
    )
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        try:
            o = services.orienter(
                request,
                p,
                structure_destination=c["structure_destination"],
                motif=c["motif"],
                elements_partages=c["elements_partages"],
                envoyer=request.POST.get("action") != "proposer",
                contact=p.contacts.first(),
            )
        except ErreurChamps as e:
            appliquer_erreurs(form, e)
        else:
            messages.success(
                request,
                f"Orientation vers {o.structure_destination.nom} "
                f"{'envoyée' if o.statut == 'envoyee' else 'enregistrée comme proposée'}.",
            )
            return redirect("accueil:personne", pk=p.pk)
    return render(
        request,
        "accueil/orienter.html",
        {"title": "Orienter la personne", "form": form, "p": p},
    )


@page(est_agent)
def orientation_detail(request, pk):
    o = orientation_pour(request, pk)
    acteur = acteur_de_requete(request)
    parties = parties_pour(request.user, o.personne)
    journaliser(request, Action.CONSULTATION, "orientation", objet_id=o.pk, personne=o.personne)
    destinataire = peut_repondre_orientation(acteur, o.structure_destination_id)
    form = None
    if destinataire and o.statut in ("envoyee", "acceptee"):
        form = FormulaireReponse()
        form.fields["decision"].choices = [
            (v, lbl)
            for v, lbl in form.fields["decision"].choices
            if v in regles.transitions_possibles(o.statut, "destination")
        ]
    return render(
        request,
        "accueil/orientation_detail.html",
        {
            "title": f"Orientation n° {o.pk}",
            "o": o,
            "parties": parties,
            "form": form,
            "origine": o.structure_origine_id == acteur.structure_id,
            "PARTIES": PARTIES,
            "DOMAINES": regles.DOMAINES,
        },
    )


@page(est_agent)
@require_POST
def orientation_repondre(request, pk):
    o = orientation_pour(request, pk)
    acteur = acteur_de_requete(request)
    if peut_repondre_orientation(acteur, o.structure_destination_id) and o.statut in (
        "envoyee",
        "acceptee",
    ):
        qui = "destination"
    elif o.structure_origine_id == acteur.structure_id and acteur.est_agent:
        qui = "origine"
    else:
        journaliser(request, Action.REFUS, "orientation", objet_id=o.pk, personne=o.personne)
        raise PermissionDenied("Vous ne pouvez pas changer cette orientation.")
    form = FormulaireReponse(request.POST)
    if qui == "origine":
        form.fields["decision"].choices = [("envoyee", "Envoyer")]
    if form.is_valid():
        c = form.cleaned_data
        try:
            services.changer_statut(
                request,
                o,
                c["decision"],
                qui=qui,
                motif_refus=c["motif_refus"],
                commentaire=c["commentaire"],
            )
        except ErreurChamps as e:
            for err in e.erreurs:
                messages.error(request, err["message"])
        else:
            messages.success(request, "Réponse enregistrée.")
    else:
        for champ, errs in form.errors.items():
            label = form.fields[champ].label if champ in form.fields else ""
            messages.error(request, f"{label} : {' '.join(errs)}")
    return redirect("accueil:orientation", pk=o.pk)


# --- statistics (no personal data) ------------------------------------------------------------


@page(peut_voir_statistiques)
def statistiques(request):
    acteur = acteur_de_requete(request)
    s = acteur.structure_id
    contacts = Contact.objects.filter(structure_id=s)
    par_canal = dict(contacts.values_list("canal").annotate(n=Count("pk")))
    besoins: dict[str, int] = dict.fromkeys(regles.DOMAINES, 0)
    for liste in contacts.values_list("besoins", flat=True).iterator():
        for b in liste or []:
            if b in besoins:
                besoins[b] += 1
    orient_env = dict(
        Orientation.objects.filter(structure_origine_id=s)
        .values_list("statut")
        .annotate(n=Count("pk"))
    )
    orient_rec = dict(
        Orientation.objects.filter(structure_destination_id=s)
        .values_list("statut")
        .annotate(n=Count("pk"))
    )
    demandes = Demande.objects.filter(structure_id=s)
    d_delai = (
        demandes.filter(traitee_le__isnull=False)
        .annotate(delai=F("traitee_le") - F("cree_le"))
        .aggregate(m=Avg("delai"))["m"]
    )
    return render(
        request,
        "accueil/statistiques.html",
        {
            "title": "Statistiques de l'accueil",
            "structure": request.user.membre.structure,
            "par_canal": [(regles.CANAUX[k], par_canal.get(k, 0)) for k in regles.CANAUX],
            "besoins": [(regles.DOMAINES[k], n) for k, n in besoins.items()],
            "orient_env": [(regles.STATUTS[k], orient_env.get(k, 0)) for k in regles.STATUTS],
            "orient_rec": [(regles.STATUTS[k], orient_rec.get(k, 0)) for k in regles.STATUTS],
            "nb_contacts": contacts.count(),
            "nb_dossiers": Personne.objects.filter(structure_id=s).count(),
            "nb_demandes": demandes.count(),
            "delai_demandes_h": round(d_delai.total_seconds() / 3600, 1) if d_delai else None,
        },
    )
