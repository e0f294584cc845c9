"""Error answers in French: JSON `{"detail", "erreurs": [{"champ", "message"}]}` on the API,
an HTML page for people everywhere else."""

from __future__ import annotations

from django.http import JsonResponse
from django.shortcuts import render

PREFIXE_API = "/api/"


def est_api(request) -> bool:
    return request.path.startswith(PREFIXE_API)


def reponse_erreur(request, status: int, detail: str, *, champ: str = "", message: str = ""):
    if est_api(request):
        corps: dict = {"detail": detail}
        if champ:
            corps["erreurs"] = [{"champ": champ, "message": message or detail}]
        reponse = JsonResponse(corps, status=status)
    else:
        reponse = render(
            request,
            "pages/erreur.html",
            {"title": detail, "detail": detail, "message": message, "status": status},
            status=status,
        )
    reponse["Cache-Control"] = "no-store"
    return reponse
