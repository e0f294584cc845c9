"""ProConnect (OpenID Connect, the State's single sign-on for public agents) through
mozilla-django-oidc.

- Off unless configured (`settings.PROCONNECT_ACTIF`, from the SOLIDARITES_PROCONNECT_*
  variables): the button is hidden, the views answer 404, the backend authenticates no one.
- An identity is matched by e-mail to ONE active account; then the agent is logged in with that
  account's structure and role.
- Otherwise nothing is created with rights: an access request (`DemandeAcces`: e-mail, name,
  SIRET → the structure of the directory with that SIRET) waits for an administrator, who
  approves it with a role (`comptes/demandes_acces.py`).
- Logout ends the ProConnect session too (`url_deconnexion_fournisseur`).
"""

from __future__ import annotations

import logging
import re
from urllib.parse import urlencode

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import Http404
from django.urls import reverse
from django.utils.crypto import get_random_string
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from comptes.models import DemandeAcces

logger = logging.getLogger("solidarites.proconnect")

MESSAGE_DEMANDE = (
    "Aucun compte actif n'est associé à l'adresse {courriel}. Votre demande d'accès est "
    "enregistrée : l'administrateur de votre structure{structure} lui attribuera un rôle ; vous "
    "pourrez alors vous connecter avec ProConnect."
)
MESSAGE_AMBIGU = (
    "Plusieurs comptes utilisent l'adresse {courriel} : la connexion par ProConnect est refusée. "
    "Demandez à l'administrateur de votre structure de corriger les comptes."
)
MESSAGE_DESACTIVE = (
    "Le compte associé à l'adresse {courriel} est désactivé. Adressez-vous à l'administrateur de "
    "votre structure."
)


def actif() -> bool:
    return bool(getattr(settings, "PROCONNECT_ACTIF", False))


def structure_du_siret(siret: str):
    """The one structure of the directory with this SIRET, else None (none, or several)."""
    if not re.fullmatch(r"\d{14}", siret or ""):
        return None
    Structure = apps.get_model("annuaire", "Structure")
    trouvees = list(Structure.objects.filter(siret=siret)[:2])
    return trouvees[0] if len(trouvees) == 1 else None


def enregistrer_demande(claims: dict) -> DemandeAcces:
    """Records (or refreshes) the pending access request of this e-mail."""
    courriel = claims["email"].strip().lower()
    siret = re.sub(r"\s", "", str(claims.get("siret") or ""))[:14]
    valeurs = {
        "prenom": str(claims.get("given_name") or "")[:150],
        "nom": str(claims.get("usual_name") or claims.get("family_name") or "")[:150],
        "siret": siret,
        "sub": str(claims.get("sub") or "")[:255],
        "structure": structure_du_siret(siret),
    }
    demande = DemandeAcces.objects.filter(
        courriel__iexact=courriel, statut=DemandeAcces.Statut.EN_ATTENTE
    ).first()
    if demande is None:
        return DemandeAcces.objects.create(courriel=courriel, **valeurs)
    for champ, valeur in valeurs.items():
        setattr(demande, champ, valeur)
    demande.save()
    return demande


class BackendProConnect(OIDCAuthenticationBackend):
    """Authenticates a ProConnect identity against the existing accounts, never creates one."""

    def authenticate(self, request, **kwargs):
        if not actif() or request is None:
            return None
        return super().authenticate(request, **kwargs)

    def filter_users_by_claims(self, claims):
        courriel = (claims.get("email") or "").strip()
        if not courriel:
            return self.UserModel.objects.none()
        return self.UserModel.objects.filter(email__iexact=courriel, is_active=True)

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        if not self.verify_claims(claims):
            self._dire(messages.ERROR, "ProConnect n'a pas transmis d'adresse électronique.")
            return None
        courriel = claims["email"].strip()
        comptes = list(self.filter_users_by_claims(claims)[:2])
        if len(comptes) == 1:
            return comptes[0]
        if len(comptes) > 1:
            self._dire(messages.ERROR, MESSAGE_AMBIGU.format(courriel=courriel))
            return None
        if get_user_model().objects.filter(email__iexact=courriel, is_active=False).exists():
            self._dire(messages.ERROR, MESSAGE_DESACTIVE.format(courriel=courriel))
            return None
        demande = enregistrer_demande(claims)
        logger.info("Demande d'accès ProConnect enregistrée (n° %s)", demande.pk)
        structure = f" ({demande.structure.nom})" if demande.structure else ""
        self._dire(messages.INFO, MESSAGE_DEMANDE.format(courriel=courriel, structure=structure))
        return None

    def _dire(self, niveau, texte):
        if getattr(self, "request", None) is not None:
            messages.add_message(self.request, niveau, texte)


class Connexion(OIDCAuthenticationRequestView):
    """Starts the authorization-code flow (redirect to ProConnect)."""

    def get(self, request):
        if not actif():
            raise Http404("La connexion par ProConnect n'est pas configurée.")
        return super().get(request)


class Retour(OIDCAuthenticationCallbackView):
    """ProConnect sends the agent back here with a code: token, identity, then account."""

    def get(self, request):
        if not actif():
            raise Http404("La connexion par ProConnect n'est pas configurée.")
        if request.GET.get("error"):
            messages.error(request, "La connexion par ProConnect a été annulée ou refusée.")
        return super().get(request)

    def login_success(self):
        reponse = super().login_success()
        self.request.session["proconnect"] = True
        return reponse


def url_deconnexion_fournisseur(request) -> str | None:
    """The ProConnect end-session URL (RP-initiated logout) when the session came from it,
    computed before the local session ends (it holds the id_token)."""
    id_token = request.session.get("oidc_id_token")
    fin = getattr(settings, "OIDC_OP_LOGOUT_ENDPOINT", "")
    if not (actif() and id_token and fin):
        return None
    parametres = {
        "id_token_hint": id_token,
        "state": get_random_string(32),
        "post_logout_redirect_uri": request.build_absolute_uri(reverse("comptes:connexion")),
    }
    return f"{fin}?{urlencode(parametres)}"
