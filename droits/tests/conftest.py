from pathlib import Path

import pytest

from droits import chargement
from droits.recherche import index

CONTENU_TEST = Path(__file__).parent / "contenu"


@pytest.fixture
def contenu_test(settings):
    """The test folder (droits/tests/contenu) as CONTENT_DIR."""
    settings.CONTENT_DIR = CONTENU_TEST
    index.vider_cache()
    yield CONTENU_TEST
    index.vider_cache()


@pytest.fixture
def droits_test(db, contenu_test):
    """The test rights loaded in the database and indexed."""
    return chargement.charger(contenu_test / "droits")
