import pytest


@pytest.fixture(autouse=True)
def hachage_rapide(settings):
    """Argon2 is deliberately slow; tests use a fast hasher (production keeps Argon2)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
