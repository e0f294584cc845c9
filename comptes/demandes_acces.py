"""ProConnect access requests: an administrator approves one with a role (the account is created
then, in their structure, without a password: it logs in with ProConnect) or refuses it.

Who sees which requests (`demandes_visibles`): the administrator of a structure, those of their
structure (found by SIRET; or, when several structures share the SIRET, those of that SIRET);
the platform's team (`equipe`), all of them, and only they may choose the structure of a
request whose SIRET matches no structure."""

from __future__ import annotations

from django import forms
from django.apps import apps
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils import timezone

from comptes.acces import acteur, objet_ou_refus, page
from comptes.audit import journaliser
from comptes.models import DemandeAcces, EvenementAudit, Membre
from comptes.permissions import Acteur, peut_traiter_demandes_acces
from comptes.roles import CHOICES as ROLE_CHOICES


def demandes_visibles(a: Acteur):
    if not peut_traiter_demandes_acces(a):
        return DemandeAcces.objects.none()
    if a.equipe:
        return DemandeAcces.objects.all()
    Structure = apps.get_model("annuaire", "Structure")
    siret = Structure.objects.filter(pk=a.structure_id).exclude(siret="").values("siret")
    return DemandeAcces.objects.filter(
        Q(structure_id=a.structure_id) | Q(structure__isnull=True, siret__in=siret)
    )


def structures_possibles(a: Acteur, demande: DemandeAcces):
    """Where the account may be created: an administrator, only in their own structure; the
    team, in the structure found by SIRET, or else any structure of the directory."""
    Structure = apps.get_model("annuaire", "Structure")
    if a.equipe:
        if demande.structure_id:
            return Structure.objects.filter(pk=demande.structure_id)
        return Structure.objects.order_by("departement_id", "nom")
    return Structure.objects.filter(pk=a.structure_id)


class FormulaireDecision(forms.Form):
    decision = forms.ChoiceField(
        label="Décision",
        choices=[("approuver", "Approuver avec un rôle"), ("refuser", "Refuser")],
        widget=forms.RadioSelect,
    )
    role = forms.ChoiceField(
        label="Rôle accordé", choices=[("", "— choisir —"), *ROLE_CHOICES], required=False
    )
    structure = forms.ModelChoiceField(
        label="Structure du compte", queryset=None, required=False, empty_label="— choisir —"
    )

    def __init__(self, *args, structures, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["structure"].queryset = structures
        if structures.count() == 1:
            self.fields["structure"].initial = structures.first().pk

    def clean(self):
        donnees = super().clean()
        if donnees.get("decision") == "approuver":
            if not donnees.get("role"):
                self.add_error("role", "Choisissez le rôle du compte.")
            if not donnees.get("structure"):
                self.add_error("structure", "Choisissez la structure du compte.")
        return donnees


def _identifiant_libre(courriel: str) -> str:
    User = get_user_model()
    base = courriel.lower()[:140]
    identifiant, n = base, 1
    while User.objects.filter(username__iexact=identifiant).exists():
        n += 1
        identifiant = f"{base}-{n}"
    return identifiant


@transaction.atomic
def approuver(request, demande: DemandeAcces, *, role: str, structure) -> Membre:
    """Creates the account (no password: ProConnect only) with its membership, audited."""
    User = get_user_model()
    user = User.objects.create_user(
        _identifiant_libre(demande.courriel),
        email=demande.courriel,
        first_name=demande.prenom[:150],
        last_name=demande.nom[:150],
    )
    user.set_unusable_password()
    user.save(update_fields=["password"])
    membre = Membre.objects.create(utilisateur=user, structure=structure, role=role)
    demande.statut = DemandeAcces.Statut.APPROUVEE
    demande.role, demande.compte, demande.structure = role, user, structure
    demande.traitee_par, demande.traitee_le = request.user, timezone.now()
    demande.save()
    journaliser(request, EvenementAudit.Action.CREATION, "compte", objet_id=user.pk)
    return membre


@page(peut_traiter_demandes_acces)
def liste(request):
    a = acteur(request)
    visibles = demandes_visibles(a).select_related("structure", "compte")
    return render(
        request,
        "comptes/demandes_acces.html",
        {
            "title": "Demandes d'accès par ProConnect",
            "en_attente": visibles.filter(statut=DemandeAcces.Statut.EN_ATTENTE),
            "traitees": visibles.exclude(statut=DemandeAcces.Statut.EN_ATTENTE)[:50],
        },
    )


@page(peut_traiter_demandes_acces)
def decider(request, pk: int):
    a = acteur(request)
    demande = objet_ou_refus(
        request,
        demandes_visibles(a).select_related("structure"),
        pk,
        objet="demande_acces",
    )
    if demande.statut != DemandeAcces.Statut.EN_ATTENTE:
        messages.info(request, "Cette demande a déjà été traitée.")
        return redirect("comptes:demandes_acces")
    form = FormulaireDecision(request.POST or None, structures=structures_possibles(a, demande))
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        if c["decision"] == "refuser":
            demande.statut = DemandeAcces.Statut.REFUSEE
            demande.traitee_par, demande.traitee_le = request.user, timezone.now()
            demande.save()
            journaliser(
                request, EvenementAudit.Action.MODIFICATION, "demande_acces", objet_id=demande.pk
            )
            messages.success(request, f"Demande de {demande.courriel} refusée.")
        else:
            membre = approuver(request, demande, role=c["role"], structure=c["structure"])
            messages.success(
                request,
                f"Compte {membre.utilisateur.get_username()} créé ({membre.get_role_display()}, "
                f"{membre.structure.nom}) : la personne peut se connecter avec ProConnect.",
            )
        return redirect("comptes:demandes_acces")
    return render(
        request,
        "comptes/demande_acces.html",
        {"title": f"Demande d'accès de {demande.nom_complet}", "demande": demande, "form": form},
    )
