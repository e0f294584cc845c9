from django.apps import AppConfig


class AnnuaireConfig(AppConfig):
    name = "annuaire"
    verbose_name = "Annuaire des structures"

    def ready(self):
        from annuaire import signals  # noqa: F401
