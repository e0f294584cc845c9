"""The `axe` fixture (root conftest.py): axe-core read from vendor/, run in Chromium."""

import pytest

pytestmark = pytest.mark.e2e

PROPRE = """<!doctype html><html lang="fr"><head><title>Essai</title></head>
<body><header><p>Solidarités</p></header><main><h1>Essai</h1><p>Bonjour.</p></main></body></html>"""


def test_page_propre(page, axe):
    page.set_content(PROPRE)
    assert [v for v in axe(moderes=True) if v["impact"] != "minor"] == []


def test_violation_grave_echoue(page, axe):
    page.set_content(PROPRE.replace("<p>Bonjour.</p>", '<img src="x.png"><button></button>'))
    with pytest.raises(AssertionError) as erreur:
        axe()
    message = str(erreur.value)
    assert "image-alt" in message and "button-name" in message and "critical" in message


def test_moderee_seulement_si_demandee(page, axe):
    # Heading order skipped (h1 → h3): moderate.
    page.set_content(PROPRE.replace("<p>Bonjour.</p>", "<h3>Sous-titre</h3>"))
    axe()
    with pytest.raises(AssertionError, match="heading-order"):
        axe(moderes=True)
    axe(moderes=True, ignorer=["heading-order"])


def test_politique_de_securite_du_contenu(page, axe):
    # A strict CSP (no inline script, no eval) does not stop the audit.
    csp = "<meta http-equiv='Content-Security-Policy' content=\"script-src 'self'\">"
    page.set_content(
        PROPRE.replace("<head>", "<head>" + csp).replace("<p>Bonjour.</p>", "<img src='y.png'>")
    )
    with pytest.raises(AssertionError, match="image-alt"):
        axe()


def test_messages_en_francais(page, axe):
    page.set_content(PROPRE.replace("<p>Bonjour.</p>", '<img src="x.png">'))
    with pytest.raises(AssertionError, match="Les images doivent"):
        axe()
