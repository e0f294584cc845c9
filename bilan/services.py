"""Services of the bilan for the other apps (the accueil opens a kept bilan by its code)."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from bilan.models import BilanConserve, normaliser_code
from solidarites import limites

JOUR = 24 * 3600


class QuotaAtteint(Exception):
    """A public form's quota is reached: the French message says which and what to do."""


def ouvrir_bilan_conserve(code: str) -> BilanConserve | None:
    """The kept bilan with this code ('ABCD-EFGH', case and dashes ignored), or None if the
    code is unknown or the bilan has expired (30 days after it was kept)."""
    code = normaliser_code(code)
    if not code:
        return None
    return BilanConserve.objects.filter(code=code, expire_le__gt=timezone.now()).first()


def conserver_bilan(situation: dict, resultat: dict, *, client: str | None = None) -> BilanConserve:
    """Keep a bilan (the caller has recorded the person's consent). `client`: the address of
    the public page's visitor, BILAN_CONSERVES_PAR_HEURE kept bilans at most per hour
    (counted in this transaction: exact under parallel requests)."""
    with transaction.atomic():
        limite = settings.BILAN_CONSERVES_PAR_HEURE
        if not limites.consommer("bilan-conserve", client, limite):
            raise QuotaAtteint(
                f"Depuis cette connexion, {limite} bilans ont déjà été conservés dans l'heure : "
                "c'est le maximum. Notez ou imprimez vos résultats, ou réessayez dans une heure."
            )
        for _ in range(5):
            bilan = BilanConserve(situation=situation, resultat=resultat)
            if not BilanConserve.objects.filter(code=bilan.code).exists():
                bilan.save()
                return bilan
    raise RuntimeError("Impossible de créer un code unique.")  # pragma: no cover


def autoriser_courriel(destinataire: str, client: str | None) -> None:
    """Quota of the "receive my bilan by e-mail" form: BILAN_COURRIELS_PAR_HEURE per client
    address and hour, BILAN_COURRIELS_PAR_DESTINATAIRE per recipient and day (the form must not
    become a way to flood someone's mailbox). Raises QuotaAtteint."""
    with transaction.atomic():
        par_adresse = settings.BILAN_COURRIELS_PAR_HEURE
        if not limites.consommer("bilan-courriel", client, par_adresse):
            raise QuotaAtteint(
                f"Depuis cette connexion, {par_adresse} bilans ont déjà été envoyés dans l'heure : "
                "c'est le maximum. Imprimez votre bilan ou réessayez dans une heure."
            )
        par_destinataire = settings.BILAN_COURRIELS_PAR_DESTINATAIRE
        cle = destinataire.strip().lower()
        if not limites.consommer("bilan-destinataire", cle, par_destinataire, JOUR):
            raise QuotaAtteint(
                f"Cette adresse électronique a déjà reçu {par_destinataire} bilans aujourd'hui : "
                "c'est le maximum. Imprimez votre bilan ou réessayez demain."
            )


def essai_de_code_permis(client: str | None) -> bool:
    """Reopening a bilan by its code: BILAN_CODES_ESSAIS_PAR_HEURE wrong codes per address and
    hour (a code cannot be guessed by trying)."""
    return not limites.atteinte("bilan-code", client, settings.BILAN_CODES_ESSAIS_PAR_HEURE)


def compter_code_errone(client: str | None) -> None:
    limites.consommer("bilan-code", client, settings.BILAN_CODES_ESSAIS_PAR_HEURE)


def bilans_expires():
    """The kept bilans past their delay (what `purger_bilans` deletes)."""
    return BilanConserve.objects.filter(expire_le__lte=timezone.now())


def purger_bilans_expires() -> int:
    supprimes, _ = bilans_expires().delete()
    return supprimes
