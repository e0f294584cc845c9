from django import forms


class FormulaireReleve(forms.Form):
    """La valeur d'un indicateur pour une année : même saisie pour la page et l'API."""

    annee = forms.IntegerField(label="Année", min_value=2000, max_value=2100)
    valeur = forms.FloatField(label="Valeur", min_value=0)
    commentaire = forms.CharField(
        label="Commentaire (facultatif)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for f in self.fields.values():
            f.error_messages.update(
                {
                    "required": "Ce champ est obligatoire.",
                    "invalid": "Un nombre est attendu.",
                    "min_value": "La valeur doit être supérieure ou égale à %(limit_value)s.",
                    "max_value": "La valeur doit être inférieure ou égale à %(limit_value)s.",
                    "max_length": "Ce texte est trop long (%(limit_value)d caractères au plus).",
                }
            )
            f.widget.attrs.setdefault("class", "fr-input")
