from django.apps import AppConfig


class BilanConfig(AppConfig):
    name = "bilan"
