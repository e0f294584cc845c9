from django.apps import AppConfig


class RsaConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "rsa"
    verbose_name = "Parcours RSA"
