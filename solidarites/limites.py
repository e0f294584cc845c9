"""Rate limits of public forms (call-back requests, kept bilans…), exact under parallel requests.

`consommer(usage, client, limite, fenetre)` takes one unit for the client's fingerprint in the
current window and says whether it was allowed. The check and the increment are ONE conditional
UPDATE (… SET nombre = nombre + 1 WHERE cle = … AND nombre < limite): the database serialises
it, on SQLite (immediate transactions) as on PostgreSQL (row lock), so 30 parallel requests give
exactly `limite` successes. Called inside the transaction that stores the request, the unit is
given back if that transaction rolls back.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from solidarites.models import Compteur


def empreinte(client: str | None) -> str:
    """A salted, truncated hash of the address: enough to limit abuse, not to identify."""
    if not client:
        return ""
    return hashlib.sha256(f"{settings.SECRET_KEY}|{client}".encode()).hexdigest()[:16]


def _cle(usage: str, client: str, fenetre: int) -> tuple[str, object]:
    maintenant = timezone.now()
    debut = int(maintenant.timestamp()) // fenetre * fenetre
    fin = datetime.fromtimestamp(debut + fenetre, tz=UTC)
    return f"{usage}:{empreinte(client)}:{debut}", fin


def consommer(usage: str, client: str | None, limite: int, fenetre: int = 3600) -> bool:
    if not client:
        return True
    cle, fin = _cle(usage, client, fenetre)
    for _ in range(2):
        if Compteur.objects.filter(cle=cle, nombre__lt=limite).update(nombre=F("nombre") + 1):
            return True
        if Compteur.objects.filter(cle=cle).exists():
            return False
        try:
            with transaction.atomic():
                Compteur.objects.create(cle=cle, nombre=1, fin=fin)
            return limite >= 1
        except IntegrityError:
            continue  # created meanwhile by a parallel request: count on it
    return False


def atteinte(usage: str, client: str | None, limite: int, fenetre: int = 3600) -> bool:
    """Read-only: is the limit already reached (to answer before validating a form)?"""
    if not client:
        return False
    cle, _ = _cle(usage, client, fenetre)
    return Compteur.objects.filter(cle=cle, nombre__gte=limite).exists()


def purger(avant=None) -> int:
    """Deletes the counters of finished windows (a periodic job)."""
    avant = avant or timezone.now() - timedelta(minutes=1)
    return Compteur.objects.filter(fin__lt=avant).delete()[0]
