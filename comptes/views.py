"""Login, logout, lockout, my account, and the audit trail for administrators."""

from __future__ import annotations

import re

import django_filters
from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from comptes import proconnect
from comptes.acces import acteur, page
from comptes.models import EvenementAudit, Membre
from comptes.permissions import est_connecte, peut_consulter_audit
from comptes.roles import CHOICES as ROLE_CHOICES
from solidarites.tableur import ecrivain_csv


class FormulaireConnexion(AuthenticationForm):
    error_messages = {
        "invalid_login": (
            "Identifiant ou mot de passe incorrect. Après 5 essais infructueux, le compte est "
            "bloqué pendant 15 minutes."
        ),
        "inactive": "Ce compte est désactivé.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Identifiant"
        self.fields["password"].label = "Mot de passe"
        self.fields["username"].widget.attrs.update(
            {"class": "fr-input", "autocomplete": "username"}
        )
        self.fields["password"].widget.attrs.update(
            {"class": "fr-input", "autocomplete": "current-password"}
        )


class Connexion(auth_views.LoginView):
    template_name = "comptes/connexion.html"
    authentication_form = FormulaireConnexion
    redirect_authenticated_user = True
    extra_context = {"title": "Connexion à l'espace professionnel"}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "proconnect": proconnect.actif()}

    def get_default_redirect_url(self):
        return "/accueil/"


class Deconnexion(auth_views.LogoutView):
    """Ends the local session and, when it came from ProConnect, the ProConnect session too
    (the agent is sent to ProConnect's end-session endpoint, which brings them back here)."""

    http_method_names = ["post", "options"]

    def post(self, request, *args, **kwargs):
        fournisseur = proconnect.url_deconnexion_fournisseur(request)
        reponse = super().post(request, *args, **kwargs)
        if fournisseur:
            return HttpResponseRedirect(fournisseur)
        return reponse


@page(est_connecte)
def mon_compte(request):
    membre = getattr(request.user, "membre", None)
    return render(request, "comptes/mon_compte.html", {"title": "Mon compte", "membre": membre})


class FiltreAudit(django_filters.FilterSet):
    du = django_filters.DateFilter(
        field_name="horodatage",
        lookup_expr="date__gte",
        label="Du",
        widget=forms.DateInput(attrs={"type": "date", "class": "fr-input"}),
    )
    au = django_filters.DateFilter(
        field_name="horodatage",
        lookup_expr="date__lte",
        label="Au",
        widget=forms.DateInput(attrs={"type": "date", "class": "fr-input"}),
    )
    identifiant = django_filters.CharFilter(
        lookup_expr="iexact",
        label="Compte (identifiant)",
        widget=forms.TextInput(attrs={"class": "fr-input"}),
    )
    action = django_filters.ChoiceFilter(
        choices=EvenementAudit.Action.choices,
        label="Action",
        empty_label="Toutes",
        widget=forms.Select(attrs={"class": "fr-select"}),
    )
    personne_id = django_filters.NumberFilter(
        label="N° de dossier", widget=forms.NumberInput(attrs={"class": "fr-input"})
    )

    class Meta:
        model = EvenementAudit
        fields = ["du", "au", "identifiant", "action", "personne_id"]


def evenements_visibles(a):
    """An administrator sees the events of their structure's accounts and on its files."""
    if not peut_consulter_audit(a):
        return EvenementAudit.objects.none()
    s = a.structure_id
    return EvenementAudit.objects.filter(Q(structure_id=s) | Q(structure_dossier_id=s))


@page(peut_consulter_audit)
def journal(request):
    filtre = FiltreAudit(request.GET, queryset=evenements_visibles(acteur(request)))
    page = Paginator(filtre.qs.select_related("structure"), 50).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "comptes/journal.html",
        {"title": "Journal d'audit", "filtre": filtre, "page": page, "params": params.urlencode()},
    )


class _Echo:
    def write(self, value):
        return value


@page(peut_consulter_audit)
def journal_csv(request):
    filtre = FiltreAudit(request.GET, queryset=evenements_visibles(acteur(request)))
    writer = ecrivain_csv(_Echo(), delimiter=";")
    entete = [
        "horodatage",
        "identifiant",
        "structure",
        "action",
        "objet",
        "objet_id",
        "dossier",
        "ip",
        "canal",
        "chemin",
    ]

    def lignes():
        yield "\ufeff" + writer.writerow(entete)
        for e in filtre.qs.select_related("structure").iterator():
            yield writer.writerow(
                [
                    timezone.localtime(e.horodatage).isoformat(timespec="seconds"),
                    e.identifiant,
                    e.structure.nom if e.structure else "",
                    e.action,
                    e.objet,
                    e.objet_id or "",
                    e.personne_id or "",
                    e.ip or "",
                    e.canal,
                    e.chemin,
                ]
            )

    reponse = StreamingHttpResponse(lignes(), content_type="text/csv; charset=utf-8")
    reponse["Content-Disposition"] = 'attachment; filename="journal-audit.csv"'
    return reponse


class FormulaireMembre(forms.Form):
    identifiant = forms.CharField(
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        help_text="Par exemple prenom.nom. Lettres, chiffres et . - _ seulement.",
    )
    role = forms.ChoiceField(label="Rôle", choices=ROLE_CHOICES)
    courriel = forms.EmailField(
        label="Courriel professionnel (facultatif)",
        required=False,
        help_text="L'adresse de la personne chez ProConnect : avec elle, la personne se connecte "
        "aussi par ProConnect, sur ce compte.",
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    mot_de_passe = forms.CharField(
        label="Mot de passe provisoire",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="12 caractères au moins ; à transmettre à la personne de vive voix.",
    )

    def clean_identifiant(self):
        valeur = self.cleaned_data["identifiant"].strip()
        if not re.fullmatch(r"[\w.\-]+", valeur):
            raise forms.ValidationError("Lettres, chiffres et . - _ seulement.")
        if get_user_model().objects.filter(username__iexact=valeur).exists():
            raise forms.ValidationError("Cet identifiant est déjà pris.")
        return valeur

    def clean_courriel(self):
        valeur = self.cleaned_data["courriel"].strip().lower()
        if valeur and get_user_model().objects.filter(email__iexact=valeur).exists():
            # One account per address: ProConnect would not know which one to open.
            raise forms.ValidationError("Un autre compte utilise déjà cette adresse.")
        return valeur

    def clean(self):
        donnees = super().clean()
        mdp = donnees.get("mot_de_passe")
        if mdp:
            try:
                password_validation.validate_password(
                    mdp, get_user_model()(username=donnees.get("identifiant", ""))
                )
            except forms.ValidationError as e:
                self.add_error("mot_de_passe", e)
        return donnees


@page(peut_consulter_audit)
def membres(request):
    """The structure's administrator manages its accounts (create, deactivate, reactivate)."""
    structure = request.user.membre.structure
    form = FormulaireMembre(request.POST or None)
    if request.method == "POST" and "basculer" in request.POST:
        if not str(request.POST["basculer"]).isdigit():  # a malformed toggle: not a 500
            raise Http404("Ressource introuvable.")
        m = get_object_or_404(Membre, pk=request.POST["basculer"], structure=structure)
        if m.utilisateur_id == request.user.pk:
            messages.error(request, "Vous ne pouvez pas désactiver votre propre compte.")
        else:
            m.actif = not m.actif
            m.save(update_fields=["actif"])
            m.utilisateur.is_active = m.actif  # a deactivated account can no longer log in
            m.utilisateur.save(update_fields=["is_active"])
            messages.success(
                request,
                f"Compte {m.utilisateur.get_username()} {'réactivé' if m.actif else 'désactivé'}.",
            )
        return redirect("comptes:membres")
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        with transaction.atomic():
            user = get_user_model().objects.create_user(
                c["identifiant"], email=c["courriel"], password=c["mot_de_passe"]
            )
            Membre.objects.create(utilisateur=user, structure=structure, role=c["role"])
        messages.success(request, f"Compte {user.get_username()} créé.")
        return redirect("comptes:membres")
    return render(
        request,
        "comptes/membres.html",
        {
            "title": "Comptes de ma structure",
            "structure": structure,
            "form": form,
            "membres": structure.membres.select_related("utilisateur").order_by(
                "utilisateur__username"
            ),
        },
    )
