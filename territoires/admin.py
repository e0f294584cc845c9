from django.contrib import admin

from territoires.models import Commune, Departement, Epci


@admin.register(Departement)
class DepartementAdmin(admin.ModelAdmin):
    list_display = ["code", "nom", "region"]
    search_fields = ["code", "nom"]


@admin.register(Epci)
class EpciAdmin(admin.ModelAdmin):
    list_display = ["code", "nom", "type"]
    search_fields = ["code", "nom"]


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ["code_insee", "nom", "departement", "codes_postaux", "population"]
    list_filter = ["departement"]
    search_fields = ["code_insee", "nom", "nom_normalise", "codes_postaux"]
    readonly_fields = ["nom_normalise"]
