"""THE validation of each input of the accueil, one Django form per input, shared by the page
(errors shown on the fields) and the API (`valider`: 400 with the same French messages per
field). The ninja schemas only describe the types for OpenAPI; the services receive clean data
and check what only they can (duplicates, consent, the state machine, the rate limit)."""

from __future__ import annotations

import re
from datetime import timedelta

from django import forms
from django.utils import timezone

from accueil import regles
from accueil.perms import PARTIES
from accueil.regles import StatutOrientation as S
from solidarites.erreurs import ErreurChamps, appliquer_erreurs  # noqa: F401 (re-exported)
from solidarites.formulaires_publics import ChampPiege
from territoires import referentiel

RE_TELEPHONE = re.compile(r"^\+?[0-9 .\-]{10,20}$")
RE_COURRIEL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def valider(form: forms.Form) -> dict:
    """The API's use of a form: its clean data, or ErreurChamps with each field's messages."""
    if not form.is_valid():
        raise ErreurChamps(
            [
                {"champ": champ, "message": message}
                for champ, messages in form.errors.items()
                for message in messages
            ]
        )
    return form.cleaned_data


# --- field rules shared by the forms ----------------------------------------------------------


def telephone(valeur: str) -> str:
    valeur = (valeur or "").strip()
    if valeur and (not RE_TELEPHONE.match(valeur) or len(re.sub(r"\D", "", valeur)) < 10):
        raise forms.ValidationError(
            "Numéro de téléphone non reconnu (10 chiffres, par exemple 06 12 34 56 78)."
        )
    return valeur


def courriel(valeur: str) -> str:
    valeur = (valeur or "").strip()
    if valeur and not RE_COURRIEL.match(valeur):
        raise forms.ValidationError(
            "Adresse électronique non reconnue (par exemple nom@exemple.fr)."
        )
    return valeur


def dans_l_ordre(valeurs, permises) -> list[str]:
    """Chosen values, without repeats, in the canonical order of their list."""
    choisies = set(valeurs or [])
    return [v for v in permises if v in choisies]


TROP_LONG = {"max_length": "Ce texte est trop long (%(limit_value)d caractères au plus)."}


class Dates(forms.DateInput):
    """A native date picker: its value must be ISO (AAAA-MM-JJ), whatever the locale."""

    input_type = "date"

    def __init__(self, attrs=None, format="%Y-%m-%d"):
        super().__init__(attrs, format=format)


class FormulaireDemande(ChampPiege):
    """The public form « Être rappelé(e) / être aidé(e) »."""

    commune = forms.CharField(
        label="Votre commune",
        error_messages={"required": "Indiquez votre commune."},
        help_text="Nom de la commune ou code postal, par exemple « Melun » ou « 77000 ».",
        max_length=100,
    )
    code_commune = forms.ChoiceField(
        label="Précisez votre commune",
        required=False,
        widget=forms.RadioSelect,
        choices=[],
        error_messages={"invalid_choice": "Choisissez votre commune dans la liste."},
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
        choices=list(regles.MOMENTS.items()),
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
    code_bilan = forms.CharField(
        label="Code de votre bilan des droits",
        required=False,
        max_length=20,
        help_text="Facultatif. Si vous avez fait un bilan de vos droits sur ce site, son code "
        "(par exemple ABCD-EFGH) : l'agent verra vos réponses et vos droits probables, vous "
        "n'aurez pas à tout réexpliquer.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    confirmation = forms.MultipleChoiceField(
        label="Recevoir une confirmation de votre demande",
        help_text="Facultatif. Avec votre numéro de demande et le téléphone du lieu qui vous "
        "recontacte.",
        required=False,
        choices=list(regles.CONFIRMATIONS.items()),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        """The communes matching what was typed, best first (population, départements served):
        shown as a choice list when the text does not name one commune ("chalon"), so nothing
        is picked silently; works without JavaScript (the autocomplete only helps)."""
        from django.conf import settings

        from bilan.communes import chercher_communes, choix_de_communes

        super().__init__(*args, **kwargs)
        texte = (self.data.get("commune") or "").strip() if self.is_bound else ""
        servis = tuple(settings.DEPARTEMENTS)
        self.trouvees = chercher_communes(texte[:100], preferes=servis) if texte else []
        self.fields["code_commune"].choices = choix_de_communes(self.trouvees)
        if len(self.trouvees) < 2:
            self.fields["code_commune"].widget = forms.HiddenInput()

    def _resoudre_commune(self, donnees) -> None:
        """The commune chosen in the list, or the one the text names -> INSEE code."""
        from accueil.services import hors_territoire
        from territoires.recherche import choix_evident, normaliser

        texte = donnees.get("commune")
        if not texte:
            return
        code = donnees.get("code_commune")
        if not (code and any(c.code_insee == code for c in self.trouvees)):
            code = None
            if not self.trouvees:
                self.add_error(
                    "commune",
                    "Commune introuvable : vérifiez l'orthographe ou indiquez le code postal.",
                )
                return
            evidente = choix_evident(
                self.trouvees, normaliser(texte), nom=lambda c: normaliser(c.nom)
            )
            if evidente is None:
                self.add_error(
                    "code_commune",
                    "Plusieurs communes correspondent : choisissez la vôtre dans la liste.",
                )
                return
            code = evidente.code_insee
        if ailleurs := hors_territoire(code):
            self.add_error("commune", ailleurs)
            return
        donnees["commune"] = code

    def clean_besoins(self):
        return dans_l_ordre(self.cleaned_data["besoins"], regles.DOMAINES)

    def clean_telephone(self):
        return telephone(self.cleaned_data["telephone"])

    def clean_courriel(self):
        return courriel(self.cleaned_data["courriel"])

    def clean_code_bilan(self):
        """A kept bilan's code (dashes, spaces and case ignored), stored as shown: ABCD-EFGH."""
        from bilan.services import ouvrir_bilan_conserve

        code = self.cleaned_data["code_bilan"].strip()
        if not code:
            return ""
        conserve = ouvrir_bilan_conserve(code)
        if conserve is None:
            raise forms.ValidationError(
                "Code du bilan : aucun bilan conservé ne correspond à ce code, ou il a expiré "
                "(un bilan est gardé 30 jours). Vérifiez le code, ou laissez ce champ vide."
            )
        return conserve.code_affiche

    def clean_confirmation(self):
        return dans_l_ordre(self.cleaned_data["confirmation"], regles.CONFIRMATIONS)

    def clean(self):
        donnees = super().clean()
        self._resoudre_commune(donnees)
        if not self.has_error("telephone") and not self.has_error("courriel"):
            if not donnees.get("telephone") and not donnees.get("courriel"):
                self.add_error(
                    "telephone",
                    "Indiquez un numéro de téléphone ou une adresse électronique pour être "
                    "recontacté(e).",
                )
        choisis = donnees.get("confirmation") or []
        manque = []
        if "courriel" in choisis and not donnees.get("courriel") and not self.has_error("courriel"):
            manque.append("par courriel, indiquez votre adresse électronique")
        if "sms" in choisis and not donnees.get("telephone") and not self.has_error("telephone"):
            manque.append("par SMS, indiquez votre numéro de téléphone")
        if manque:
            self.add_error(
                "confirmation",
                "Pour recevoir la confirmation " + " ; ".join(manque) + ".",
            )
        return donnees


def libelle_commune(code: str) -> str:
    """ "Melun (77000)": what the commune field shows for a known code (read back exactly)."""
    ref = referentiel.commune(code) if code else None
    if ref is None:
        return code or ""
    return f"{ref.nom} ({ref.codes_postaux[0]})" if ref.codes_postaux else ref.nom


class FormulairePersonne(forms.Form):
    """A person's file. The commune is asked by its name (or postal code), as on the public
    side: resolved on the server (`territoires.formulaires.resoudre_commune`, the agent's
    département first), with a choice list when several communes match; the API may send the
    INSEE code (`commune_code`)."""

    nom = forms.CharField(max_length=100, error_messages=TROP_LONG)
    prenom = forms.CharField(label="Prénom", max_length=100, error_messages=TROP_LONG)
    date_naissance = forms.DateField(label="Date de naissance", required=False, widget=Dates)
    commune = forms.CharField(
        label="Commune",
        required=False,
        max_length=100,
        help_text="Nom de la commune ou code postal, par exemple « Melun » ou « 77000 ».",
        widget=forms.TextInput(attrs={"data-communes": "", "spellcheck": "false"}),
    )
    commune_code = forms.CharField(
        label="Commune (code INSEE)", required=False, max_length=5, widget=forms.HiddenInput
    )
    telephone = forms.CharField(
        label="Téléphone",
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "tel"}),
    )
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

    def __init__(self, *args, departement: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.departement = departement
        self.choix_communes = []

    def clean_date_naissance(self):
        valeur = self.cleaned_data["date_naissance"]
        aujourdhui = timezone.localdate()
        if valeur and valeur > aujourdhui:
            raise forms.ValidationError("La date de naissance ne peut pas être dans le futur.")
        if valeur and valeur < aujourdhui - timedelta(days=365 * 125):
            raise forms.ValidationError("La date de naissance est trop ancienne.")
        return valeur

    def clean_commune_code(self):
        code = self.cleaned_data["commune_code"].strip()
        if code and referentiel.commune(code) is None:
            raise forms.ValidationError("Commune inconnue : choisissez-la dans la liste.")
        return code

    def _resoudre_commune(self, donnees) -> None:
        """The commune chosen in the list (or sent by code), else the typed text resolved."""
        from territoires.formulaires import resoudre_commune

        if self.has_error("commune_code") or donnees.get("commune_code"):
            return
        texte = (donnees.get("commune") or "").strip()
        if not texte:
            return
        r = resoudre_commune(texte, departement_prefere=self.departement)
        if r.commune is not None:
            donnees["commune_code"] = r.commune.code_insee
        elif r.choix:
            self.choix_communes = r.choix
            self.add_error(
                "commune", "Plusieurs communes correspondent : choisissez-la dans la liste."
            )
        else:
            self.add_error("commune", r.erreur)

    def clean_telephone(self):
        return telephone(self.cleaned_data["telephone"])

    def clean_courriel(self):
        return courriel(self.cleaned_data["courriel"])

    def clean_partage_autorise(self):
        return dans_l_ordre(self.cleaned_data["partage_autorise"], PARTIES)

    def clean(self):
        donnees = super().clean()
        self._resoudre_commune(donnees)
        return donnees

    def dossier(self) -> dict:
        """The clean data the services write (without the confirmation box nor the text typed
        for the commune)."""
        return {
            k: v for k, v in self.cleaned_data.items() if k not in ("confirmer_nouveau", "commune")
        }


class FormulaireContact(forms.Form):
    canal = forms.ChoiceField(
        choices=list(regles.CANAUX.items()),
        widget=forms.RadioSelect,
        label="Canal",
        error_messages={"required": "Choisissez le canal du contact."},
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
        error_messages=TROP_LONG,
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
        error_messages=TROP_LONG,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    date_suivi = forms.DateField(label="À rappeler ou revoir le", required=False, widget=Dates)
    suivi_fait = forms.BooleanField(label="Suivi fait", required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean_besoins(self):
        return dans_l_ordre(self.cleaned_data["besoins"], regles.DOMAINES)

    def clean_code_bilan(self):
        """A kept bilan's code: its rights are copied into the contact, never retyped."""
        from accueil.services import droits_depuis_code_bilan

        code = self.cleaned_data["code_bilan"].strip().upper()
        self.droits_identifies = []
        if code:
            droits = droits_depuis_code_bilan(code)
            if droits is None:
                raise forms.ValidationError("Aucun bilan conservé ne correspond à ce code.")
            self.droits_identifies = droits
        return code

    def contact(self) -> dict:
        """The clean data the services write (without the version of the optimistic lock)."""
        c = {k: v for k, v in self.cleaned_data.items() if k != "version"}
        return c | {"droits_identifies": getattr(self, "droits_identifies", [])}


class FormulaireOrientation(forms.Form):
    structure_destination = forms.ModelChoiceField(
        queryset=None,
        label="Orienter vers",
        empty_label="Choisissez une structure",
        error_messages={"invalid_choice": "Choisissez une structure de l'annuaire."},
    )
    motif = forms.CharField(
        label="Motif de l'orientation",
        max_length=2000,
        error_messages=TROP_LONG,
        widget=forms.Textarea(attrs={"rows": 3}),
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

    def clean_elements_partages(self):
        return dans_l_ordre(self.cleaned_data["elements_partages"], PARTIES)


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
        error_messages=TROP_LONG,
        help_text="Obligatoire en cas de refus.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    commentaire = forms.CharField(
        label="Commentaire pour la structure qui oriente",
        required=False,
        max_length=2000,
        error_messages=TROP_LONG,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class FormulaireSuiviDroit(forms.Form):
    statut = forms.ChoiceField(
        label="Où en est la demande de ce droit ?",
        choices=regles.StatutDroit.choices(),
        error_messages={
            "required": "Choisissez un état du suivi.",
            "invalid_choice": "Choisissez un état du suivi.",
        },
    )


class FormulaireAjoutDroit(forms.Form):
    droit = forms.ChoiceField(
        label="Ajouter un droit à suivre",
        choices=[],
        widget=forms.Select(attrs={"class": "fr-select"}),
        error_messages={
            "required": "Choisissez un droit.",
            "invalid_choice": "Choisissez un droit de la liste.",
        },
    )

    def __init__(self, *args, **kwargs):
        from droits.models import Droit

        super().__init__(*args, **kwargs)
        self.fields["droit"].choices = [("", "Choisissez un droit")] + list(
            Droit.objects.order_by("titre").values_list("slug", "titre")
        )

    def libelle(self) -> str:
        return dict(self.fields["droit"].choices)[self.cleaned_data["droit"]]


class FormulaireAppel(forms.Form):
    """« Appel sans réponse »: the date of the next try (tomorrow by default)."""

    rappeler_le = forms.DateField(
        label="Rappeler le",
        widget=Dates,
        error_messages={
            "required": "Indiquez la date du prochain appel.",
            "invalid": "Date non reconnue : utilisez le format JJ/MM/AAAA.",
        },
    )

    def clean_rappeler_le(self):
        valeur = self.cleaned_data["rappeler_le"]
        erreur = regles.verifier_date_rappel(valeur, timezone.localdate())
        if erreur:
            raise forms.ValidationError(erreur)
        return valeur


class FormulairePeriode(forms.Form):
    """The period of the statistics (both dates included; the last 12 months by default)."""

    du = forms.DateField(
        label="Du",
        required=False,
        widget=Dates,
        error_messages={"invalid": "Date de début non reconnue (JJ/MM/AAAA)."},
    )
    au = forms.DateField(
        label="Au",
        required=False,
        widget=Dates,
        error_messages={"invalid": "Date de fin non reconnue (JJ/MM/AAAA)."},
    )

    def clean(self):
        from accueil.selectors import periode_par_defaut

        donnees = super().clean()
        if self.errors:
            return donnees
        defaut_du, defaut_au = periode_par_defaut()
        du = donnees.get("du") or defaut_du
        au = donnees.get("au") or (defaut_au if not donnees.get("du") or du <= defaut_au else du)
        if du > au:
            self.add_error("au", "La date de fin doit suivre la date de début.")
        elif (au - du).days > 366 * 5:
            self.add_error("du", "La période ne peut pas dépasser cinq ans.")
        donnees["du"], donnees["au"] = du, au
        return donnees
