"""Contacts with a person: record one (answering an online request or not), change one (with the
optimistic lock: a concurrent change is shown, never overwritten)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render

from accueil import regles, selectors, services
from accueil.forms import FormulaireContact
from comptes.acces import acteur, page
from comptes.audit import Action, journaliser
from comptes.permissions import est_agent

CHAMPS_CONTACT = ["canal", "besoins", "conseils", "code_bilan", "suite", "date_suivi", "suivi_fait"]


@page(est_agent)
def contact_nouveau(request, pk):
    p, _ = selectors.personne_pour(request, pk, ecriture=True)
    demande = selectors.demande_de_la_file(
        acteur(request), request.GET.get("demande") or request.POST.get("demande")
    )
    initial = {"canal": "telephone" if demande else "sur_place"}
    if demande:
        initial["besoins"] = demande.besoins
        initial["code_bilan"] = demande.code_bilan  # the bilan's rights are copied, not retyped
    form = FormulaireContact(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.enregistrer_contact(
            request, p, services.DonneesContact(**form.contact()), demande=demande
        )
        messages.success(request, "Contact enregistré.")
        return redirect("accueil:personne", pk=p.pk)
    return render(
        request,
        "accueil/contact_form.html",
        {"title": "Nouveau contact", "form": form, "p": p, "demande": demande},
    )


@page(est_agent)
def contact_modifier(request, pk):
    contact, p, _, _ = selectors.contact_pour(request, pk, ecriture=True)
    form = FormulaireContact(
        request.POST or None,
        initial={k: getattr(contact, k) for k in [*CHAMPS_CONTACT, "version"]},
    )
    conflit = False
    if request.method == "GET":
        journaliser(request, Action.CONSULTATION, "contact", objet_id=contact.pk, personne=p)
    if request.method == "POST" and form.is_valid():
        version = form.cleaned_data["version"] or 0
        try:
            services.modifier_contact(
                request, contact, services.DonneesContact(**form.contact()), version
            )
        except services.ConflitDeVersion as e:
            conflit = True
            form.add_error(None, str(e))
            contact.refresh_from_db()
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
