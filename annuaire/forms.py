from django import forms

from annuaire import thematiques as th
from annuaire.droits_lien import droits_disponibles

BESOINS_FREQUENTS = [
    (
        "difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits",
        "Être aidé pour obtenir mes droits",
    ),
    (
        "famille--soutien-a-la-parentalite-et-a-leducation",
        "Être aidé avec mon enfant ou mon adolescent",
    ),
    ("sante--sante-mentale", "Parler d'un mal-être (jeunes et adultes)"),
    ("difficultes-financieres--situation-dendettement-surendettement", "Faire face à des dettes"),
    ("equipement-et-alimentation--alimentation", "Trouver une aide alimentaire"),
    ("logement-hebergement--se-maintenir-dans-le-logement", "Garder mon logement"),
    ("famille--prise-en-charge-personne-dependante", "Aider un proche âgé ou handicapé"),
    ("sante--constituer-un-dossier-mdph-invalidite", "Faire une demande à la MDPH"),
    ("trouver-un-emploi", "Trouver un emploi"),
    ("numerique--acceder-a-des-services-en-ligne", "Être aidé pour une démarche en ligne"),
]


def choix_thematiques():
    out = [("", "Tous les besoins"), ("Besoins fréquents", BESOINS_FREQUENTS)]
    for code, nom, enfants in th.groupes():
        out.append((nom, [(code, f"{nom} (tout)")] + enfants))
    return out


class RechercheForm(forms.Form):
    commune = forms.CharField(
        label="Votre commune",
        help_text="Nom de la commune ou code postal, par exemple « Melun » ou « 71300 ».",
        max_length=100,
        required=True,
        error_messages={"required": "Indiquez votre commune (nom ou code postal)."},
        widget=forms.TextInput(attrs={"data-communes": "", "spellcheck": "false"}),
    )
    code_commune = forms.CharField(required=False, widget=forms.HiddenInput)
    thematique = forms.ChoiceField(label="Votre besoin", required=False)
    droit = forms.ChoiceField(label="Ou le droit que vous voulez demander", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["thematique"].choices = choix_thematiques()
        self.fields["droit"].choices = [("", "Aucun droit en particulier")] + droits_disponibles()
        for nom in ("thematique", "droit"):
            self.fields[nom].error_messages["invalid_choice"] = (
                "Ce choix n'existe pas : choisissez dans la liste."
            )
