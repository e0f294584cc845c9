"""Forms parse the input; the rules and French field messages live in accueil.services."""

from __future__ import annotations

from django import forms

from accueil import regles
from accueil.perms import PARTIES
from accueil.regles import StatutOrientation as S
from accueil.services import MOMENTS
from solidarites.erreurs import ErreurChamps


def appliquer_erreurs(form: forms.Form, exc: ErreurChamps) -> None:
    """Attach a service's field errors to the form's fields (or to the whole form)."""
    for e in exc.erreurs:
        champ = e["champ"] if e["champ"] in form.fields else None
        form.add_error(champ, e["message"])


class Dates(forms.DateInput):
    input_type = "date"


class FormulaireDemande(forms.Form):
    """The public form « Être rappelé(e) / être aidé(e) »."""

    commune = forms.CharField(
        label="Votre commune",
        error_messages={"required": "Indiquez votre commune."},
        help_text="Nom de la commune ou code postal, par exemple « Melun » ou « 77000 ».",
        max_length=100,
    )
    besoins = forms.MultipleChoiceField(
        label="Pour quoi avez-vous besoin d'aide ?",
        help_text="Vous pouvez cocher plusieurs cases.",
        choices=list(regles.DOMAINES.items()),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Cochez au moins une case."},
    )
    prenom = forms.CharField(
        label="Votre prénom",
        max_length=100,
        error_messages={"required": "Indiquez votre prénom, pour que l'agent sache qui rappeler."},
    )
    nom = forms.CharField(
        label="Votre nom", required=False, max_length=100, help_text="Facultatif."
    )
    telephone = forms.CharField(
        label="Votre numéro de téléphone",
        required=False,
        max_length=20,
        help_text="Pour être rappelé(e). Par exemple 06 12 34 56 78.",
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    courriel = forms.CharField(
        label="Ou votre adresse électronique",
        required=False,
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "email", "inputmode": "email"}),
    )
    moment_prefere = forms.ChoiceField(
        label="Quand préférez-vous être rappelé(e) ?",
        choices=list(MOMENTS.items()),
        required=False,
        widget=forms.RadioSelect,
    )
    message = forms.CharField(
        label="Votre message",
        required=False,
        max_length=2000,
        help_text="Facultatif. Ne donnez pas d'informations de santé ou bancaires.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    # Honeypot: hidden from people (CSS + aria-hidden), robots fill it in.
    site_web = forms.CharField(required=False, label="Ne pas remplir ce champ")

    def clean_commune(self):
        """What the resident typed (name, postal code) -> INSEE code."""
        from django.conf import settings

        from accueil.communes import CommuneIntrouvable, trouver_commune

        try:
            return trouver_commune(self.cleaned_data["commune"], tuple(settings.DEPARTEMENTS))
        except CommuneIntrouvable as e:
            raise forms.ValidationError(str(e)) from e


class FormulairePersonne(forms.Form):
    nom = forms.CharField(max_length=100)
    prenom = forms.CharField(label="Prénom", max_length=100)
    date_naissance = forms.DateField(label="Date de naissance", required=False, widget=Dates)
    commune_code = forms.CharField(
        label="Commune (code INSEE)",
        required=False,
        max_length=5,
        help_text="Par exemple 77288 pour Melun.",
    )
    telephone = forms.CharField(label="Téléphone", required=False, max_length=20)
    courriel = forms.CharField(label="Adresse électronique", required=False, max_length=254)
    partage_autorise = forms.MultipleChoiceField(
        label="La personne accepte de partager, avec les structures vers qui elle est orientée",
        help_text="Demandez-le-lui : rien n'est partagé sans son accord.",
        choices=list(PARTIES.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    confirmer_nouveau = forms.BooleanField(
        label="J'ai vérifié : il ne s'agit d'aucun des dossiers ci-dessus, créer un nouveau dossier",
        required=False,
    )


class FormulaireContact(forms.Form):
    canal = forms.ChoiceField(
        choices=list(regles.CANAUX.items()), widget=forms.RadioSelect, label="Canal"
    )
    besoins = forms.MultipleChoiceField(
        label="Besoins exprimés",
        choices=list(regles.DOMAINES.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    conseils = forms.CharField(
        label="Conseils donnés",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    code_bilan = forms.CharField(
        label="Code d'un bilan d'accès aux droits",
        required=False,
        max_length=20,
        help_text="Si la personne a gardé un bilan, son code : les droits trouvés sont repris sans ressaisie.",
    )
    suite = forms.CharField(
        label="Suite prévue",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    date_suivi = forms.DateField(label="À rappeler ou revoir le", required=False, widget=Dates)
    suivi_fait = forms.BooleanField(label="Suivi fait", required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class FormulaireOrientation(forms.Form):
    structure_destination = forms.ModelChoiceField(
        queryset=None,
        label="Orienter vers",
        empty_label="Choisissez une structure",
        error_messages={"invalid_choice": "Choisissez une structure de l'annuaire."},
    )
    motif = forms.CharField(
        label="Motif de l'orientation", max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    elements_partages = forms.MultipleChoiceField(
        label="Ce qui est partagé avec la structure",
        choices=[],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Seulement ce que la personne a accepté de partager.",
    )

    def __init__(self, *args, structures, consentement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["structure_destination"].queryset = structures
        self.fields["elements_partages"].choices = [
            (k, v) for k, v in PARTIES.items() if k in consentement
        ]


class FormulaireReponse(forms.Form):
    decision = forms.ChoiceField(
        label="Votre réponse",
        choices=[
            (S.ACCEPTEE, "Accepter"),
            (S.REFUSEE, "Refuser"),
            (S.REALISEE, "Marquer réalisée"),
        ],
        widget=forms.RadioSelect,
    )
    motif_refus = forms.CharField(
        label="Motif du refus",
        required=False,
        max_length=2000,
        help_text="Obligatoire en cas de refus.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    commentaire = forms.CharField(
        label="Commentaire pour la structure qui oriente",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
