from django.apps import AppConfig


class ConventionsConfig(AppConfig):
    name = "conventions"
    verbose_name = "Conventions avec les partenaires"

    def ready(self):
        from conventions.chiffres import enregistrer

        enregistrer()
