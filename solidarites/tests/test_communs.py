"""Shared helpers: outward messages, PDF documents, charts."""

import json

import pytest
from django.core import mail

from solidarites import envois
from solidarites.graphiques import barres, courbes, nombre_fr
from solidarites.pdf import RessourceRefusee, pdf_depuis_html


def test_courriel_par_le_backend_configure():
    assert envois.envoyer_courriel("a@exemple.fr", "Votre bilan\n", "Bonjour", html="<p>B</p>")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Votre bilan" and mail.outbox[0].to == ["a@exemple.fr"]


def test_courriel_adresse_invalide():
    with pytest.raises(envois.EnvoiImpossible, match="adresse"):
        envois.envoyer_courriel("pas-une-adresse", "s", "t")


def test_sms_en_memoire_dans_les_tests(_sms_en_memoire):
    envois.envoyer_sms("06 12 34 56 78", "Rendez-vous lundi")
    assert _sms_en_memoire == [envois.SMS("0612345678", "Rendez-vous lundi")]
    with pytest.raises(envois.EnvoiImpossible, match="téléphone"):
        envois.envoyer_sms("12", "x")


def test_sms_fichier_par_defaut(settings, tmp_path):
    settings.SOLIDARITES_SMS_BACKEND = "solidarites.envois.FichierSMS"
    settings.SOLIDARITES_ENVOIS_DIR = tmp_path
    envois.envoyer_sms("+33612345678", "Bonjour")
    (fichier,) = (tmp_path / "sms").iterdir()
    ligne = json.loads(fichier.read_text(encoding="utf-8"))
    assert ligne["numero"] == "+33612345678" and ligne["texte"] == "Bonjour"


def test_courriel_fichier_par_defaut_hors_tests():
    """pytest-django swaps the backend for locmem; the project's own default writes files."""
    import solidarites.settings as reglages

    assert reglages.EMAIL_BACKEND == "django.core.mail.backends.filebased.EmailBackend"
    assert str(reglages.EMAIL_FILE_PATH).endswith("envois/courriels")
    assert reglages.SOLIDARITES_SMS_BACKEND == "solidarites.envois.FichierSMS"


def test_pdf_sans_reseau():
    pdf = pdf_depuis_html("<html lang='fr'><body><h1>Courrier — été</h1></body></html>")
    assert pdf.startswith(b"%PDF")
    from solidarites.pdf import _recuperateur

    for url in ("https://exemple.fr/image.png", "file:///etc/passwd"):
        with pytest.raises(RessourceRefusee):
            _recuperateur().fetch(url)
    # A document that names a remote image is refused as a whole (fail_on_errors).
    with pytest.raises(BaseException, match="exemple"):
        pdf_depuis_html('<img src="https://exemple.fr/x.png">')


def test_pdf_gabarit_commun():
    from solidarites.pdf import pdf_depuis_gabarit

    pdf = pdf_depuis_gabarit("solidarites/document_pdf.html", {"titre": "Essai", "demo": True})
    assert pdf.startswith(b"%PDF") and len(pdf) > 1000


def test_graphique_svg_accessible_et_tableau():
    g = barres("Demandes par mois", ["janvier", "février"], {"Reçues": [1200, 15.5]}, unite="€")
    assert g.svg.startswith("<svg") and 'role="img"' in g.svg
    assert 'aria-label="Demandes par mois"' in g.svg
    assert "http" not in g.svg.split("xmlns")[0]  # no script or stylesheet from a URL
    assert "<script" not in g.svg or 'src="http' not in g.svg
    assert g.tableau == {
        "entetes": ["", "Reçues"],
        "lignes": [["janvier", "1\u202f200 €"], ["février", "15,5 €"]],
    }
    c = courbes("Délai", ["S1", "S2"], {"Médiane": [3, None]})
    assert c.lignes[1] == ["S2", "—"]
    assert nombre_fr(1234567) == "1\u202f234\u202f567"


def test_gabarit_graphique(rf):
    from django.template.loader import render_to_string

    g = barres("Titre <b>", ["a"], {"S": [1]})
    html = render_to_string("solidarites/graphique.html", {"graphique": g})
    assert "<figure" in html and "<table>" in html and "Titre &lt;b&gt;" in html
    # The SVG comes as an image (its <style> would be blocked inline by the CSP).
    assert '<img src="data:image/svg+xml;base64,' in html and "<svg" not in html
    sans = render_to_string("solidarites/graphique.html", {"graphique": g, "sans_tableau": True})
    assert "<table>" not in sans and "tableau qui suit" in sans
