"""Forms of the RSA pages: they render the fields (DSFR) and turn the request into the plain
data `rsa.services` validates (the API sends the same data): one validation, French messages."""

from __future__ import annotations

from django import forms

from accueil import regles as regles_accueil
from accueil.forms import appliquer_erreurs  # noqa: F401 (re-exported for the views)
from rsa import regles


class Dates(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class DateHeure(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


def _choix(d: dict, vide: str | None = None):
    out = list(d.items())
    return [("", vide), *out] if vide is not None else out


class FormulaireImport(forms.Form):
    fichier = forms.FileField(
        label="Fichier mensuel de la CAF ou de la MSA",
        help_text="CSV (séparateur ; ou ,) ou classeur XLSX, 20 Mio au plus.",
    )
    mois = forms.CharField(
        label="Mois du flux (AAAA-MM)",
        required=False,
        help_text="Seulement si le fichier n'a pas de colonne « mois ».",
        max_length=7,
    )
    essai = forms.BooleanField(
        label="Essai : vérifier le fichier sans rien enregistrer", required=False
    )


class FormulaireDiagnostic(forms.Form):
    situation_emploi = forms.ChoiceField(
        label="Situation face à l'emploi",
        choices=_choix(regles.SITUATIONS_EMPLOI),
        widget=forms.RadioSelect,
    )
    mobilite = forms.ChoiceField(
        label="Mobilité", choices=_choix(regles.MOBILITES), widget=forms.RadioSelect
    )
    garde_enfants = forms.ChoiceField(
        label="Garde d'enfants", choices=_choix(regles.GARDES_ENFANTS), widget=forms.RadioSelect
    )
    sante = forms.ChoiceField(
        label="Santé", choices=_choix(regles.SANTES), widget=forms.RadioSelect
    )
    logement = forms.ChoiceField(
        label="Logement", choices=_choix(regles.LOGEMENTS), widget=forms.RadioSelect
    )
    domaines = forms.MultipleChoiceField(
        label="Autres besoins exprimés",
        choices=list(regles_accueil.DOMAINES.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    commentaire = forms.CharField(
        label="Ce qu'il faut retenir (sans détail médical)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )


class FormulaireOrientation(forms.Form):
    orientation = forms.ChoiceField(
        label="Orientation décidée", choices=_choix(regles.ORIENTATIONS), widget=forms.RadioSelect
    )
    structure = forms.ChoiceField(label="Structure d'orientation")
    decide_le = forms.DateField(label="Décidée le", widget=Dates)
    motif = forms.CharField(
        label="Motif (en particulier si la décision s'écarte de la suggestion)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )

    def __init__(self, *args, structures=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["structure"].choices = [("", "Choisir une structure")] + [
            (s.pk, f"{s.nom} ({s.libelle_typologie})") for s in structures
        ]


class FormulaireReferent(forms.Form):
    referent = forms.ChoiceField(label="Référent unique")
    designe_le = forms.DateField(label="Désigné le", widget=Dates)

    def __init__(self, *args, referents=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["referent"].choices = [("", "Choisir un agent")] + [
            (u.pk, u.get_full_name() or u.get_username()) for u in referents
        ]


class FormulaireInvitation(forms.Form):
    objet = forms.ChoiceField(
        label="Objet du rendez-vous", choices=_choix(regles.OBJETS_RENDEZ_VOUS)
    )
    le = forms.DateTimeField(label="Date et heure", widget=DateHeure)
    lieu = forms.ChoiceField(label="Lieu")
    canal = forms.ChoiceField(
        label="Invitation envoyée par",
        choices=_choix(regles.CANAUX_INVITATION),
        widget=forms.RadioSelect,
        help_text="Une lettre est un PDF à imprimer ; courriel et SMS partent tout de suite.",
    )

    def __init__(self, *args, lieux=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lieu"].choices = [("", "Choisir un lieu")] + [(s.pk, s.nom) for s in lieux]


class FormulairePresence(forms.Form):
    presence = forms.ChoiceField(
        label="La personne est-elle venue ?",
        choices=[(p, regles.PRESENCES[p]) for p in regles.PRESENCES_NOTEES],
        widget=forms.RadioSelect,
    )


class FormulaireContrat(forms.Form):
    type = forms.ChoiceField(label="Type de contrat", choices=_choix(regles.TYPES_CONTRAT))
    objectifs = forms.CharField(
        label="Objectifs (un par ligne)",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Écrits avec la personne, en mots simples.",
    )
    debut_le = forms.DateField(label="Début du contrat", widget=Dates)
    fin_le = forms.DateField(label="Fin du contrat", widget=Dates)
    heures_hebdomadaires = forms.IntegerField(
        label="Heures d'activité par semaine",
        required=False,
        min_value=0,
        max_value=48,
        help_text="15 heures en principe (loi pour le plein emploi), adaptées à la situation.",
    )
    signe_le = forms.DateField(
        label="Signé le", widget=Dates, required=False, help_text="Vide tant qu'il n'est pas signé."
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class FormulaireAction(forms.Form):
    libelle = forms.CharField(label="Action", max_length=300, required=False)
    debut_le = forms.DateField(label="Début", widget=Dates, required=False)
    echeance_le = forms.DateField(label="Échéance", widget=Dates, required=False)
    heures_hebdomadaires = forms.IntegerField(
        label="Heures par semaine", required=False, min_value=0, max_value=48
    )


ActionsFormSet = forms.formset_factory(FormulaireAction, extra=0)


class FormulaireAccompagnementGlobal(forms.Form):
    travailleur_social = forms.ChoiceField(label="Travailleur social")
    conseiller = forms.ChoiceField(label="Conseiller France Travail")
    debut_le = forms.DateField(label="Début", widget=Dates)
    plan = forms.CharField(
        label="Plan d'action partagé",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
        help_text="Ce que la personne, le travailleur social et le conseiller font ensemble. "
        "Le conseiller le voit : n'y écrivez que ce qui est utile au plan (secret partagé).",
    )

    def __init__(self, *args, travailleurs=(), conseillers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["travailleur_social"].choices = [("", "Choisir")] + [
            (u.pk, u.get_full_name() or u.get_username()) for u in travailleurs
        ]
        self.fields["conseiller"].choices = [("", "Choisir")] + [
            (
                m.utilisateur_id,
                f"{m.utilisateur.get_full_name() or m.utilisateur.get_username()} "
                f"({m.structure.nom})",
            )
            for m in conseillers
        ]


class FormulaireFiltres(forms.Form):
    q = forms.CharField(label="Nom ou numéro d'allocataire", required=False, max_length=100)
    statut = forms.ChoiceField(
        label="Droit", choices=_choix(regles.STATUTS_DROIT, "Tous"), required=False
    )
    orientation = forms.ChoiceField(
        label="Orientation",
        choices=[("", "Toutes"), ("aucune", "Pas encore orienté"), *regles.ORIENTATIONS.items()],
        required=False,
    )
    territoire = forms.ChoiceField(label="Territoire", required=False)
    attente = forms.BooleanField(
        label="En attente d'orientation depuis plus de 30 jours", required=False
    )
    mon_portefeuille = forms.BooleanField(
        label="Seulement les personnes dont je suis référent", required=False
    )

    def __init__(self, *args, territoires=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territoire"].choices = [("", "Tous")] + [(t.pk, t.nom) for t in territoires]
