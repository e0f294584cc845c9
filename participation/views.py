"""Pages de la participation. Publiques : calendrier, comités et leurs comptes rendus publiés,
demande pour rejoindre un comité, événements et inscription. Gestion (direction du pilotage du
département, encadrant de l'espace qui accueille le comité) : membres, demandes, réunions,
réponses aux propositions, inscriptions — chaque lecture de données personnelles journalisée."""

from __future__ import annotations

from dataclasses import fields

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from comptes.acces import objet_ou_refus, page, page_publique
from comptes.audit import journaliser
from engagements.models import Engagement
from participation import perms, services
from participation.forms import (
    FormulaireAdhesion,
    FormulaireInscription,
    FormulaireReponse,
    FormulaireReunion,
)
from participation.models import (
    Comite,
    DemandeAdhesion,
    Evenement,
    Inscription,
    Proposition,
    Reunion,
)
from solidarites.erreurs import ErreurChamps, appliquer_erreurs
from solidarites.formulaires_publics import traiter

# --- public ---------------------------------------------------------------------------------


@page_publique
def index(request):
    maintenant = timezone.now()
    code = request.GET.get("departement", "")
    if code and code not in settings.DEPARTEMENTS:
        code = ""
    reunions = Reunion.objects.filter(date__gte=maintenant).select_related("comite__structure")
    evenements = Evenement.objects.all()
    comites = Comite.objects.filter(actif=True).select_related("structure")
    if code:
        reunions = reunions.filter(comite__structure__departement_id=code)
        evenements = evenements.filter(departement_id=code)
        comites = comites.filter(structure__departement_id=code)
    calendrier = sorted(
        [("reunion", r.date, r) for r in reunions]
        + [("evenement", e.debut, e) for e in evenements.filter(debut__gte=maintenant)],
        key=lambda x: x[1],
    )
    return render(
        request,
        "participation/index.html",
        {
            "title": "Participer : comités d'usagers et rencontres",
            "calendrier": calendrier,
            "comites": comites,
            "passes": evenements.filter(debut__lt=maintenant),
            "departements": settings.DEPARTEMENTS,
            "code": code,
        },
    )


@page_publique
def comite(request, pk):
    c = Comite.objects.filter(pk=pk, actif=True).select_related("structure").first()
    if c is None:
        raise Http404
    return render(
        request,
        "participation/comite.html",
        {
            "title": c.nom,
            "c": c,
            "a_venir": c.reunions.filter(date__gte=timezone.now()),
            "comptes_rendus": c.reunions.filter(compte_rendu_publie=True).order_by("-date"),
            "propositions": c.propositions.select_related("engagement"),
        },
    )


def _traiter(request, form, *, robot, ecrire, succes):
    """Le POST d'une demande publique (adhésion, inscription) : le garde des formulaires publics,
    adhésions et inscriptions comptées ensemble."""
    return traiter(
        request,
        form,
        usage="participation",
        limite=services.limite_demandes(),
        robot=robot,
        ecrire=ecrire,
        succes=succes,
        retour=reverse("participation:index"),
        retour_libelle="Retour aux comités et rencontres",
    )


def _donnees(classe, cleaned_data: dict):
    """Les données d'écriture (dataclass du service) prises des champs du même nom du
    formulaire."""
    return classe(**{f.name: cleaned_data[f.name] for f in fields(classe)})


@page_publique
def rejoindre(request, pk):
    c = Comite.objects.filter(pk=pk, actif=True).select_related("structure").first()
    if c is None:
        raise Http404
    form = FormulaireAdhesion(request.POST or None)
    if request.method == "POST":

        def ecrire(d, ip):
            return services.demander_adhesion(c, _donnees(services.DonneesAdhesion, d), ip)

        def merci(_demande):
            request.session["participation_comite"] = c.nom
            return redirect("participation:merci")

        reponse = _traiter(
            request,
            form,
            robot=lambda r: redirect("participation:merci"),
            ecrire=ecrire,
            succes=merci,
        )
        if reponse:
            return reponse
    return render(
        request,
        "participation/rejoindre.html",
        {"title": f"Rejoindre le {c.nom[0].lower()}{c.nom[1:]}", "c": c, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@page_publique
def merci(request):
    return render(
        request,
        "participation/merci.html",
        {
            "title": "Votre demande est envoyée",
            "comite": request.session.pop("participation_comite", ""),
        },
    )


@page_publique
def evenement(request, pk):
    e = Evenement.objects.filter(pk=pk).first()
    if e is None:
        raise Http404
    form = FormulaireInscription(request.POST or None)

    def page_evenement(inscrit=False, statut=200):
        return render(
            request,
            "participation/evenement.html",
            {
                "title": e.titre,
                "e": e,
                "form": form,
                "inscrit": inscrit,
                "resultats": e.resultats.prefetch_related("engagements__schema"),
            },
            status=statut,
        )

    if request.method == "POST":

        def ecrire(d, ip):
            return services.inscrire(e, _donnees(services.DonneesInscription, d), ip)

        inscrit = lambda *_: page_evenement(inscrit=True)  # noqa: E731 (robot and success alike)
        return _traiter(request, form, robot=inscrit, ecrire=ecrire, succes=inscrit) or (
            page_evenement(statut=400)
        )
    return page_evenement()


# --- gestion --------------------------------------------------------------------------------


@page(perms.peut_gerer)
def gestion(request):
    a = request.acteur
    comites = Comite.objects.visibles_par(a).select_related("structure")
    evenements = Evenement.objects.geres_par(a)
    return render(
        request,
        "participation/gestion.html",
        {
            "title": "Gérer la participation",
            "comites": comites,
            "demandes": DemandeAdhesion.objects.filter(
                comite__in=comites, statut="nouvelle"
            ).count(),
            "evenements": evenements,
        },
    )


@page(perms.peut_gerer)
def gestion_comite(request, pk):
    a = request.acteur
    c = objet_ou_refus(request, Comite.objects.visibles_par(a), pk, objet="comite")
    journaliser(request, "consultation", "membres_comite", objet_id=c.pk)
    return render(
        request,
        "participation/gestion_comite.html",
        {
            "title": f"Gérer : {c.nom}",
            "c": c,
            "membres": c.membres.filter(actif=True),
            "demandes": c.demandes.filter(statut="nouvelle"),
            "reunions": c.reunions.order_by("-date"),
            "propositions": c.propositions.all(),
        },
    )


@page(perms.peut_gerer)
@require_POST
def traiter_demande(request, pk, decision):
    a = request.acteur
    d = objet_ou_refus(
        request,
        DemandeAdhesion.objects.filter(comite__in=Comite.objects.visibles_par(a)),
        pk,
        objet="demande_comite",
    )
    if decision not in ("accepter", "refuser"):
        raise Http404
    try:
        services.traiter_adhesion(d, decision == "accepter")
    except ErreurChamps as exc:
        messages.error(request, exc.erreurs[0]["message"])
    else:
        journaliser(request, "modification", "demande_comite", objet_id=d.pk)
        messages.success(
            request,
            f"Demande de {d.prenom} {'acceptée : membre ajouté(e)' if decision == 'accepter' else 'refusée'}.",
        )
    return redirect("participation:gestion_comite", pk=d.comite_id)


@page(perms.peut_gerer)
def gestion_reunion(request, pk):
    a = request.acteur
    r = objet_ou_refus(
        request,
        Reunion.objects.filter(comite__in=Comite.objects.visibles_par(a)),
        pk,
        objet="reunion",
    )
    membres = r.comite.membres.filter(actif=True)
    form = FormulaireReunion(
        request.POST or None,
        membres=membres,
        initial={
            "presents": r.presents.all(),
            "compte_rendu": r.compte_rendu,
            "publier": r.compte_rendu_publie,
        },
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.enregistrer_reunion(
                r,
                presents_ids=[m.pk for m in d["presents"]],
                compte_rendu=d["compte_rendu"],
                publier=d["publier"],
            )
        except ErreurChamps as exc:
            appliquer_erreurs(form, exc)
        else:
            journaliser(request, "modification", "reunion", objet_id=r.pk)
            messages.success(request, "Réunion enregistrée.")
            return redirect("participation:gestion_comite", pk=r.comite_id)
    journaliser(request, "consultation", "membres_comite", objet_id=r.comite_id)
    return render(
        request,
        "participation/gestion_reunion.html",
        {"title": f"Réunion du {r.date:%d/%m/%Y}", "r": r, "form": form},
    )


@page(perms.peut_gerer)
def gestion_proposition(request, pk):
    a = request.acteur
    p = objet_ou_refus(
        request,
        Proposition.objects.filter(comite__in=Comite.objects.visibles_par(a)),
        pk,
        objet="proposition",
    )
    engagements = Engagement.objects.filter(
        schema__departement_id=p.comite.structure.departement_id
    ).select_related("schema")
    form = FormulaireReponse(
        request.POST or None,
        engagements=engagements,
        initial={"statut": p.statut, "reponse": p.reponse, "engagement": p.engagement},
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.repondre(
                p, statut=d["statut"], reponse=d["reponse"], engagement=d["engagement"]
            )
        except ErreurChamps as exc:
            appliquer_erreurs(form, exc)
        else:
            journaliser(request, "modification", "proposition", objet_id=p.pk)
            messages.success(
                request, "Réponse enregistrée ; elle est publiée sur la page du comité."
            )
            return redirect("participation:gestion_comite", pk=p.comite_id)
    return render(
        request,
        "participation/gestion_proposition.html",
        {"title": "Répondre à une proposition", "p": p, "form": form},
    )


@page(perms.peut_gerer)
def gestion_evenement(request, pk):
    a = request.acteur
    e = objet_ou_refus(request, Evenement.objects.geres_par(a), pk, objet="evenement")
    inscriptions = Inscription.objects.visibles_par(a).filter(evenement=e)
    if request.method == "POST":
        presents = set(request.POST.getlist("presents"))
        for i in inscriptions:
            i.present = str(i.pk) in presents
            i.save(update_fields=["present"])
        journaliser(request, "modification", "inscriptions", objet_id=e.pk)
        messages.success(request, "Présences enregistrées.")
        return redirect("participation:gestion_evenement", pk=e.pk)
    journaliser(request, "consultation", "inscriptions", objet_id=e.pk)
    return render(
        request,
        "participation/gestion_evenement.html",
        {"title": f"Inscriptions : {e.titre}", "e": e, "inscriptions": inscriptions},
    )
