"""Staff edit the rights here: versions (who, when, what changed), draft / published, re-check."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from pydantic import ValidationError
from simple_history.admin import SimpleHistoryAdmin

from droits import schema
from droits.models import Droit, date_limite_verification
from solidarites.erreurs import messages_champs


class AReverifierFilter(admin.SimpleListFilter):
    title = "vérification"
    parameter_name = "verification"

    def lookups(self, request, model_admin):
        return [
            ("a-reverifier", "À revérifier (plus de 6 mois)"),
            ("a-jour", "Vérifié depuis moins de 6 mois"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "a-reverifier":
            return queryset.a_reverifier()
        if self.value() == "a-jour":
            return queryset.filter(verifie_le__gte=date_limite_verification())
        return queryset


class DroitForm(forms.ModelForm):
    """Checks the right against the YAML contract, with the error under the field concerned."""

    class Meta:
        model = Droit
        fields = [*Droit.CHAMPS_FICHE, "statut"]

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        data = {}
        for champ in Droit.CHAMPS_FICHE:
            valeur = cleaned.get(champ)
            if champ == "variante_de":
                valeur = valeur.slug if valeur else None
            elif champ == "sigle":
                valeur = valeur or None
            elif champ == "montants":
                valeur = valeur or []
            data[champ] = valeur
        try:
            fiche = schema.FicheDroit.model_validate(
                data, context={"departements": tuple(settings.DEPARTEMENTS)}
            )
        except ValidationError as exc:
            for erreur in messages_champs(exc.errors()):
                champ = erreur["champ"].split(".", 1)[0]
                message = erreur["message"]
                if "." in erreur["champ"]:
                    message = f"{erreur['champ']} : {message}"
                self.add_error(champ if champ in self.fields else None, message)
            return cleaned
        connus = set(Droit.objects.exclude(pk=self.instance.pk).values_list("slug", flat=True))
        inconnus = [s for s in fiche.voir_aussi if s not in connus]
        if inconnus:
            self.add_error("voir_aussi", f"Droits inconnus : {', '.join(inconnus)}.")
        variante = cleaned.get("variante_de")
        if variante is not None:
            if fiche.territoire == schema.NATIONAL:
                self.add_error(
                    "variante_de", "Seule une page départementale peut être une version locale."
                )
            elif variante.territoire != schema.NATIONAL or variante.pk == self.instance.pk:
                self.add_error("variante_de", "La page d'origine doit être une page nationale.")
        return cleaned


@admin.register(Droit)
class DroitAdmin(SimpleHistoryAdmin):
    form = DroitForm
    list_display = ["titre", "slug", "territoire", "statut", "verifie_le", "populaire"]
    list_filter = ["statut", AReverifierFilter, "territoire", "populaire"]
    search_fields = ["titre", "slug", "sigle", "resume"]
    ordering = ["titre"]
    readonly_fields = ["cree_le", "modifie_le"]
    autocomplete_fields = ["variante_de"]
    history_list_display = ["statut", "verifie_le"]
    actions = ["publier", "depublier"]
    fieldsets = [
        (None, {"fields": ["titre", "slug", "sigle", "resume", "statut", "populaire"]}),
        (
            "Contenu",
            {
                "fields": [
                    "pour_qui",
                    "publics",
                    "ce_que_ca_apporte",
                    "conditions",
                    "pieces",
                    "demarche",
                    "ou_s_adresser",
                    "mots_cles",
                ],
                "description": "Listes et objets au format JSON, comme dans les fiches YAML.",
            },
        ),
        ("Classement", {"fields": ["thematiques", "territoire", "variante_de", "voir_aussi"]}),
        ("Sources", {"fields": ["sources", "verifie_le", "cree_le", "modifie_le"]}),
        (
            "Montants et règle",
            {
                "fields": ["montants", "regle"],
                "description": "Montants cités avec leur paramètre OpenFisca, et règle évaluée "
                "par le bilan (voir content/droits/README.md), au format JSON.",
            },
        ),
    ]

    def _statut(self, request, queryset, statut, libelle):
        n = 0
        for droit in queryset.exclude(statut=statut):
            droit.statut = statut
            droit._change_reason = libelle
            droit.save()
            n += 1
        self.message_user(request, f"{n} droit(s) {libelle.lower()}(s).", messages.SUCCESS)

    @admin.action(description="Publier les droits choisis")
    def publier(self, request, queryset):
        self._statut(request, queryset, Droit.Statut.PUBLIE, "Publié")

    @admin.action(description="Repasser en brouillon les droits choisis")
    def depublier(self, request, queryset):
        self._statut(request, queryset, Droit.Statut.BROUILLON, "Dépublié")
