"""Outward messages (e-mail, SMS) through pluggable backends: never a network call by default.

- E-mail goes through Django's `EMAIL_BACKEND`: by default the file backend writes each message
  under `var/envois/courriels/` (`SOLIDARITES_EMAIL_BACKEND` selects another one, e.g. SMTP in
  production, configured with Django's `EMAIL_*` settings).
- SMS goes through `SOLIDARITES_SMS_BACKEND` (dotted path of a class with `envoyer(numero,
  texte)`): by default `FichierSMS` writes one JSON line per message under `var/envois/sms/`;
  `ConsoleSMS` prints it; `MemoireSMS` keeps it in memory for the tests (`MemoireSMS.boite`).
  An operator's gateway is one small class with the same method.

Nothing here logs a recipient or a text: logs carry no personal data.
"""

from __future__ import annotations

import json
import re
import sys
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.utils.module_loading import import_string

NUMERO = re.compile(r"^\+?[0-9]{9,15}$")


class EnvoiImpossible(ValueError):
    """The message cannot be sent as given (e.g. a malformed number): a French message."""


def envoyer_courriel(destinataire: str, sujet: str, texte: str, *, html: str | None = None) -> int:
    """Send one e-mail (plain text, optional HTML alternative); returns the number sent (0 or 1)."""
    if not destinataire or "@" not in destinataire:
        raise EnvoiImpossible("L'adresse électronique n'est pas valide.")
    message = EmailMultiAlternatives(
        subject=sujet.replace("\n", " ").strip(),
        body=texte,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[destinataire],
    )
    if html:
        message.attach_alternative(html, "text/html")
    return message.send()


def normaliser_numero(numero: str) -> str:
    """A French phone number as digits (06 12 34 56 78 → 0612345678; +33 kept)."""
    brut = re.sub(r"[\s.\-()]", "", numero or "")
    if not NUMERO.match(brut):
        raise EnvoiImpossible("Le numéro de téléphone n'est pas valide.")
    return brut


def envoyer_sms(numero: str, texte: str) -> None:
    """Send one SMS through the configured backend."""
    backend = import_string(settings.SOLIDARITES_SMS_BACKEND)()
    backend.envoyer(normaliser_numero(numero), texte)


@dataclass(frozen=True)
class SMS:
    numero: str
    texte: str


class MemoireSMS:
    """Keeps the messages in memory (tests): `MemoireSMS.boite` is the list sent so far."""

    boite: list[SMS] = []

    def envoyer(self, numero: str, texte: str) -> None:
        MemoireSMS.boite.append(SMS(numero, texte))


class ConsoleSMS:
    def envoyer(self, numero: str, texte: str) -> None:
        sys.stdout.write(f"SMS à {numero} : {texte}\n")


class FichierSMS:
    """One JSON line per message in `<SOLIDARITES_ENVOIS_DIR>/sms/AAAA-MM-JJ.jsonl`."""

    _verrou = threading.Lock()

    def envoyer(self, numero: str, texte: str) -> None:
        dossier = Path(settings.SOLIDARITES_ENVOIS_DIR) / "sms"
        dossier.mkdir(parents=True, exist_ok=True)
        maintenant = datetime.now()
        ligne = json.dumps(
            {
                "horodatage": maintenant.isoformat(timespec="seconds"),
                "numero": numero,
                "texte": texte,
            },
            ensure_ascii=False,
        )
        with (
            self._verrou,
            open(dossier / f"{maintenant:%Y-%m-%d}.jsonl", "a", encoding="utf-8") as f,
        ):
            f.write(ligne + "\n")
