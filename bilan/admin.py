from django.contrib import admin

from bilan.models import BilanConserve


@admin.register(BilanConserve)
class BilanConserveAdmin(admin.ModelAdmin):
    list_display = ("code", "cree_le", "expire_le")
    readonly_fields = (
        "code",
        "situation",
        "resultat",
        "consentement_texte",
        "consentement_le",
        "cree_le",
        "expire_le",
    )
