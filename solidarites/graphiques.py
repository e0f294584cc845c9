"""Charts for indicators: server-side SVG with pygal (no JavaScript, nothing from a CDN), each
with the data table that says the same thing (RGAA: a chart is never the only way to read data).

    g = barres("Demandes par mois", ["janv.", "févr."], {"Reçues": [12, 15]}, unite="demandes")
    {% include "solidarites/graphique.html" with graphique=g %}

The include shows the chart as an <img> (data: URI, allowed by the CSP) with its table in a
<details>; `sans_tableau=True` leaves the table out where the page already shows the same values.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass, field

import pygal
from django.utils.safestring import SafeString, mark_safe
from pygal.style import Style

# DSFR colours (bleu France, then the illustrative palette), readable on white.
COULEURS = ("#000091", "#C9191E", "#009081", "#B34000", "#6A6AF4", "#716043", "#A558A0")

STYLE = Style(
    background="white",
    plot_background="white",
    foreground="#161616",
    foreground_strong="#161616",
    foreground_subtle="#666666",
    opacity=".9",
    opacity_hover="1",
    colors=COULEURS,
    font_family="Marianne, arial, sans-serif",
    label_font_size=13,
    major_label_font_size=13,
    value_font_size=12,
    legend_font_size=13,
    title_font_size=16,
)


def nombre_fr(valeur: float, unite: str = "") -> str:
    """12345.5 → « 12 345,5 » (French spacing and decimal comma)."""
    if valeur is None:
        return "—"
    texte = f"{valeur:,.0f}" if float(valeur).is_integer() else f"{valeur:,.1f}"
    texte = texte.replace(",", "\u202f").replace(".", ",")
    return f"{texte} {unite}".strip()


@dataclass
class Graphique:
    titre: str
    svg: SafeString
    entetes: list[str]
    lignes: list[list[str]] = field(default_factory=list)
    unite: str = ""

    @property
    def image(self) -> str:
        """The SVG as a data: URI for an <img>: its own <style> applies there, whereas a <style>
        inlined in the page is blocked by the Content-Security-Policy (style-src 'self')."""
        return "data:image/svg+xml;base64," + base64.b64encode(str(self.svg).encode()).decode()

    @property
    def tableau(self) -> dict:
        return {"entetes": self.entetes, "lignes": self.lignes}


def _config(titre: str, horizontal: bool, nb_etiquettes: int) -> dict:
    return {
        "title": None,  # the title is the page's own heading / figcaption
        "style": STYLE,
        "js": [],  # pygal's default loads a script from the Internet: never
        "disable_xml_declaration": True,
        "explicit_size": False,
        "width": 800,
        "height": max(300, 34 * nb_etiquettes + 120) if horizontal else 400,
        "show_legend": True,
        "legend_at_bottom": True,
        "print_values": False,
        "truncate_label": -1,
        "truncate_legend": -1,
        "x_label_rotation": 0 if horizontal or nb_etiquettes <= 8 else 30,
    } | (
        # Horizontal bars: a few graduations only on the value axis (pygal calls it x there):
        # with long labels it is narrow, and ten values written with their unit overlapped.
        {"x_labels_major_count": 5, "show_minor_x_labels": False} if horizontal else {}
    )


def barres(
    titre: str,
    etiquettes: list[str],
    series: dict[str, list[float]],
    *,
    unite: str = "",
    horizontal: bool = False,
    empile: bool = False,
) -> Graphique:
    """A bar chart (one series or several) and its table (a row per label, a column per series)."""
    classe = {
        (False, False): pygal.Bar,
        (True, False): pygal.HorizontalBar,
        (False, True): pygal.StackedBar,
        (True, True): pygal.HorizontalStackedBar,
    }[(horizontal, empile)]
    graphique = classe(**_config(titre, horizontal, len(etiquettes)))
    graphique.x_labels = etiquettes
    graphique.value_formatter = lambda v: nombre_fr(v, unite)
    for nom, valeurs in series.items():
        graphique.add(nom, [None if v is None else float(v) for v in valeurs])
    return _avec_tableau(titre, graphique, etiquettes, series, unite)


def courbes(
    titre: str, etiquettes: list[str], series: dict[str, list[float]], *, unite: str = ""
) -> Graphique:
    """A line chart (e.g. months on the x axis) and its table."""
    graphique = pygal.Line(**_config(titre, False, len(etiquettes)))
    graphique.x_labels = etiquettes
    graphique.value_formatter = lambda v: nombre_fr(v, unite)
    for nom, valeurs in series.items():
        graphique.add(nom, [None if v is None else float(v) for v in valeurs])
    return _avec_tableau(titre, graphique, etiquettes, series, unite)


def _avec_tableau(titre, graphique, etiquettes, series, unite) -> Graphique:
    svg = graphique.render(is_unicode=True)
    # pygal writes its configuration in an inline <script> even without `js` (nothing runs it
    # here, and a CSP refuses it), comments with its web addresses, and titles every chart
    # « Pygal »: removed / replaced.
    svg = _SCRIPT.sub("", _COMMENTAIRE.sub("", svg)).replace(
        "<title>Pygal</title>", f"<title>{_attr(titre)}</title>", 1
    )
    # An image for assistive technologies, named by its title; the table gives the values.
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{_attr(titre)}" ', 1)
    lignes = [
        [etiquette, *[nombre_fr(valeurs[i], unite) for valeurs in series.values()]]
        for i, etiquette in enumerate(etiquettes)
    ]
    return Graphique(
        titre=titre,
        svg=mark_safe(svg),  # noqa: S308 — pygal escapes labels and values it writes
        entetes=["", *series.keys()],
        lignes=lignes,
        unite=unite,
    )


_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.S)
_COMMENTAIRE = re.compile(r"<!--.*?-->", re.S)


def _attr(texte: str) -> str:
    return texte.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
