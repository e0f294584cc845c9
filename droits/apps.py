from django.apps import AppConfig


class DroitsConfig(AppConfig):
    name = "droits"
    verbose_name = "Droits sociaux"

    def ready(self):
        from droits import signals  # noqa: F401
