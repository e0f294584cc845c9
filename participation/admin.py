from django.contrib import admin

from participation.models import Comite, Evenement, Proposition, Resultat, Reunion


class ReunionInline(admin.StackedInline):
    model = Reunion
    extra = 0
    exclude = ["presents"]


class PropositionInline(admin.StackedInline):
    model = Proposition
    extra = 0


@admin.register(Comite)
class ComiteAdmin(admin.ModelAdmin):
    list_display = ["nom", "structure", "nature", "actif"]
    inlines = [ReunionInline, PropositionInline]


class ResultatInline(admin.StackedInline):
    model = Resultat
    extra = 0
    filter_horizontal = ["engagements"]


@admin.register(Evenement)
class EvenementAdmin(admin.ModelAdmin):
    list_display = ["titre", "departement", "nature", "debut", "inscriptions_ouvertes"]
    inlines = [ResultatInline]
