import os
import sys

from django.apps import AppConfig


class BilanConfig(AppConfig):
    name = "bilan"
    verbose_name = "Bilan d'accès aux droits"

    def ready(self):
        # In a long-running server, build OpenFisca's tax-benefit system and warm its formulas
        # at start-up (about 10 s) rather than on the first resident's request. With gunicorn
        # --preload, the forked workers share it. Off by default (tests, commands). Under
        # `runserver` (make run), only in the process that serves: the autoreloader's parent
        # process only watches files.
        if os.environ.get("SOLIDARITES_PRECHARGER_OPENFISCA") == "1" and not _parent_autoreload():
            from bilan.moteur import prechauffer

            prechauffer()


def _parent_autoreload() -> bool:
    """True in the process of `runserver` that only watches files and restarts the server
    (Django sets RUN_MAIN in the child that serves)."""
    return (
        "runserver" in sys.argv
        and "--noreload" not in sys.argv
        and (os.environ.get("RUN_MAIN") != "true")
    )
