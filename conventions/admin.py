from django.contrib import admin

from conventions.models import (
    ActionConvention,
    Axe,
    Convention,
    IndicateurConvention,
    MontantAnnuel,
    Partie,
    Revue,
    Versement,
)


class PartieInline(admin.TabularInline):
    model = Partie
    extra = 0
    autocomplete_fields = ["structure"]


class AxeInline(admin.TabularInline):
    model = Axe
    extra = 0


class MontantInline(admin.TabularInline):
    model = MontantAnnuel
    extra = 0


class VersementInline(admin.TabularInline):
    model = Versement
    extra = 0


class ActionInline(admin.TabularInline):
    model = ActionConvention
    extra = 0


class IndicateurInline(admin.TabularInline):
    model = IndicateurConvention
    extra = 0


class RevueInline(admin.TabularInline):
    model = Revue
    extra = 0


@admin.register(Convention)
class ConventionAdmin(admin.ModelAdmin):
    list_display = ["titre", "departement", "politique", "debut", "fin", "prochaine_revue"]
    list_filter = ["departement", "politique"]
    inlines = [
        PartieInline,
        AxeInline,
        ActionInline,
        MontantInline,
        VersementInline,
        IndicateurInline,
        RevueInline,
    ]
