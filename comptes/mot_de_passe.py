"""Passwords (issue 18): an agent changes its own; a structure's administrator resets one of
its accounts with a one-time link (valid until used or until the password changes, Django's
token), handed to the agent or e-mailed through the job queue."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm
from django.contrib.auth.tokens import default_token_generator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.views.decorators.http import require_POST

from comptes.acces import page, page_publique
from comptes.audit import Action, journaliser
from comptes.models import Membre
from comptes.permissions import est_connecte, peut_consulter_audit


class FormulaireChangement(PasswordChangeForm):
    error_messages = {
        **PasswordChangeForm.error_messages,
        "password_incorrect": "Le mot de passe actuel est incorrect.",
    }


@page(est_connecte)
def changer(request):
    form = FormulaireChangement(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        update_session_auth_hash(request, form.user)  # other sessions of the account end
        journaliser(request, Action.MODIFICATION, "mot_de_passe")
        messages.success(request, "Votre mot de passe est changé.")
        return redirect("comptes:mon_compte")
    return render(
        request, "comptes/mot_de_passe.html", {"title": "Changer mon mot de passe", "form": form}
    )


def lien_reinitialisation(request, user) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    jeton = default_token_generator.make_token(user)
    return request.build_absolute_uri(
        reverse("comptes:reinitialiser", kwargs={"uidb64": uid, "token": jeton})
    )


@require_POST
@page(peut_consulter_audit)
def reinitialiser_membre(request, pk: int):
    """An administrator resets the password of an account of its own structure."""
    m = (
        Membre.objects.select_related("utilisateur")
        .filter(pk=pk, structure_id=request.user.membre.structure_id)
        .first()
    )
    if m is None:
        raise Http404("Ressource introuvable.")
    user = m.utilisateur
    user.set_unusable_password()  # the old password stops working at once
    user.save(update_fields=["password"])
    lien = lien_reinitialisation(request, user)
    journaliser(request, Action.MODIFICATION, "mot_de_passe", objet_id=user.pk)
    if user.email:
        from solidarites.taches import programmer_courriel

        programmer_courriel(
            user.email,
            "Solidarités : choisissez un nouveau mot de passe",
            f"Votre administrateur a réinitialisé votre mot de passe. Choisissez-en un nouveau : "
            f"{lien}\nCe lien ne sert qu'une fois.",
        )
    return render(
        request,
        "comptes/reinitialisation_lien.html",
        {"title": "Mot de passe réinitialisé", "membre": m, "lien": lien},
    )


class FormulaireNouveau(SetPasswordForm):
    pass


reinitialiser = page_publique(
    auth_views.PasswordResetConfirmView.as_view(
        template_name="comptes/mot_de_passe.html",
        form_class=FormulaireNouveau,
        success_url="/comptes/connexion/?mot_de_passe=1",
        extra_context={"title": "Choisir un nouveau mot de passe", "nouveau": True},
    )
)
