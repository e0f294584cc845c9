"""Services of the bilan for the other apps (the accueil opens a kept bilan by its code)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from bilan.models import BilanConserve, normaliser_code


def ouvrir_bilan_conserve(code: str) -> BilanConserve | None:
    """The kept bilan with this code ('ABCD-EFGH', case and dashes ignored), or None if the
    code is unknown or the bilan has expired (30 days after it was kept)."""
    code = normaliser_code(code)
    if not code:
        return None
    return BilanConserve.objects.filter(code=code, expire_le__gt=timezone.now()).first()


def conserver_bilan(situation: dict, resultat: dict) -> BilanConserve:
    """Keep a bilan (the caller has recorded the person's consent)."""
    with transaction.atomic():
        for _ in range(5):
            bilan = BilanConserve(situation=situation, resultat=resultat)
            if not BilanConserve.objects.filter(code=bilan.code).exists():
                bilan.save()
                return bilan
    raise RuntimeError("Impossible de créer un code unique.")  # pragma: no cover


def bilans_expires():
    """The kept bilans past their delay (what `purger_bilans` deletes)."""
    return BilanConserve.objects.filter(expire_le__lte=timezone.now())


def purger_bilans_expires() -> int:
    supprimes, _ = bilans_expires().delete()
    return supprimes
