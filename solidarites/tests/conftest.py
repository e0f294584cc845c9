import pytest

from solidarites.tests.serveur_reel import ServeurReel


@pytest.fixture(scope="session")
def base_reelle(tmp_path_factory):
    """A migrated database (SQLite file, or a fresh PostgreSQL database) and the environment of
    the production profile, shared by the tests that run real processes (server, worker)."""
    s = ServeurReel(tmp_path_factory.mktemp("base-reelle")).preparer()
    yield s
    s.detruire()
