from django.apps import AppConfig


class AidesFinancieresConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "aides_financieres"
    verbose_name = "Aides financières (fonds unique de solidarité)"
