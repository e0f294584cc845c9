from django.contrib import admin

from comptes.models import DemandeAcces, EvenementAudit, Membre


@admin.register(Membre)
class MembreAdmin(admin.ModelAdmin):
    list_display = ["utilisateur", "structure", "role", "actif", "demo"]
    list_filter = ["role", "actif", "demo"]
    search_fields = ["utilisateur__username", "structure__nom"]
    autocomplete_fields = ["utilisateur"]
    raw_id_fields = ["structure"]


@admin.register(EvenementAudit)
class EvenementAuditAdmin(admin.ModelAdmin):
    """Read-only: the audit trail is never edited."""

    list_display = ["horodatage", "identifiant", "action", "objet", "objet_id", "personne_id", "ip"]
    list_filter = ["action", "objet", "canal"]
    search_fields = ["identifiant"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DemandeAcces)
class DemandeAccesAdmin(admin.ModelAdmin):
    """Read here; approved or refused on /comptes/demandes-acces/ (audited, with a role)."""

    list_display = ["creee_le", "courriel", "siret", "structure", "statut", "role"]
    list_filter = ["statut", "demo"]
    search_fields = ["courriel", "siret"]
    readonly_fields = [f.name for f in DemandeAcces._meta.fields]

    def has_add_permission(self, request):
        return False
