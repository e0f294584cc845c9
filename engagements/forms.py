from django import forms

from engagements import regles


class FormulaireStatut(forms.Form):
    """Un changement de statut : la même saisie pour la page et l'API."""

    statut = forms.ChoiceField(label="Nouveau statut", choices=list(regles.STATUTS.items()))
    date = forms.DateField(
        label="Date du changement",
        help_text="Format : JJ/MM/AAAA.",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
    )
    preuve = forms.CharField(
        label="Preuve",
        help_text="Ce qui justifie le changement : décision, bilan, compte rendu…",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
    lien_preuve = forms.URLField(label="Lien vers la preuve (facultatif)", required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    error_messages_fr = {"required": "Ce champ est obligatoire."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for f in self.fields.values():
            f.error_messages["required"] = "Ce champ est obligatoire."
            f.error_messages["invalid"] = "Cette valeur n'est pas valide."
            css = "fr-select" if isinstance(f.widget, forms.Select) else "fr-input"
            f.widget.attrs.setdefault("class", css)
        self.fields["statut"].error_messages["invalid_choice"] = "Choisissez un statut de la liste."
        self.fields["date"].error_messages["invalid"] = "Indiquez une date valide (JJ/MM/AAAA)."


class FormulaireEngagement(forms.Form):
    """Créer ou modifier un engagement (la direction du pilotage de son département)."""

    schema = forms.ModelChoiceField(label="Schéma ou démarche", queryset=None)
    titre = forms.CharField(label="Intitulé", max_length=300)
    description = forms.CharField(
        label="Description (facultatif)",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    porteur = forms.CharField(
        label="Porteur", max_length=200, help_text="Direction ou service qui porte l'engagement."
    )
    echeance = forms.DateField(
        label="Échéance (facultatif)",
        required=False,
        help_text="Format : JJ/MM/AAAA.",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
    )

    def __init__(self, *args, schemas=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["schema"].queryset = schemas
        for f in self.fields.values():
            f.error_messages["required"] = "Ce champ est obligatoire."
            f.error_messages["invalid"] = "Cette valeur n'est pas valide."
            css = "fr-select" if isinstance(f.widget, forms.Select) else "fr-input"
            f.widget.attrs.setdefault("class", css)
        self.fields["schema"].error_messages["invalid_choice"] = (
            "Choisissez une démarche de la liste."
        )
        self.fields["echeance"].error_messages["invalid"] = "Indiquez une date valide (JJ/MM/AAAA)."
