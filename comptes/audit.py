"""The audit trail: who read or changed which file, when, from where.

`journaliser` is called by every page, API endpoint and command that reads or writes a person's
file. It stores ids only (never names or contents) and never writes to the logs.
"""

from __future__ import annotations

from comptes.models import EvenementAudit

Action = EvenementAudit.Action


def adresse_ip(request) -> str | None:
    """The client's address. Behind a reverse proxy, configure it to set REMOTE_ADDR
    (X-Forwarded-For is not trusted here: a client could forge it)."""
    if request is None:
        return None
    ip = request.META.get("REMOTE_ADDR") or None
    return ip


def journaliser(
    request,
    action: str,
    objet: str,
    *,
    objet_id: int | None = None,
    personne=None,
    canal: str | None = None,
    user=None,
) -> EvenementAudit:
    from comptes.permissions import acteur_de

    user = user if user is not None else getattr(request, "user", None)
    authentifie = user is not None and getattr(user, "is_authenticated", False)
    structure_id = acteur_de(user).structure_id if authentifie else None  # resolved once
    chemin = request.path[:200] if request is not None else ""
    if canal is None:
        canal = "api" if chemin.startswith("/api/") else ("page" if request else "commande")
    return EvenementAudit.objects.create(
        utilisateur=user if authentifie else None,
        identifiant=user.get_username() if authentifie else "",
        structure_id=structure_id,
        action=action,
        objet=objet,
        objet_id=objet_id,
        personne_id=personne.pk if personne is not None else None,
        structure_dossier_id=personne.structure_id if personne is not None else None,
        ip=adresse_ip(request),
        canal=canal,
        chemin=chemin,
    )
