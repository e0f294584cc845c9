"""The Jinja2 tables of the agents' pages (solidarites/gabarits_rapides.py): same dates as
Django's `date` filter, content escaped once."""

import datetime
import html
import zoneinfo

import pytest
from django.template import defaultfilters, engines

from solidarites.gabarits_rapides import _date


def test_dates_comme_le_filtre_de_django():
    paris = zoneinfo.ZoneInfo("Europe/Paris")
    utc = datetime.datetime(2026, 3, 29, 0, 30, tzinfo=datetime.UTC)  # 01:30 then 02:30 in Paris
    assert _date(utc, "d/m/Y H:i") == "29/03/2026 01:30"
    assert _date(utc.astimezone(paris), "d/m/Y H:i") == "29/03/2026 01:30"
    assert _date(datetime.datetime(2026, 7, 1, 22, 5, tzinfo=datetime.UTC), "d/m/Y") == "02/07/2026"
    jour = datetime.date(2026, 1, 9)
    for format_ in ("d/m/Y", "d/m", "j F Y"):  # the last one through Django's formatter
        assert _date(jour, format_) == defaultfilters.date(jour, format_)
    assert _date(None) == "" and _date("") == ""


@pytest.mark.parametrize("texte", ["<b>Alex</b>", 'Émile & "Zoé"'])
def test_echappe_une_fois(texte):
    env = engines["jinja2"].env
    rendu = env.from_string("{% macro m(x) %}<td>{{ x }}</td>{% endmacro %}").module.m(texte)
    # Escaped (markupsafe writes &#34; where Django writes &quot;: the same character).
    assert html.unescape(str(rendu)) == f"<td>{texte}</td>" and "<b>" not in rendu
    attendu = str(rendu)
    # Shown by a Django template: not escaped a second time.
    assert engines["django"].from_string("{{ t }}").render({"t": rendu}) == attendu
