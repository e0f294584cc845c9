"""`request.acteur`: who is asking, resolved once per request (lazily: one query at most, none
for pages that never ask)."""

from __future__ import annotations

from django.utils.functional import SimpleLazyObject

from comptes.permissions import acteur_de


class ActeurMiddleware:
    """After AuthenticationMiddleware: sets `request.acteur` (an immutable `Acteur`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.acteur = SimpleLazyObject(lambda: acteur_de(getattr(request, "user", None)))
        return self.get_response(request)
