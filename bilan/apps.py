import os

from django.apps import AppConfig


class BilanConfig(AppConfig):
    name = "bilan"
    verbose_name = "Bilan d'accès aux droits"

    def ready(self):
        # In a long-running server, build OpenFisca's tax-benefit system and warm its formulas
        # at start-up (about 10 s) rather than on the first resident's request. With gunicorn
        # --preload, the forked workers share it. Off by default (tests, commands).
        if os.environ.get("SOLIDARITES_PRECHARGER_OPENFISCA") == "1":
            from bilan.moteur import prechauffer

            prechauffer()
