"""Jinja2, for the few long tables an agent opens many times a day (the structure's queue: four
sections of 25 rows). Django's template language costs about 150 µs a row there (15 of the
28 ms of the page, `benchmarks/listes_agents.py`); the same rows in Jinja2 cost a tenth of it.

The page itself stays a Django template (layout, menu, pagination); it shows the tables that
`tableaux(nom, **contexte)` rendered: the macros of a Jinja2 template under `<app>/jinja2/`,
autoescaped, whose result Django does not escape twice (`Markup` has `__html__`).
The filters are Django's own, so a date or a cut text reads exactly as on the other pages.
"""

from __future__ import annotations

import datetime

from django.template import defaultfilters, engines
from django.utils import timezone
from jinja2 import Environment

# Django's date formats these tables use, as strftime formats (numbers only: no month or day
# name to translate): Django's formatter costs 20 µs a date, strftime 1.
STRFTIME = {"d/m/Y": "%d/%m/%Y", "d/m/Y H:i": "%d/%m/%Y %H:%M", "d/m": "%d/%m"}


def _date(valeur, format_: str = "d/m/Y") -> str:
    """Django's `date` filter, the datetime first brought to the local time zone (as Django's
    templates do before calling it)."""
    if valeur is None or valeur == "":
        return ""
    if isinstance(valeur, datetime.datetime) and timezone.is_aware(valeur):
        valeur = timezone.localtime(valeur)
    if format_ in STRFTIME and isinstance(valeur, datetime.date):
        return valeur.strftime(STRFTIME[format_])
    return defaultfilters.date(valeur, format_)


def environnement(**options) -> Environment:
    env = Environment(**options)
    env.filters.update(
        date=_date,
        truncatechars=defaultfilters.truncatechars,
        pluralize=defaultfilters.pluralize,
    )
    return env


def tableaux(nom: str, **contexte):
    """The macros of the Jinja2 template `nom`, with `contexte` as their globals: call one,
    get its HTML (safe for a Django template)."""
    return engines["jinja2"].env.get_template(nom).make_module(contexte)
