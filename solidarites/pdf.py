"""PDF documents (letters, contracts, minutes) rendered from Django templates with WeasyPrint.

No URL is ever fetched: the only resources a document may use are the project's static files
(read from disk) and `data:` URIs; anything else is refused by the URL fetcher. Fonts come from
the system (DejaVu / Liberation, Debian packages), so nothing goes to the network.
"""

from __future__ import annotations

from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string


class RessourceRefusee(ValueError):
    pass


def _recuperateur():
    """WeasyPrint's URL fetcher, limited to the project's static files and data: URIs."""
    from weasyprint.urls import URLFetcher

    class Recuperateur(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            if url.startswith("file:///static/"):
                chemin = finders.find(url.removeprefix("file:///static/").split("?")[0])
                if chemin:
                    return super().fetch(f"file://{chemin}", headers)
            raise RessourceRefusee(f"Ressource non autorisée dans un PDF : {url[:80]}")

    return Recuperateur(allowed_protocols=("data", "file"), fail_on_errors=True)


def pdf_depuis_html(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, base_url="file:///", url_fetcher=_recuperateur()).write_pdf()


def pdf_depuis_gabarit(gabarit: str, contexte: dict, request=None) -> bytes:
    """Render `gabarit` (a Django template, e.g. extending `solidarites/document_pdf.html`)."""
    return pdf_depuis_html(render_to_string(gabarit, contexte, request=request))


def reponse_pdf(gabarit: str, contexte: dict, nom_fichier: str, request=None) -> HttpResponse:
    """An inline PDF answer (opened by the browser), never cached."""
    reponse = HttpResponse(
        pdf_depuis_gabarit(gabarit, contexte, request), content_type="application/pdf"
    )
    reponse["Content-Disposition"] = f'inline; filename="{nom_fichier}"'
    reponse["Cache-Control"] = "no-store"
    return reponse
