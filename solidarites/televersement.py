"""Uploads refused early, bounded while streaming, and a full disk said in French (issue 18).

`TeleversementMiddleware` comes before anything reads a multipart body:
- a declared `Content-Length` above `TELEVERSEMENT_MAX` → 413 at once, the body never read;
- `LimiteTeleversement`, the first upload handler, counts the bytes as they arrive and stops the
  upload at the limit (a client that lies about, or omits, the length), and refuses a file whose
  name does not have an accepted extension for that page (`TELEVERSEMENT_EXTENSIONS`) as soon as
  its part begins, before reading its content: the connection is closed, the rest never read;
- the disk full while the upload is written to a temporary file (ENOSPC) → 507, nothing kept.
"""

from __future__ import annotations

import errno

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload

from solidarites.reponses import reponse_erreur

METHODES = ("POST", "PUT", "PATCH")
DISQUE_PLEIN = (
    "Espace disque insuffisant sur le serveur : le fichier n'a pas été enregistré. Réessayez "
    "plus tard ; si cela se reproduit, prévenez l'administrateur de la plateforme."
)


def limite() -> int:
    return int(settings.TELEVERSEMENT_MAX)


def extensions_pour(chemin: str) -> tuple[str, ...] | None:
    for prefixe, extensions in getattr(settings, "TELEVERSEMENT_EXTENSIONS", {}).items():
        if chemin.startswith(prefixe):
            return tuple(extensions)
    return None


def _mio(octets: int) -> str:
    return f"{octets / 1024 / 1024:.0f} Mo"


class Refus(Exception):
    def __init__(self, status: int, detail: str, message: str):
        super().__init__(detail)
        self.status, self.detail, self.message = status, detail, message


class LimiteTeleversement(FileUploadHandler):
    """Stops an upload at the size limit or at a file of a refused type (never reads the rest)."""

    def __init__(self, request, maximum: int, extensions: tuple[str, ...] | None):
        super().__init__(request)
        self.maximum, self.extensions, self.recu = maximum, extensions, 0

    def _refuser(self, refus: Refus):
        self.request._televersement_refus = refus
        raise StopUpload(connection_reset=True)

    def new_file(self, field_name, file_name, content_type, content_length, *args, **kwargs):
        if self.extensions and not (file_name or "").lower().endswith(self.extensions):
            self._refuser(
                Refus(
                    415,
                    "Type de fichier refusé.",
                    f"Le fichier « {file_name} » n'est pas accepté ici : extensions acceptées "
                    f"{', '.join(self.extensions)}.",
                )
            )

    def receive_data_chunk(self, raw_data, start):
        self.recu += len(raw_data)
        if self.recu > self.maximum:
            self._refuser(trop_gros())
        return raw_data

    def file_complete(self, file_size):
        return None


def trop_gros() -> Refus:
    return Refus(
        413,
        "Fichier trop volumineux.",
        f"L'envoi dépasse {_mio(limite())}, la taille maximale acceptée par la plateforme. "
        "Pour un dépistage plus gros, utilisez la ligne de commande (solidarites depistage).",
    )


class TeleversementMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in METHODES and (request.content_type or "").startswith("multipart/"):
            refus = self._controler(request)
            if refus is not None:
                return reponse_erreur(
                    request, refus.status, refus.detail, champ="fichier", message=refus.message
                )
        return self.get_response(request)

    def _controler(self, request) -> Refus | None:
        try:
            declare = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declare = 0
        if declare > limite():
            return trop_gros()  # refused before a single byte of the body is read
        request.upload_handlers.insert(
            0, LimiteTeleversement(request, limite(), extensions_pour(request.path))
        )
        # Parsed now, under the handlers above. On a failure, the temporary files are closed
        # (which deletes them): Django's parser closes the complete ones, we close the one being
        # written. Nothing is left behind.
        try:
            request.POST  # noqa: B018
        except OSError as exc:
            if exc.errno in (errno.ENOSPC, errno.EDQUOT):
                _fermer_fichiers_en_cours(request)
                return Refus(507, "Espace disque insuffisant.", DISQUE_PLEIN)
            raise
        refus = getattr(request, "_televersement_refus", None)
        if refus is not None:
            _fermer_fichiers_en_cours(request)
        return refus


def _fermer_fichiers_en_cours(request) -> None:
    for gestionnaire in request.upload_handlers:
        fichier = getattr(gestionnaire, "file", None)
        if fichier is not None:
            try:
                fichier.close()
            except OSError:
                pass
