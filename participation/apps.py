from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    name = "participation"
    verbose_name = "Participation des habitants"

    def ready(self):
        from participation.chiffres import enregistrer

        enregistrer()
