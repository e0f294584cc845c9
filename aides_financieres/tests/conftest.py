import pytest
from django.test import RequestFactory


@pytest.fixture(autouse=True)
def pieces_temporaires(settings, tmp_path):
    """Documents of the tests go to a temporary folder, never to var/."""
    settings.AIDES_FINANCIERES_PIECES_DIR = tmp_path / "pieces"
    return settings.AIDES_FINANCIERES_PIECES_DIR


@pytest.fixture
def requete():
    def faire(user, chemin="/aides-financieres/"):
        r = RequestFactory().post(chemin)
        r.user = user
        return r

    return faire
