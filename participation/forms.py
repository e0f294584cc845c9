from django import forms

from participation.models import CONTACTS, Inscription, Proposition
from solidarites.formulaires_publics import ChampPiege

MESSAGES = {
    "required": "Ce champ est obligatoire.",
    "invalid": "Cette valeur n'est pas valide.",
    "invalid_choice": "Choisissez une valeur de la liste.",
    "max_length": "Ce texte est trop long (%(limit_value)d caractères au plus).",
}


class _Base(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for f in self.fields.values():
            f.error_messages.update(MESSAGES)
            if isinstance(f.widget, forms.Select):
                f.widget.attrs.setdefault("class", "fr-select")
            elif isinstance(
                f.widget, (forms.RadioSelect, forms.CheckboxSelectMultiple, forms.CheckboxInput)
            ):
                pass
            else:
                f.widget.attrs.setdefault("class", "fr-input")


class FormulaireAdhesion(ChampPiege, _Base):
    """Demander à rejoindre un comité : le minimum, et comment être recontacté(e)."""

    prenom = forms.CharField(
        label="Prénom", max_length=100, widget=forms.TextInput(attrs={"autocomplete": "given-name"})
    )
    nom = forms.CharField(
        label="Nom (facultatif)",
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    contact_par = forms.ChoiceField(
        label="Comment voulez-vous être recontacté(e) ?",
        choices=list(CONTACTS.items())[:3],
        widget=forms.RadioSelect,
    )
    courriel = forms.EmailField(
        label="Adresse électronique",
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    telephone = forms.RegexField(
        label="Téléphone",
        required=False,
        regex=r"^[0-9 +().-]{6,20}$",
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    message = forms.CharField(
        label="Un mot pour le comité (facultatif)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    consentement = forms.BooleanField(
        label="J'accepte que l'espace départemental garde ces informations pour me recontacter "
        "au sujet du comité. Je peux retirer mon accord à tout moment."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["telephone"].error_messages["invalid"] = (
            "Le numéro de téléphone n'est pas valide."
        )
        self.fields["courriel"].error_messages["invalid"] = (
            "L'adresse électronique n'est pas valide."
        )
        self.fields["consentement"].error_messages["required"] = (
            "Votre accord est nécessaire pour que l'on vous recontacte."
        )


class FormulaireInscription(ChampPiege, _Base):
    prenom = forms.CharField(
        label="Prénom", max_length=100, widget=forms.TextInput(attrs={"autocomplete": "given-name"})
    )
    nom = forms.CharField(
        label="Nom", max_length=100, widget=forms.TextInput(attrs={"autocomplete": "family-name"})
    )
    qualite = forms.ChoiceField(label="Vous venez en tant que", choices=Inscription.Qualite.choices)
    organisme = forms.CharField(
        label="Organisme (facultatif)",
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    courriel = forms.EmailField(
        label="Adresse électronique", widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )


class FormulaireReponse(_Base):
    statut = forms.ChoiceField(label="Statut", choices=Proposition.Statut.choices)
    reponse = forms.CharField(
        label="Réponse du Département",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    engagement = forms.ModelChoiceField(
        label="Engagement relié (facultatif)", queryset=None, required=False
    )

    def __init__(self, *args, engagements=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["engagement"].queryset = engagements


class FormulaireReunion(_Base):
    presents = forms.ModelMultipleChoiceField(
        label="Membres présents", queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    compte_rendu = forms.CharField(
        label="Compte rendu",
        required=False,
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    publier = forms.BooleanField(
        label="Publier le compte rendu sur la page publique du comité", required=False
    )

    def __init__(self, *args, membres=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["presents"].queryset = membres
