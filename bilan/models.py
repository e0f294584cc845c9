"""A bilan kept at the person's request: the only thing the bilan stores about anyone.

Nothing is stored unless the person ticks the consent box; the result is then kept 30 days
under a short code (easy to read aloud) that a social worker uses to open it
(`bilan.services.ouvrir_bilan_conserve`), and purged afterwards (`solidarites purger_bilans`).
"""

import secrets
from datetime import timedelta

from django.db import models
from django.utils import timezone

# No 0/O, 1/I/L, U/V confusion: easy to read aloud and to type.
ALPHABET_CODE = "ABCDEFGHJKMNPQRSTWXYZ23456789"
LONGUEUR_CODE = 8
DUREE_CONSERVATION = timedelta(days=30)
TEXTE_CONSENTEMENT = (
    "J'accepte que les réponses et le résultat de ce bilan soient conservés 30 jours, pour "
    "qu'un travailleur social puisse les retrouver avec le code qui me sera donné."
)


def nouveau_code() -> str:
    return "".join(secrets.choice(ALPHABET_CODE) for _ in range(LONGUEUR_CODE))


def normaliser_code(code: str) -> str:
    """'abcd-efgh ' -> 'ABCDEFGH' (dashes and spaces ignored)."""
    return "".join(c for c in (code or "").upper() if c.isalnum())


def expiration_par_defaut():
    return timezone.now() + DUREE_CONSERVATION


class BilanConserve(models.Model):
    code = models.CharField("code", max_length=LONGUEUR_CODE, unique=True, default=nouveau_code)
    situation = models.JSONField("situation déclarée")
    resultat = models.JSONField("résultat du bilan")
    consentement_texte = models.TextField("texte du consentement", default=TEXTE_CONSENTEMENT)
    consentement_le = models.DateTimeField("consentement donné le", default=timezone.now)
    cree_le = models.DateTimeField("créé le", auto_now_add=True)
    expire_le = models.DateTimeField("expire le", default=expiration_par_defaut, db_index=True)

    class Meta:
        verbose_name = "bilan conservé"
        verbose_name_plural = "bilans conservés"
        ordering = ["-cree_le"]

    def __str__(self):
        return f"Bilan {self.code_affiche}"

    @property
    def code_affiche(self) -> str:
        return f"{self.code[:4]}-{self.code[4:]}"

    @property
    def expire(self) -> bool:
        return self.expire_le <= timezone.now()
