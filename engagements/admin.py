from django.contrib import admin

from engagements.models import ChangementStatut, Engagement, IndicateurEngagement, Schema


class ChangementInline(admin.TabularInline):
    model = ChangementStatut
    extra = 0
    readonly_fields = ["ancien", "nouveau", "date", "preuve", "auteur", "enregistre_le"]
    can_delete = False


class IndicateurInline(admin.TabularInline):
    model = IndicateurEngagement
    extra = 0


@admin.register(Schema)
class SchemaAdmin(admin.ModelAdmin):
    list_display = ["titre", "departement", "nature", "annee"]
    list_filter = ["departement", "nature"]


@admin.register(Engagement)
class EngagementAdmin(admin.ModelAdmin):
    list_display = ["numero", "titre", "schema", "statut", "echeance"]
    list_filter = ["schema__departement", "statut"]
    readonly_fields = ["statut", "statut_depuis", "version"]
    inlines = [IndicateurInline, ChangementInline]
