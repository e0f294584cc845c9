"""A structure's administrator keeps its own directory card (#16): contact, opening hours and
services. Each save is audited, kept in the card's history (django-simple-history) and sets the
freshness date (`date_maj`, `verifie_le`): the card leaves the list of cards to update."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone

from annuaire.horaires import erreur_horaires
from annuaire.models import Service, Structure
from annuaire.perms import fiches_modifiables, peut_tenir_sa_fiche
from comptes.acces import acteur, objet_ou_refus, page
from comptes.audit import journaliser
from comptes.models import EvenementAudit

AIDE_HORAIRES = (
    "Au format OpenStreetMap, par exemple « Mo-Fr 09:00-12:00,14:00-17:00; PH off » (Mo lundi, "
    "Tu mardi, We mercredi, Th jeudi, Fr vendredi, Sa samedi ; PH off : fermé les jours fériés)."
)


class FicheForm(forms.ModelForm):
    class Meta:
        model = Structure
        fields = [
            "description",
            "adresse",
            "complement_adresse",
            "code_postal",
            "telephone",
            "courriel",
            "site_web",
            "horaires_accueil",
            "modalites_contact",
        ]
        labels = {
            "description": "Présentation",
            "horaires_accueil": "Horaires d'accueil",
            "modalites_contact": "Comment vous joindre",
            "telephone": "Téléphone",
            "courriel": "Adresse électronique",
        }
        help_texts = {
            "horaires_accueil": AIDE_HORAIRES,
            "modalites_contact": "Par exemple « Sur rendez-vous, appeler le matin ».",
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "modalites_contact": forms.Textarea(attrs={"rows": 2}),
            "telephone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
            "courriel": forms.EmailInput(attrs={"autocomplete": "email"}),
        }

    def clean_horaires_accueil(self):
        texte = (self.cleaned_data.get("horaires_accueil") or "").strip()
        erreur = erreur_horaires(texte)
        if erreur:
            raise forms.ValidationError(erreur)
        return texte

    def clean_code_postal(self):
        cp = (self.cleaned_data.get("code_postal") or "").strip()
        if cp and not (len(cp) == 5 and cp.isdigit()):
            raise forms.ValidationError("Le code postal a 5 chiffres, par exemple 77000.")
        return cp


class ServiceForm(forms.ModelForm):
    class Meta:
        model = Service
        fields = [
            "nom",
            "description",
            "publics_precisions",
            "conditions_acces",
            "frais_precisions",
            "mobilisation_precisions",
            "horaires_accueil",
        ]
        labels = {
            "publics_precisions": "Pour qui",
            "conditions_acces": "Conditions d'accès",
            "frais_precisions": "Frais (précisions)",
            "mobilisation_precisions": "Comment en bénéficier",
            "horaires_accueil": "Horaires du service (s'ils diffèrent de ceux de la structure)",
        }
        help_texts = {"horaires_accueil": AIDE_HORAIRES}
        widgets = {
            f: forms.Textarea(attrs={"rows": 2})
            for f in (
                "description",
                "publics_precisions",
                "conditions_acces",
                "frais_precisions",
                "mobilisation_precisions",
            )
        }

    def clean_horaires_accueil(self):
        texte = (self.cleaned_data.get("horaires_accueil") or "").strip()
        erreur = erreur_horaires(texte)
        if erreur:
            raise forms.ValidationError(erreur)
        return texte


def _fiches(request):
    return Structure.objects.filter(**fiches_modifiables(acteur(request)))


@page(peut_tenir_sa_fiche)
def ma_fiche(request):
    """/annuaire/ma-fiche/: the card of the administrator's structure."""
    a = acteur(request)
    if a.structure_id and _fiches(request).filter(pk=a.structure_id).exists():
        return redirect("annuaire:modifier_fiche", pk=a.structure_id)
    return redirect("annuaire:a_mettre_a_jour")


def _marquer_a_jour(structure: Structure) -> None:
    aujourd_hui = timezone.localdate()
    structure.date_maj = aujourd_hui
    structure.verifie_le = aujourd_hui


@page(peut_tenir_sa_fiche)
def modifier_fiche(request, pk: int):
    structure = objet_ou_refus(request, _fiches(request), pk, objet="structure")
    form = FicheForm(request.POST or None, instance=structure)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            fiche = form.save(commit=False)
            _marquer_a_jour(fiche)
            fiche.save()
            journaliser(request, EvenementAudit.Action.MODIFICATION, "structure", objet_id=pk)
        messages.success(request, "La fiche est à jour : elle est publiée dans l'annuaire.")
        return redirect("annuaire:modifier_fiche", pk=pk)
    return render(
        request,
        "annuaire/modifier_fiche.html",
        {
            "title": f"Modifier la fiche — {structure.nom}",
            "s": structure,
            "form": form,
            "services": structure.services.order_by("nom"),
        },
        status=400 if form.errors else 200,
    )


@page(peut_tenir_sa_fiche)
def modifier_service(request, pk: int):
    service = objet_ou_refus(
        request,
        Service.objects.filter(structure__in=_fiches(request)).select_related("structure"),
        pk,
        objet="service",
    )
    form = ServiceForm(request.POST or None, instance=service)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            sv = form.save(commit=False)
            sv.date_maj = timezone.localdate()
            sv.save()
            _marquer_a_jour(service.structure)
            service.structure.save(update_fields=["date_maj", "verifie_le"])
            journaliser(request, EvenementAudit.Action.MODIFICATION, "service", objet_id=pk)
        messages.success(request, f"Le service « {sv.nom} » est à jour.")
        return redirect("annuaire:modifier_fiche", pk=service.structure_id)
    return render(
        request,
        "annuaire/modifier_service.html",
        {"title": f"Modifier le service — {service.nom}", "sv": service, "form": form},
        status=400 if form.errors else 200,
    )
