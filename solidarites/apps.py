from django.apps import AppConfig


class SolidaritesConfig(AppConfig):
    name = "solidarites"
    verbose_name = "Solidarités"

    def ready(self):
        from solidarites import contenu

        contenu.brancher()
