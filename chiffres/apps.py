from django.apps import AppConfig


class ChiffresConfig(AppConfig):
    name = "chiffres"
    verbose_name = "Chiffres clés et données ouvertes"

    def ready(self):
        from chiffres.indicateurs import enregistrer_tout

        enregistrer_tout()
