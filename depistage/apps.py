from django.apps import AppConfig


class DepistageConfig(AppConfig):
    name = "depistage"
