"""THE access gate: every page and API endpoint of the project goes through it.

- `@page(regle)`: a page for logged-in accounts whose `Acteur` satisfies `regle` (a plain-Python
  predicate of `<app>/perms.py`). Not logged in → redirect to the login page; the rule refuses →
  403 with a French message saying what is refused (the predicate's `refus` attribute).
- `@page_publique`: marks a page (or an API operation) that shows no personal data.
- `api_acces(regle)`: the django-ninja `auth` of a router or an operation: 401 JSON
  « Authentification requise. » when not logged in, 403 JSON `{"detail": "…"}` when the rule
  refuses.
- `objet_ou_refus(request, visibles, pk, objet=…, personne=…)`: loads one object among those the
  actor may see, or answers 404 « Ressource introuvable. » whether it does not exist or is not
  visible (ids do not leak); a refusal of an existing object is written to the audit trail.

`comptes/tests/test_acces_partout.py` fails when a URL or an API operation is neither behind the
gate nor marked public. See docs/modules/comptes.md.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja.errors import AuthenticationError, HttpError
from ninja.security import SessionAuth
from ninja.utils import check_csrf

from comptes.permissions import ANONYME, Acteur, acteur_de

SURS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
REFUS_PAR_DEFAUT = "Votre rôle ne donne pas accès à cette page."
INTROUVABLE = "Ressource introuvable."


def acteur(request) -> Acteur:
    """The request's actor (set by the middleware; computed here for requests built without it)."""
    a = getattr(request, "acteur", None)
    if a is None:
        a = acteur_de(getattr(request, "user", None)) if request is not None else ANONYME
        if request is not None:
            request.acteur = a
    return a


def message_refus(regle, refus: str | None = None) -> str:
    return refus or getattr(regle, "refus", None) or REFUS_PAR_DEFAUT


def page(regle, *, refus: str | None = None):
    """Page decorator: login required, then `regle(request.acteur)` or 403 (French message)."""

    def deco(vue):
        @wraps(vue)
        def enveloppe(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not regle(acteur(request)):
                raise PermissionDenied(message_refus(regle, refus))
            return vue(request, *args, **kwargs)

        enveloppe.acces_regle = regle
        return enveloppe

    return deco


def page_publique(vue):
    """Marks a page or an API operation open to everyone (it shows no personal data)."""
    vue.acces_public = True
    return vue


class api_acces(SessionAuth):  # noqa: N801 (used like a function: `auth=api_acces(regle)`)
    """django-ninja auth on Django's session: 401 when not logged in, then the CSRF check of
    unsafe methods (as ninja's `django_auth`), then 403 `{"detail"}` when `regle` refuses."""

    def __init__(self, regle, *, refus: str | None = None):
        super().__init__(csrf=True)
        self.regle = regle
        self.refus = message_refus(regle, refus)

    def __call__(self, request):
        if not request.user.is_authenticated:
            raise AuthenticationError()
        # The session cookie authenticates: a write must carry the CSRF token (django-ninja's
        # views are exempt at Django's level; its SessionAuth checked it, so does the gate).
        if request.method not in SURS and not getattr(request, "_ninja_csrf_exempt", False):
            if check_csrf(request):
                raise HttpError(403, "CSRF check Failed")
        a = acteur(request)
        if not self.regle(a):
            raise HttpError(403, self.refus)
        return request.user

    def __repr__(self):
        return f"api_acces({getattr(self.regle, '__name__', self.regle)!r})"


def objet_ou_refus(request, visibles, pk, *, objet: str, personne=None, condition=None):
    """The object `pk` among `visibles` (a queryset the actor may see), or Http404.

    Same answer whether the object does not exist or is not visible; when it exists, the refusal
    is audited (`Action.REFUS`, with the file it belongs to: `personne(obj)`). `condition(obj)`,
    when given, is a last check that a queryset cannot express (false: refused the same way).
    """
    try:
        trouve = visibles.filter(pk=pk).first()
        if trouve is not None and condition is not None and not condition(trouve):
            trouve, existant = None, trouve
        else:
            existant = None if trouve else visibles.model._default_manager.filter(pk=pk).first()
    except (ValueError, TypeError, ValidationError):  # not even a valid id
        raise Http404(INTROUVABLE) from None
    if trouve is not None:
        return trouve
    if existant is not None:
        from comptes.audit import Action, journaliser

        journaliser(
            request,
            Action.REFUS,
            objet,
            objet_id=existant.pk if isinstance(existant.pk, int) else None,
            personne=personne(existant) if personne is not None else None,
        )
    raise Http404(INTROUVABLE)
