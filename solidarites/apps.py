from django.apps import AppConfig


class SolidaritesConfig(AppConfig):
    name = "solidarites"
    verbose_name = "Solidarités"
