from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from annuaire.models import Fermeture, Permanence, Secteur, Service, Structure


class ServiceInline(admin.StackedInline):
    model = Service
    extra = 0
    show_change_link = True
    fields = ["nom", "identifiant", "description", "thematiques", "publics", "conditions_acces"]


class PermanenceInline(admin.StackedInline):
    model = Permanence
    extra = 0
    show_change_link = True
    autocomplete_fields = ["commune"]
    fields = [
        "nom",
        "lieu",
        ("adresse", "code_postal", "commune"),
        "horaires",
        "quinzaine_depuis",
        ("valide_du", "valide_au"),
        "public",
        "modalites",
        "telephone",
        "a_verifier",
    ]


class FermetureInline(admin.TabularInline):
    model = Fermeture
    fk_name = "structure"
    extra = 0
    fields = ["du", "au", "motif"]


class SecteurInline(admin.TabularInline):
    model = Secteur
    extra = 0
    autocomplete_fields = ["commune"]
    fields = ["commune", "a_verifier"]
    verbose_name_plural = "communes du secteur (MDS, EDS, pôle autonomie seulement)"


@admin.register(Structure)
class StructureAdmin(SimpleHistoryAdmin):
    list_display = ["nom", "typologie", "departement", "commune", "date_maj", "demo", "a_verifier"]
    list_filter = ["departement", "typologie", "demo", "a_verifier"]
    search_fields = ["nom", "identifiant", "commune__nom"]
    autocomplete_fields = ["commune"]
    readonly_fields = ["cree_le", "modifie_le"]
    inlines = [ServiceInline, PermanenceInline, FermetureInline, SecteurInline]
    fieldsets = [
        (None, {"fields": ["nom", "typologie", "departement", "description"]}),
        (
            "Adresse et contact",
            {
                "fields": [
                    "adresse",
                    "complement_adresse",
                    ("code_postal", "commune"),
                    ("latitude", "longitude"),
                    ("telephone", "courriel"),
                    "site_web",
                    "modalites_contact",
                    "horaires_accueil",
                    "accessibilite_lieu",
                ]
            },
        ),
        ("Zone d'intervention", {"fields": ["zone_eligibilite"]}),
        (
            "Source et vérification",
            {
                "fields": [
                    ("source", "identifiant"),
                    "date_maj",
                    "source_officielle",
                    "verifie_le",
                    ("demo", "a_verifier"),
                    "siret",
                    "lien_source",
                    "reseaux_porteurs",
                    ("cree_le", "modifie_le"),
                ]
            },
        ),
    ]


@admin.register(Service)
class ServiceAdmin(SimpleHistoryAdmin):
    list_display = ["nom", "structure", "type", "date_maj"]
    list_filter = ["type", "structure__departement"]
    search_fields = ["nom", "identifiant", "structure__nom"]
    autocomplete_fields = ["structure", "commune"]


@admin.register(Permanence)
class PermanenceAdmin(SimpleHistoryAdmin):
    list_display = ["nom", "structure", "commune", "horaires", "a_verifier"]
    list_filter = ["structure__departement", "a_verifier"]
    search_fields = ["nom", "lieu", "structure__nom", "commune__nom"]
    autocomplete_fields = ["structure", "commune"]
    inlines = [type("FermeturePermanenceInline", (FermetureInline,), {"fk_name": "permanence"})]


@admin.register(Fermeture)
class FermetureAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "structure", "permanence", "motif"]
    autocomplete_fields = ["structure", "permanence"]


@admin.register(Secteur)
class SecteurAdmin(SimpleHistoryAdmin):
    list_display = ["commune", "structure", "typologie", "a_verifier"]
    list_filter = ["typologie", "structure__departement"]
    search_fields = ["commune__nom", "commune__code_insee", "structure__nom"]
    autocomplete_fields = ["structure", "commune"]
