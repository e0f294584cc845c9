"""Keeping a bilan's result (public pages, no account): reopen it with its code, receive it by
e-mail, ask to be called back with it attached.

The result shown comes from the session (`bilan_resultat`: the situation and the result as JSON,
set by the questionnaire or by a reopened code). Nothing is stored without the person's consent
(`bilan.views.conserver`, or the call-back form's consent box).
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from bilan.models import TEXTE_CONSENTEMENT
from bilan.moteur import ResultatBilan
from bilan.restitution import contexte_resultat, texte_courriel
from bilan.services import (
    QuotaAtteint,
    autoriser_courriel,
    compter_code_errone,
    conserver_bilan,
    essai_de_code_permis,
    ouvrir_bilan_conserve,
)
from comptes.acces import page_publique
from solidarites.envois import EnvoiImpossible
from solidarites.taches import programmer_courriel

SESSION = "bilan_resultat"
ENVOIS_MAX = 3  # e-mails per session: the form must not become a way to send mail to anyone


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code de votre bilan",
        max_length=12,
        help_text="8 lettres et chiffres, par exemple ABCD-EF23 (les tirets et les majuscules "
        "ne comptent pas).",
        error_messages={"required": "Code de votre bilan : indiquez le code qui vous a été donné."},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def clean_code(self):
        conserve = ouvrir_bilan_conserve(self.cleaned_data["code"])
        if conserve is None:
            raise forms.ValidationError(
                "Code de votre bilan : aucun bilan conservé ne correspond à ce code (il est "
                "peut-être expiré : un bilan est gardé 30 jours)."
            )
        return conserve


class CourrielForm(forms.Form):
    courriel = forms.EmailField(
        label="Votre adresse électronique",
        help_text="Format attendu : nom@exemple.fr. Elle sert seulement à cet envoi : elle "
        "est effacée dès le courriel parti.",
        error_messages={
            "required": "Adresse électronique : indiquez l'adresse où envoyer le bilan.",
            "invalid": "Adresse électronique : le format attendu est nom@exemple.fr.",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


def _garde(request) -> dict | None:
    return request.session.get(SESSION)


def afficher(request, garde: dict, *, status: int = 200, **extra):
    """The result page from a kept result (situation, resultat, optional code)."""
    resultat = ResultatBilan.model_validate(garde["resultat"])
    contexte = contexte_resultat(garde["situation"], resultat)
    contexte.update(
        {
            "title": "Résultat de mon bilan",
            "situation": garde["situation"],
            "consentement": TEXTE_CONSENTEMENT,
            "code": garde.get("code", ""),
            "form_code": CodeForm(),
            "form_courriel": CourrielForm(),
        }
    )
    contexte.update(extra)
    return render(request, "bilan/resultats.html", contexte, status=status)


@page_publique
def retrouver(request):
    """/bilan/retrouver/: reopen a kept bilan with its code."""
    form = CodeForm(request.POST or None)
    client = request.META.get("REMOTE_ADDR")
    if request.method == "POST" and not essai_de_code_permis(client):
        return render(
            request,
            "bilan/retrouver.html",
            {
                "title": "Retrouver mon bilan avec son code",
                "form": CodeForm(),
                "titre_erreur": True,
                "erreur_quota": "Trop de codes erronés depuis cette connexion dans l'heure : "
                "réessayez dans une heure, ou demandez votre code au travailleur social qui "
                "vous suit.",
            },
            status=429,
        )
    if request.method == "POST" and not form.is_valid() and "code" in form.errors:
        compter_code_errone(client)
    if request.method == "POST" and form.is_valid():
        conserve = form.cleaned_data["code"]
        request.session[SESSION] = {
            "situation": conserve.situation,
            "resultat": conserve.resultat,
            "code": conserve.code_affiche,
        }
        return redirect("bilan:mon_bilan")
    return render(
        request,
        "bilan/retrouver.html",
        {"title": "Retrouver mon bilan avec son code", "form": form},
        status=400 if form.errors else 200,
    )


@page_publique
def mon_bilan(request):
    """/bilan/mon-bilan/: the result kept in the session (after the questionnaire or a code)."""
    garde = _garde(request)
    if not garde:
        return redirect("bilan:retrouver")
    return afficher(request, garde)


@page_publique
@require_POST
def envoyer(request):
    """Send the result by e-mail (the address is not stored)."""
    garde = _garde(request)
    if not garde:
        messages.error(request, "Faites d'abord votre bilan.")
        return redirect("bilan:accueil")
    form = CourrielForm(request.POST)
    envois = request.session.get("bilan_envois", 0)
    if envois >= ENVOIS_MAX:
        form.add_error(
            None, f"Vous avez déjà envoyé ce bilan {ENVOIS_MAX} fois : imprimez-le plutôt."
        )
    if form.is_valid():
        try:
            autoriser_courriel(form.cleaned_data["courriel"], request.META.get("REMOTE_ADDR"))
        except QuotaAtteint as exc:
            form.add_error(None, str(exc))
            return afficher(request, garde, status=429, form_courriel=form, titre_erreur=True)
        resultat = ResultatBilan.model_validate(garde["resultat"])
        try:
            programmer_courriel(
                form.cleaned_data["courriel"],
                "Votre bilan d'accès aux droits",
                texte_courriel(garde["situation"], resultat, code=garde.get("code", "")),
            )
        except EnvoiImpossible as exc:
            form.add_error("courriel", f"Adresse électronique : {exc}")
        else:
            request.session["bilan_envois"] = envois + 1
            messages.success(
                request,
                "Le bilan a été envoyé à l'adresse indiquée. Pensez à regarder dans les "
                "courriers indésirables.",
            )
            return redirect(reverse("bilan:mon_bilan") + "#garder")
    return afficher(request, garde, status=400, form_courriel=form, titre_erreur=True)


@page_publique
@require_POST
def etre_rappele(request):
    """Ask to be called back with this bilan: it is kept (consent ticked) and its code goes
    with the call-back form, so the agent sees it without retyping."""
    garde = _garde(request)
    if not garde:
        messages.error(request, "Faites d'abord votre bilan.")
        return redirect("bilan:accueil")
    if not garde.get("code"):
        if request.POST.get("consentement") != "oui":
            return afficher(
                request,
                garde,
                status=400,
                titre_erreur=True,
                erreur_rappel="Pour joindre votre bilan à la demande, cochez la case d'accord.",
            )
        try:
            conserve = conserver_bilan(
                garde["situation"], garde["resultat"], client=request.META.get("REMOTE_ADDR")
            )
        except QuotaAtteint as exc:
            return afficher(request, garde, status=429, titre_erreur=True, erreur_rappel=str(exc))
        garde = {**garde, "code": conserve.code_affiche}
        request.session[SESSION] = garde
    commune = garde["situation"].get("commune", "")
    return redirect(reverse("accueil:demande") + f"?code_bilan={garde['code']}&commune={commune}")
