"""PROVISOIRE (branche pilotage) : interface de la porte d'accès décrite par le brief, en
attendant la version du helper `gate`. Remplacé tel quel par la sienne à la fusion."""

from __future__ import annotations

from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja.errors import HttpError
from ninja.security import SessionAuth


@dataclass(frozen=True)
class Acteur:
    utilisateur_id: int | None = None
    structure_id: int | None = None
    role: str | None = None
    departement: str | None = None
    type_structure: str | None = None


ANONYME = Acteur()


def acteur_de_requete(request) -> Acteur:
    a = getattr(request, "acteur", None)
    if a is not None:
        return a
    user = getattr(request, "user", None)
    a = ANONYME
    if user is not None and user.is_authenticated and user.is_active:
        m = getattr(user, "membre", None) if hasattr(user, "membre") else None
        if m is not None and m.actif:
            a = Acteur(
                user.pk, m.structure_id, m.role, m.structure.departement_id, m.structure.typologie
            )
        else:
            a = Acteur(utilisateur_id=user.pk)
    request.acteur = a
    return a


def page(regle):
    def deco(vue):
        @wraps(vue)
        def enveloppe(request, *args, **kwargs):
            a = acteur_de_requete(request)
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path(), "/comptes/connexion/")
            if not regle(a):
                raise PermissionDenied("Votre rôle ne donne pas accès à cette page.")
            return vue(request, *args, **kwargs)

        return enveloppe

    return deco


def page_publique(vue):
    @wraps(vue)
    def enveloppe(request, *args, **kwargs):
        acteur_de_requete(request)
        return vue(request, *args, **kwargs)

    enveloppe.page_publique = True
    return enveloppe


class api_acces(SessionAuth):  # noqa: N801
    def __init__(self, regle):
        super().__init__()
        self.regle = regle

    def authenticate(self, request, key):
        if not request.user.is_authenticated:
            return None
        a = acteur_de_requete(request)
        if not self.regle(a):
            raise HttpError(403, "Votre rôle ne donne pas accès à cette ressource.")
        return a


def objet_ou_refus(request, queryset_visible, pk, *, objet="objet", personne=None):
    from comptes.audit import journaliser

    o = queryset_visible.filter(pk=pk).first()
    if o is not None:
        return o
    if queryset_visible.model._default_manager.filter(pk=pk).exists():
        journaliser(request, "refus", objet, objet_id=pk)
    raise Http404
