"""Fixtures shared by every app's tests.

End-to-end tests (marker `e2e`) drive Debian's Chromium through Playwright, without any
browser download: see `browser_type_launch_args`.
"""

import os
import shutil

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "fr-FR", "timezone_id": "Europe/Paris"}


@pytest.fixture(autouse=True)
def _sms_en_memoire(settings):
    """SMS go to memory in the tests (e-mails too: pytest-django uses Django's locmem backend)."""
    from solidarites.envois import MemoireSMS

    settings.SOLIDARITES_SMS_BACKEND = "solidarites.envois.MemoireSMS"
    MemoireSMS.boite.clear()
    yield MemoireSMS.boite
