"""The public questionnaire: one short form per screen, answers kept in the session.

Each step is a Django form. Answers are stored in the session as the submitted values (so that
going back never loses anything, even an answer not yet valid) and re-validated step by step
when the result is computed. `situation_depuis_reponses` turns them into the JSON contract of
`bilan.moteur.Situation`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django import forms
from django.conf import settings

from bilan.communes import chercher_communes, choix_de_communes
from bilan.moteur.aides_departementales import aides_du_departement
from bilan.moteur.catalogue import TITRES_NATIONAUX
from bilan.moteur.situation import (
    ACTIVITES,
    AGE_MAX,
    CONGES_PARENTAUX,
    ECHELONS_BOURSE,
    ENFANT_AGE_MAX,
    EPARGNE_MAX,
    LOYER_MAX,
    MOIS_GROSSESSE,
    MONTANT_MAX,
    PLAN_APA_MAX,
    SCOLARITES,
    STATUTS_LOGEMENT,
)
from territoires.recherche import choix_evident, normaliser
from territoires.referentiel import commune as commune_ref

OUI_NON = [("non", "Non"), ("oui", "Oui")]
HANDICAP = [
    ("0", "Non, ou taux inférieur à 50 %"),
    ("50", "Oui, taux de 50 à 79 %"),
    ("80", "Oui, taux de 80 % ou plus"),
]
NB_ENFANTS_MAX = 8


MOIS_EN_MOTS = (
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre"
).split()


def _euros(v: float) -> str:
    return f"{v:,.0f}".replace(",", "\u202f") + " €"


class MontantField(forms.DecimalField):
    """An amount in euros as French people type it: "650,50", "1 200", "1 200,5 €" (decimal
    comma, spaces as thousands separators, optional € sign). A point is read as the decimal
    separator too ("650.50"), never as a thousands separator. A text input (inputmode
    "decimal"): a browser's number input refuses the decimal comma."""

    widget = forms.TextInput

    def to_python(self, value):
        if isinstance(value, str):
            texte = re.sub(r"[\s\u00a0\u202f€]", "", value).replace(",", ".")
            if texte.count(".") > 1:
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
            value = texte
        try:
            return super().to_python(value)
        except forms.ValidationError:
            raise
        except (InvalidOperation, ValueError):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


def _montant(
    label: str, aide: str = "", *, nom: str = "", maxi: float = MONTANT_MAX
) -> MontantField:
    """An optional amount; every message names its field (`nom`, else the label)."""
    nom = nom or label
    return MontantField(
        label=label,
        required=False,
        min_value=0,
        max_value=Decimal(str(maxi)),
        decimal_places=2,
        help_text=aide or "En euros par mois, net. Laissez vide si aucun.",
        error_messages={
            "invalid": f"{nom} : indiquez un montant en euros, par exemple 650 ou 650,50.",
            "min_value": f"{nom} : le montant ne peut pas être négatif.",
            "max_value": f"{nom} : le montant doit être au plus de {_euros(maxi)}.",
            "max_decimal_places": f"{nom} : deux chiffres après la virgule au plus.",
            "max_digits": f"{nom} : ce montant est trop long.",
            "max_whole_digits": f"{nom} : ce montant est trop long.",
        },
    )


def _age(label: str, maxi: int = AGE_MAX, *, nom: str = "Âge", requis: bool = True):
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=maxi,
        required=requis,
        help_text="En années.",
        error_messages={
            "required": f"{nom} : indiquez l'âge.",
            "invalid": f"{nom} : indiquez un âge en années, par exemple 34.",
            "min_value": f"{nom} : l'âge ne peut pas être négatif.",
            "max_value": f"{nom} : l'âge doit être au plus de {maxi} ans.",
        },
    )


class MoisField(forms.CharField):
    """A month of birth: "11/2023", "11-2023", "2023-11" or "novembre 2023" -> "2023-11"."""

    def __init__(self, *args, nom: str = "Mois de naissance", a_venir: int | None = None, **kwargs):
        """`a_venir`: a month to come (an expected birth), from this month to `a_venir` months
        after it; otherwise a month not in the future (a birth, an arrival)."""
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 20)
        super().__init__(*args, **kwargs)
        self.nom = nom
        self.a_venir = a_venir
        self.error_messages["max_length"] = (
            f"{nom} : écrivez le mois et l'année, par exemple 11/2023."
        )

    def to_python(self, value):
        texte = super().to_python(value).strip().lower()
        if not texte:
            return None
        m = re.fullmatch(r"(\d{1,2})\s*[/.-]\s*(\d{4})", texte)
        if m:
            mois, annee = int(m.group(1)), int(m.group(2))
        elif m := re.fullmatch(r"(\d{4})-(\d{2})", texte):
            annee, mois = int(m.group(1)), int(m.group(2))
        elif (m := re.fullmatch(r"([a-zéû]+)\s+(\d{4})", texte)) and m.group(1) in MOIS_EN_MOTS:
            mois, annee = MOIS_EN_MOTS.index(m.group(1)) + 1, int(m.group(2))
        else:
            raise forms.ValidationError(
                f"{self.nom} : écrivez le mois et l'année, par exemple 11/2023.", code="invalid"
            )
        aujourd_hui = dt.date.today()
        if not 1 <= mois <= 12 or annee < aujourd_hui.year - AGE_MAX:
            raise forms.ValidationError(
                f"{self.nom} : ce mois n'existe pas ou est trop ancien.", code="invalid"
            )
        if self.a_venir is not None:
            ecart = (annee - aujourd_hui.year) * 12 + mois - aujourd_hui.month
            if ecart < 0:
                raise forms.ValidationError(
                    f"{self.nom} : ce mois est passé. Un enfant déjà né se compte dans le nombre "
                    "d'enfants à charge.",
                    code="invalid",
                )
            if ecart > self.a_venir:
                raise forms.ValidationError(
                    f"{self.nom} : indiquez un mois dans les {self.a_venir} prochains mois.",
                    code="invalid",
                )
            return f"{annee}-{mois:02d}"
        if (annee, mois) > (aujourd_hui.year, aujourd_hui.month):
            raise forms.ValidationError(
                f"{self.nom} : "
                + (
                    "le mois de naissance est dans le futur."
                    if "naissance" in self.nom
                    else "ce mois est dans le futur."
                ),
                code="invalid",
            )
        return f"{annee}-{mois:02d}"


def _naissance(label: str, nom: str) -> MoisField:
    return MoisField(
        label=label,
        nom=nom,
        help_text="Facultatif, plus précis que l'âge : le mois et l'année, par exemple 11/2023.",
    )


class CommuneForm(forms.Form):
    commune = forms.CharField(
        label="Dans quelle commune habitez-vous ?",
        max_length=80,
        help_text="Le nom de la commune ou son code postal, par exemple Melun ou 77000.",
        error_messages={"required": "Indiquez votre commune (nom ou code postal)."},
        widget=forms.TextInput(
            attrs={"data-communes": "", "autocomplete": "address-level2", "spellcheck": "false"}
        ),
    )
    code_commune = forms.ChoiceField(
        label="Précisez votre commune", required=False, widget=forms.RadioSelect, choices=[]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        texte = (self.data.get("commune") if self.is_bound else self.initial.get("commune")) or ""
        servis = tuple(settings.DEPARTEMENTS)
        self.trouvees = chercher_communes(texte, preferes=servis) if texte else []
        self.fields["code_commune"].choices = choix_de_communes(self.trouvees)
        if len(self.trouvees) < 2:
            self.fields["code_commune"].widget = forms.HiddenInput()

    def clean(self):
        data = super().clean()
        texte = data.get("commune")
        if not texte:
            return data
        code = data.get("code_commune")
        if code and commune_ref(code):
            return data
        if not self.trouvees:
            self.add_error(
                "commune",
                f"Aucune commune ne correspond à « {texte} ». Vérifiez "
                "l'orthographe ou le code postal.",
            )
        elif evidente := choix_evident(
            self.trouvees, normaliser(texte), nom=lambda c: normaliser(c.nom)
        ):
            data["code_commune"] = evidente.code_insee
        else:
            self.add_error(
                "code_commune",
                "Plusieurs communes correspondent : choisissez la vôtre dans la liste.",
            )
        return data


class LogementForm(forms.Form):
    statut = forms.ChoiceField(
        label="Quel est votre logement ?",
        widget=forms.RadioSelect,
        choices=list(STATUTS_LOGEMENT.items()),
        error_messages={"required": "Choisissez votre situation."},
    )
    loyer = _montant(
        "Loyer mensuel, hors charges",
        "Pour les locataires : le loyer par mois, sans les charges, par exemple 650,50.",
        nom="Loyer",
        maxi=LOYER_MAX,
    )

    def clean(self):
        data = super().clean()
        if data.get("statut", "").startswith("locataire") and not data.get("loyer"):
            if "loyer" not in self.errors:
                self.add_error("loyer", "Loyer : indiquez votre loyer mensuel (hors charges).")
        return data


class FoyerForm(forms.Form):
    en_couple = forms.ChoiceField(
        label="Vivez-vous en couple ?",
        widget=forms.RadioSelect,
        choices=OUI_NON,
        error_messages={"required": "Répondez par oui ou non."},
    )
    nb_enfants = forms.TypedChoiceField(
        label="Combien d'enfants avez-vous à charge ?",
        coerce=int,
        choices=[(str(i), str(i)) for i in range(NB_ENFANTS_MAX + 1)],
        initial="0",
        help_text="Les enfants de moins de 25 ans qui vivent avec vous.",
        error_messages={
            "invalid_choice": f"Nombre d'enfants : choisissez un nombre de 0 à {NB_ENFANTS_MAX}."
        },
    )
    naissance_attendue = MoisField(
        label="Attendez-vous un enfant ? Si oui, le mois prévu de la naissance",
        nom="Mois prévu de la naissance",
        a_venir=MOIS_GROSSESSE,
        help_text="Facultatif : si vous ou votre conjointe êtes enceinte, le mois et l'année, "
        "par exemple 03/2027 (prime à la naissance ; la grossesse compte aussi pour le RSA).",
    )
    enfants_attendus = forms.TypedChoiceField(
        label="Combien d'enfants attendez-vous ?",
        coerce=int,
        choices=[("1", "Un enfant"), ("2", "Des jumeaux"), ("3", "Des triplés")],
        initial="1",
        required=False,
        help_text="Seulement si vous attendez un enfant.",
        error_messages={"invalid_choice": "Nombre d'enfants attendus : choisissez dans la liste."},
    )
    handicap_foyer = forms.ChoiceField(
        label="Une personne de votre foyer a-t-elle un handicap, une maladie invalidante ou de "
        "grandes difficultés dans les gestes du quotidien ?",
        widget=forms.RadioSelect,
        choices=OUI_NON,
        initial="non",
        required=False,
        help_text="Si oui, une étape vous interroge sur ces difficultés (PCH, carte mobilité "
        "inclusion, RQTH).",
    )
    autonomie_foyer = forms.ChoiceField(
        label="Vous ou votre conjoint·e avez-vous 60 ans ou plus et besoin d'aide dans la vie "
        "quotidienne ?",
        widget=forms.RadioSelect,
        choices=OUI_NON,
        initial="non",
        required=False,
        help_text="Si oui, une étape vous interroge sur l'autonomie (APA à domicile).",
    )
    proche_heberge = forms.ChoiceField(
        label="Hébergez-vous chez vous un parent ou un proche de 60 ans ou plus qui a besoin "
        "d'aide dans la vie quotidienne ?",
        widget=forms.RadioSelect,
        choices=OUI_NON,
        initial="non",
        required=False,
        help_text="Si oui, l'étape « Autonomie » vous interroge aussi sur lui ou elle : son APA "
        "à domicile est calculée sur ses propres revenus.",
    )


SCOLARITE_CHOIX = [("", "Pas scolarisé·e, ou je ne sais pas")] + list(SCOLARITES.items())


class EnfantsForm(forms.Form):
    def __init__(self, *args, nb_enfants: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        self.nb_enfants = nb_enfants
        for i in range(1, nb_enfants + 1):
            nom = f"Enfant n° {i}"
            self.fields[f"age_enfant_{i}"] = _age(
                f"Âge de l'enfant n° {i}",
                maxi=ENFANT_AGE_MAX,
                nom=f"Âge de l'enfant n° {i}",
                requis=False,
            )
            self.fields[f"naissance_enfant_{i}"] = _naissance(
                f"Mois de naissance de l'enfant n° {i}", f"Mois de naissance de l'enfant n° {i}"
            )
            self.fields[f"adoption_enfant_{i}"] = MoisField(
                label=f"{nom} : adopté·e ? Le mois de son arrivée chez vous",
                nom=f"Mois d'arrivée de l'enfant n° {i}",
                help_text="Seulement pour un enfant adopté ou confié en vue d'adoption, par "
                "exemple 10/2026 (prime à l'adoption).",
            )
            self.fields[f"scolarite_enfant_{i}"] = forms.ChoiceField(
                label=f"{nom} : scolarité cette année",
                choices=SCOLARITE_CHOIX,
                required=False,
                help_text="Pour les bourses de collège et de lycée.",
                error_messages={"invalid_choice": f"{nom} : choisissez une scolarité de la liste."},
            )
            self.fields[f"handicap_enfant_{i}"] = forms.ChoiceField(
                label=f"{nom} : taux d'incapacité reconnu par la MDPH",
                choices=HANDICAP,
                initial="0",
                required=False,
                help_text="Pour l'AEEH.",
                error_messages={"invalid_choice": f"{nom} : choisissez un taux de la liste."},
            )

    def clean(self):
        data = super().clean()
        for i in range(1, self.nb_enfants + 1):
            age, naissance = data.get(f"age_enfant_{i}"), data.get(f"naissance_enfant_{i}")
            if age is None and not naissance and f"age_enfant_{i}" not in self.errors:
                self.add_error(
                    f"age_enfant_{i}",
                    f"Âge de l'enfant n° {i} : indiquez son âge ou son mois de naissance.",
                )
        return data


CONGE_CHOIX = [("", "Non")] + list(CONGES_PARENTAUX.items())
TRIMESTRES_CHOIX = [("", "Je ne sais pas"), ("oui", "Oui"), ("non", "Non")]


class PersonneForm(forms.Form):
    def __init__(self, *args, qui: str = "vous", jeune_enfant: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        vous = qui == "vous"
        nom_age = "Votre âge" if vous else "Âge de votre conjoint·e"
        self.fields["age"] = _age(
            "Quel âge avez-vous ?" if vous else "Quel âge a votre conjoint·e ?",
            nom=nom_age,
            requis=False,
        )
        self.fields["naissance"] = _naissance(
            "Votre mois de naissance" if vous else "Mois de naissance de votre conjoint·e",
            "Votre mois de naissance" if vous else "Mois de naissance de votre conjoint·e",
        )
        self.nom_age = nom_age
        self.fields["activite"] = forms.ChoiceField(
            label="Quelle est votre situation ?" if vous else "Quelle est sa situation ?",
            widget=forms.RadioSelect,
            choices=list(ACTIVITES.items()),
            error_messages={"required": "Choisissez une situation."},
        )
        self.fields["handicap"] = forms.ChoiceField(
            label=(
                "Avez-vous un taux d'incapacité reconnu par la MDPH ?"
                if vous
                else "A-t-il ou elle un taux d'incapacité reconnu par la MDPH ?"
            ),
            widget=forms.RadioSelect,
            choices=HANDICAP,
            initial="0",
            required=False,
        )
        if jeune_enfant:  # PreParE: asked only with a child under 3 (or adopted this year)
            nom = "Réduction d'activité" + ("" if vous else " de votre conjoint·e")
            self.fields["conge_parental"] = forms.ChoiceField(
                label=(
                    "Avez-vous arrêté ou réduit votre travail pour vous occuper de votre jeune "
                    "enfant ?"
                    if vous
                    else "A-t-il ou elle arrêté ou réduit son travail pour s'occuper de votre "
                    "jeune enfant ?"
                ),
                choices=CONGE_CHOIX,
                required=False,
                help_text="Congé parental ou temps partiel : pour la prestation partagée "
                "d'éducation de l'enfant (PreParE).",
                error_messages={"invalid_choice": f"{nom} : choisissez dans la liste."},
            )
            self.fields["trimestres_prepare"] = forms.ChoiceField(
                label=(
                    "Si oui : avez-vous travaillé (ou été indemnisé·e par le chômage) au moins "
                    "2 ans au total pendant les 2 dernières années (un enfant), les 4 dernières "
                    "(deux enfants) ou les 5 dernières (trois enfants ou plus) ?"
                    if vous
                    else "Si oui : a-t-il ou elle travaillé (ou été indemnisé·e par le chômage) "
                    "au moins 2 ans au total pendant les 2, 4 ou 5 dernières années selon le "
                    "nombre d'enfants ?"
                ),
                choices=TRIMESTRES_CHOIX,
                required=False,
                help_text="Ce sont les 8 trimestres de cotisations retraite demandés par la CAF.",
                error_messages={"invalid_choice": f"{nom} : choisissez dans la liste."},
            )

    def clean(self):
        data = super().clean()
        if data.get("age") is None and not data.get("naissance") and "age" not in self.errors:
            self.add_error("age", f"{self.nom_age} : indiquez l'âge ou le mois de naissance.")
        return data


DIFFICULTES = [("0", "Aucune"), ("1", "Une"), ("2", "Deux"), ("3", "Trois ou plus")]
AIDE_ACTIVITES = (
    "Les activités essentielles : se laver, s'habiller, prendre ses repas, aller aux toilettes, "
    "se déplacer dans le logement et dehors, se lever, parler, entendre, voir, s'orienter dans "
    "le temps et l'espace, gérer sa sécurité, maîtriser son comportement… Les difficultés dues à "
    "un trouble psychique, cognitif ou mental comptent aussi."
)


class HandicapForm(forms.Form):
    """Difficulties in essential activities, for the PCH (and the CMI, RQTH)."""

    def __init__(self, *args, en_couple: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        qui = [("vous_", "Vous")] + ([("conjoint_", "Votre conjoint·e")] if en_couple else [])
        for prefixe, nom in qui:
            self.fields[f"{prefixe}absolue"] = forms.ChoiceField(
                label=f"{nom} — activités essentielles impossibles à faire, même avec une aide "
                "technique (difficulté absolue)",
                choices=DIFFICULTES,
                initial="0",
                required=False,
                help_text=AIDE_ACTIVITES,
                error_messages={"invalid_choice": f"{nom} : choisissez un nombre de la liste."},
            )
            self.fields[f"{prefixe}grave"] = forms.ChoiceField(
                label=f"{nom} — activités essentielles faites difficilement et mal (difficulté "
                "grave)",
                choices=DIFFICULTES,
                initial="0",
                required=False,
                error_messages={"invalid_choice": f"{nom} : choisissez un nombre de la liste."},
            )


GIRS = [("", "Je ne le connais pas")] + [(str(g), f"GIR {g}") for g in range(1, 7)]
DEPLACEMENTS = [
    ("seul", "Se déplace seul·e dans le logement"),
    ("aide", "A besoin d'aide pour se déplacer dans le logement"),
    ("lit", "Reste au lit ou au fauteuil la plupart du temps"),
]
TOILETTE = [
    ("seul", "Fait sa toilette et s'habille seul·e"),
    ("aide", "A besoin d'aide pour la toilette ou l'habillage"),
]
ORIENTATION = [
    ("non", "Pas de trouble de la mémoire ou de l'orientation"),
    ("oui", "A besoin d'être guidé·e ou surveillé·e (mémoire, orientation)"),
]


def estimer_gir(deplacements: str, toilette: str, orientation: str) -> int | None:
    """A short guided estimate of the GIR (AGGIR grid, simplified to three questions), or None
    when nothing shows a need for help. Uncertain by about one GIR: only the evaluation at home
    by the département's team sets it (said in the result)."""
    if deplacements == "lit":
        return 2 if (toilette == "aide" or orientation == "oui") else 3
    if deplacements == "aide" and toilette == "aide":
        return 3
    if toilette == "aide" or orientation == "oui" or deplacements == "aide":
        return 4
    return None


class AutonomieForm(forms.Form):
    """The GIR when known (APA à domicile), else a short guided estimate: for the applicant and
    partner (`foyer`) and for an older relative the household hosts (`heberge`: their age and
    pensions too, their APA being computed on their own resources)."""

    def __init__(
        self, *args, en_couple: bool = False, foyer: bool = True, heberge: bool = False, **kwargs
    ):
        super().__init__(*args, **kwargs)
        qui = []
        if foyer:
            qui = [("vous_", "Vous")] + ([("conjoint_", "Votre conjoint·e")] if en_couple else [])
        if heberge:
            qui.append(("heberge_", "La personne que vous hébergez"))
            nom = "Âge de la personne hébergée"
            self.fields["heberge_age"] = _age(
                "La personne que vous hébergez — son âge",
                maxi=AGE_MAX,
                nom=nom,
            )
            self.fields["heberge_retraite"] = _montant(
                "La personne que vous hébergez — ses pensions de retraite, nettes par mois",
                "Pour calculer sa participation au plan d'aide. 0 si elle n'en a pas.",
                nom="Personne hébergée : pensions de retraite",
            )
        self.qui = qui
        for prefixe, nom in qui:
            self.fields[f"{prefixe}gir"] = forms.ChoiceField(
                label=f"{nom} — GIR (groupe iso-ressources), s'il a été évalué",
                choices=GIRS,
                required=False,
                help_text="Le GIR, de 1 (très dépendant) à 6 (autonome), figure sur la "
                "notification de l'APA ou de la caisse de retraite. Sinon, répondez aux trois "
                "questions suivantes : nous l'estimerons.",
                error_messages={"invalid_choice": f"{nom} : choisissez un GIR de la liste."},
            )
            self.fields[f"{prefixe}plan"] = _montant(
                f"{nom} — montant mensuel du plan d'aide APA, s'il vous a été notifié",
                "Facultatif. Sans lui, le plafond du plan pour le GIR est retenu.",
                nom=f"{nom} : plan d'aide",
                maxi=PLAN_APA_MAX,
            )
            for champ, libelle, choix, defaut in (
                ("deplacements", "se déplacer", DEPLACEMENTS, "seul"),
                ("toilette", "toilette et habillage", TOILETTE, "seul"),
                ("orientation", "mémoire et orientation", ORIENTATION, "non"),
            ):
                self.fields[f"{prefixe}{champ}"] = forms.ChoiceField(
                    label=f"{nom} — {libelle}",
                    widget=forms.RadioSelect,
                    choices=choix,
                    initial=defaut,
                    required=False,
                    error_messages={
                        "invalid_choice": f"{nom} — {libelle} : choisissez une réponse."
                    },
                )


ECHELON_CHOIX = [("", "Je ne le connais pas")] + list(ECHELONS_BOURSE.items())


class RevenusForm(forms.Form):
    def __init__(
        self,
        *args,
        en_couple: bool = False,
        sans_emploi=(),
        etudiants=(),
        epargne: bool = False,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        qui = [("", "Vous")] + ([("conjoint_", "Votre conjoint·e")] if en_couple else [])
        for prefixe, nom in qui:
            self.fields[f"{prefixe}salaire_net"] = _montant(
                f"{nom} — salaire ou revenu d'activité", "Net, par mois. Laissez vide si aucun."
            )
            self.fields[f"{prefixe}chomage_net"] = _montant(f"{nom} — allocation chômage")
            self.fields[f"{prefixe}retraite"] = _montant(f"{nom} — pensions de retraite")
            self.fields[f"{prefixe}pension_invalidite"] = _montant(f"{nom} — pension d'invalidité")
            self.fields[f"{prefixe}pension_alimentaire_recue"] = _montant(
                f"{nom} — pension alimentaire reçue",
                "Par mois, pour vous ou vos enfants. Laissez vide si aucune.",
            )
            self.fields[f"{prefixe}pension_alimentaire_versee"] = _montant(
                f"{nom} — pension alimentaire versée",
                "Par mois, à un enfant ou à un ex-conjoint. Laissez vide si aucune.",
            )
            if prefixe in sans_emploi:
                self.fields[f"{prefixe}ass_conditions"] = forms.ChoiceField(
                    label=f"{nom} — vos droits au chômage sont-ils épuisés, après au moins 5 ans "
                    "de travail salarié dans les 10 dernières années ?",
                    widget=forms.RadioSelect,
                    choices=OUI_NON,
                    initial="non",
                    required=False,
                    help_text="Pour l'allocation de solidarité spécifique (ASS).",
                )
            if prefixe in etudiants:
                self.fields[f"{prefixe}boursier"] = forms.ChoiceField(
                    label=f"{nom} — êtes-vous boursier·e sur critères sociaux (bourse du Crous) ?",
                    widget=forms.RadioSelect,
                    choices=[("non", "Non, ou pas encore"), ("oui", "Oui")],
                    initial="non",
                    required=False,
                )
                self.fields[f"{prefixe}echelon_bourse"] = forms.ChoiceField(
                    label=f"{nom} — échelon de la bourse",
                    choices=ECHELON_CHOIX,
                    required=False,
                    help_text="Il figure sur la notification du Crous (0 bis à 7). Laissez « Je "
                    "ne le connais pas » si vous n'avez pas encore de réponse.",
                    error_messages={
                        "invalid_choice": "Échelon de la bourse : choisissez 0 bis ou un "
                        "échelon de 1 à 7."
                    },
                )
        if epargne:
            self.fields["epargne"] = _montant(
                "Combien avez-vous d'épargne en tout : livrets, comptes d'épargne… ?",
                "Le total pour votre foyer, en euros (pas par mois). Laissez vide si aucune. Le "
                "RSA, le minimum vieillesse, l'AAH et la complémentaire santé solidaire en "
                "tiennent compte.",
                nom="Épargne",
                maxi=EPARGNE_MAX,
            )


class DroitsForm(forms.Form):
    droits_percus = forms.MultipleChoiceField(
        label="Quelles aides recevez-vous déjà ?",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[],
        help_text="Cochez celles que vous recevez aujourd'hui. Aucune : ne cochez rien.",
    )

    def __init__(self, *args, departement: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["droits_percus"].choices = list(TITRES_NATIONAUX.items()) + [
            (a.slug, a.label) for a in aides_du_departement(departement)
        ]


@dataclass(frozen=True)
class Etape:
    nom: str
    titre: str
    form: type[forms.Form]


ETAPES = [
    Etape("commune", "Votre commune", CommuneForm),
    Etape("logement", "Votre logement", LogementForm),
    Etape("foyer", "Votre foyer", FoyerForm),
    Etape("enfants", "Vos enfants", EnfantsForm),
    Etape("vous", "Vous", PersonneForm),
    Etape("conjoint", "Votre conjoint·e", PersonneForm),
    Etape("handicap", "Difficultés au quotidien", HandicapForm),
    Etape("autonomie", "Autonomie", AutonomieForm),
    Etape("revenus", "Vos revenus", RevenusForm),
    Etape("droits", "Les aides que vous recevez", DroitsForm),
]
PAR_NOM = {e.nom: e for e in ETAPES}


def _entier(valeur, defaut=0) -> int:
    try:
        return int(valeur)
    except (TypeError, ValueError):
        return defaut


def nombre_enfants(reponses: dict) -> int:
    """The number of children of the answers, bounded whatever the session holds."""
    return min(max(_entier(reponses.get("nb_enfants")), 0), NB_ENFANTS_MAX)


def jeune_enfant(reponses: dict) -> bool:
    """A child under 3, or adopted less than a year ago, in the answers of the children step
    (the PreParE questions are asked only then)."""
    aujourd_hui = dt.date.today()
    maintenant = aujourd_hui.year * 12 + aujourd_hui.month
    for i in range(1, nombre_enfants(reponses) + 1):
        age = _entier(reponses.get(f"age_enfant_{i}"), None)
        if age is not None and age < 3:
            return True
        for cle, mois_max in ((f"naissance_enfant_{i}", 36), (f"adoption_enfant_{i}", 12)):
            try:
                mois = MoisField().clean(reponses.get(cle) or "")
            except forms.ValidationError:
                continue
            if mois and maintenant - (int(mois[:4]) * 12 + int(mois[5:7])) < mois_max:
                return True
    return False


def etapes_utiles(reponses: dict) -> list[Etape]:
    """Steps that apply: no children step without children, no partner step alone."""
    out = []
    for e in ETAPES:
        if e.nom == "enfants" and nombre_enfants(reponses) == 0:
            continue
        if e.nom == "conjoint" and reponses.get("en_couple") != "oui":
            continue
        if e.nom == "handicap" and reponses.get("handicap_foyer") != "oui":
            continue
        if e.nom == "autonomie" and "oui" not in (
            reponses.get("autonomie_foyer"),
            reponses.get("proche_heberge"),
        ):
            continue
        out.append(e)
    return out


def _activites(reponses: dict) -> tuple[tuple[str, str | None], ...]:
    """(field prefix of the incomes step, activity) of you and your partner."""
    out = [("", reponses.get("vous-activite"))]
    if reponses.get("en_couple") == "oui":
        out.append(("conjoint_", reponses.get("conjoint-activite")))
    return tuple(out)


def etudiants(reponses: dict) -> tuple[str, ...]:
    """The prefixes of the students: asked whether they have a bourse, and its echelon."""
    return tuple(prefixe for prefixe, activite in _activites(reponses) if activite == "etudiant")


def epargne_demandee(reponses: dict) -> bool:
    """Savings are asked when someone may get a means-tested minimum that counts them (RSA,
    AAH, ASPA, CSS): not of a household of students only (the RSA is closed
    to them, and their CSS rarely turns on savings)."""
    return any(activite != "etudiant" for _, activite in _activites(reponses))


def total_connu(reponses: dict) -> bool:
    """The number of steps is known once the household step is answered (it decides the
    optional steps: children, partner, difficulties, autonomy)."""
    return "en_couple" in reponses


def departement(reponses: dict) -> str:
    ref = commune_ref(reponses.get("code_commune") or "")
    return ref.departement if ref else ""


def habiller(form: forms.Form) -> forms.Form:
    """DSFR classes, and each input described by its hint and its error message."""
    for nom, champ in form.fields.items():
        widget = champ.widget
        if isinstance(widget, (forms.RadioSelect, forms.CheckboxSelectMultiple, forms.HiddenInput)):
            continue
        auto_id = form[nom].auto_id
        widget.attrs["class"] = "fr-select" if isinstance(widget, forms.Select) else "fr-input"
        widget.attrs["aria-describedby"] = f"{auto_id}-aide {auto_id}-erreurs"
        if isinstance(champ, (forms.DecimalField, forms.IntegerField)):
            widget.attrs["inputmode"] = (
                "decimal" if isinstance(champ, forms.DecimalField) else "numeric"
            )
    return form


def formulaire(etape: Etape, reponses: dict, data=None) -> forms.Form:
    return habiller(_formulaire(etape, reponses, data))


def _formulaire(etape: Etape, reponses: dict, data=None) -> forms.Form:
    """The form of a step, bound to `data` (a POST) or filled with the stored answers."""
    kwargs: dict = {}
    prefixe = ""
    if etape.nom == "enfants":
        kwargs["nb_enfants"] = nombre_enfants(reponses)
    elif etape.nom in ("vous", "conjoint"):
        kwargs["qui"] = etape.nom
        kwargs["jeune_enfant"] = jeune_enfant(reponses)
        prefixe = etape.nom
    elif etape.nom == "handicap":
        kwargs["en_couple"] = reponses.get("en_couple") == "oui"
    elif etape.nom == "autonomie":
        kwargs["en_couple"] = reponses.get("en_couple") == "oui"
        kwargs["foyer"] = reponses.get("autonomie_foyer") == "oui"
        kwargs["heberge"] = reponses.get("proche_heberge") == "oui"
    elif etape.nom == "revenus":
        kwargs["en_couple"] = reponses.get("en_couple") == "oui"
        kwargs["sans_emploi"] = tuple(
            prefixe
            for prefixe, cle in (("", "vous-activite"), ("conjoint_", "conjoint-activite"))
            if reponses.get(cle) == "sans_emploi"
        )
        kwargs["etudiants"] = etudiants(reponses)
        kwargs["epargne"] = epargne_demandee(reponses)
    elif etape.nom == "droits":
        kwargs["departement"] = departement(reponses)
    if data is not None:
        return etape.form(data, prefix=prefixe or None, **kwargs)
    form = etape.form(prefix=prefixe or None, **kwargs)
    cles = {nom: (f"{prefixe}-{nom}" if prefixe else nom) for nom in form.fields}
    form.initial = {nom: reponses[cle] for nom, cle in cles.items() if cle in reponses}
    if etape.nom == "commune":  # rebuild the choice list from the stored text
        form = etape.form(initial=form.initial, **kwargs)
    return form


def valeurs_soumises(form: forms.Form) -> dict:
    """The raw submitted values of a bound form that passed validation, keyed as in the session.

    A field in error is never kept: the session holds only values a step accepted (a rejected
    `nb_enfants` of 100 000 once made the next step build 100 000 fields)."""
    out = {}
    form.is_valid()
    for nom, champ in form.fields.items():
        if nom in form.errors:
            continue
        cle = form.add_prefix(nom)
        if isinstance(champ, forms.MultipleChoiceField):
            out[cle] = (
                form.data.getlist(cle) if hasattr(form.data, "getlist") else form.data.get(cle, [])
            )
        elif cle in form.data:
            out[cle] = form.data.get(cle)
    return out


def _brut(reponses: dict, etape: Etape) -> dict:
    """The stored answers of a step as form data."""
    form = formulaire(etape, reponses)
    data = {}
    for nom in form.fields:
        cle = form.add_prefix(nom)
        if cle in reponses:
            data[cle] = reponses[cle]
    return data


class _Donnees(dict):
    def getlist(self, cle):
        v = self.get(cle, [])
        return v if isinstance(v, list) else [v]


def valider(reponses: dict) -> tuple[dict | None, str | None]:
    """All the answers as the situation JSON, or (None, name of the first incomplete step)."""
    propres: dict[str, dict] = {}
    for etape in etapes_utiles(reponses):
        form = formulaire(etape, reponses, data=_Donnees(_brut(reponses, etape)))
        if not form.is_valid():
            return None, etape.nom
        propres[etape.nom] = form.cleaned_data
    return situation_depuis_reponses(propres), None


REVENUS = (
    "salaire_net",
    "chomage_net",
    "retraite",
    "pension_invalidite",
    "pension_alimentaire_recue",
    "pension_alimentaire_versee",
)


def _personne(
    role: str, d: dict, revenus: dict, prefixe: str, handicap: dict, autonomie: dict, qui: str
) -> dict:
    def m(nom):
        v = revenus.get(f"{prefixe}{nom}")
        return float(v) if v else 0.0

    p: dict = {
        "role": role,
        "activite": d["activite"],
        "taux_incapacite": _entier(d.get("handicap")),
        "revenus": {k: m(k) for k in REVENUS},
    }
    if d.get("naissance"):
        p["naissance"] = d["naissance"]
    else:
        p["age"] = d["age"]
    if d.get("conge_parental"):
        p["conge_parental"] = d["conge_parental"]
        if d.get("trimestres_prepare") in ("oui", "non"):
            p["trimestres_prepare"] = d["trimestres_prepare"] == "oui"
    if revenus.get(f"{prefixe}ass_conditions") == "oui":
        p["ass_conditions"] = True
    if d["activite"] == "etudiant":
        if revenus.get(f"{prefixe}echelon_bourse"):
            p["echelon_bourse"] = revenus[f"{prefixe}echelon_bourse"]
            p["boursier"] = True
        elif revenus.get(f"{prefixe}boursier") == "oui":
            p["boursier"] = True
    if handicap:
        p["activites_difficulte_absolue"] = _entier(handicap.get(f"{qui}_absolue"))
        p["activites_difficulte_grave"] = _entier(handicap.get(f"{qui}_grave"))
    if autonomie:
        _autonomie(p, autonomie, qui)
    return p


def _autonomie(p: dict, autonomie: dict, qui: str) -> None:
    """The GIR (given, or estimated from three answers) and the APA plan of a person."""
    gir = _entier(autonomie.get(f"{qui}_gir"), None)
    if gir is None:
        gir = estimer_gir(
            autonomie.get(f"{qui}_deplacements") or "seul",
            autonomie.get(f"{qui}_toilette") or "seul",
            autonomie.get(f"{qui}_orientation") or "non",
        )
        if gir is not None:
            p["gir_estime"] = True
    if gir is not None:
        p["gir"] = gir
    if autonomie.get(f"{qui}_plan") is not None:
        p["plan_aide_apa"] = float(autonomie[f"{qui}_plan"])


def _personne_hebergee(autonomie: dict) -> dict:
    """The older relative the household hosts: an `autre` of the dwelling (own foyer)."""
    p: dict = {
        "role": "autre",
        "age": autonomie["heberge_age"],
        "activite": "retraite",
        "revenus": {"retraite": float(autonomie.get("heberge_retraite") or 0)},
    }
    _autonomie(p, autonomie, "heberge")
    return p


def situation_depuis_reponses(propres: dict[str, dict]) -> dict:
    """Validated answers of each step -> the Situation JSON contract."""
    revenus = propres.get("revenus", {})
    handicap = propres.get("handicap", {})
    autonomie = propres.get("autonomie", {})
    personnes = [_personne("demandeur", propres["vous"], revenus, "", handicap, autonomie, "vous")]
    if "conjoint" in propres:
        personnes.append(
            _personne(
                "conjoint",
                propres["conjoint"],
                revenus,
                "conjoint_",
                handicap,
                autonomie,
                "conjoint",
            )
        )
    enfants = propres.get("enfants", {})
    for i in range(1, nombre_enfants(propres["foyer"]) + 1):
        enfant: dict = {"role": "enfant"}
        if enfants.get(f"naissance_enfant_{i}"):
            enfant["naissance"] = enfants[f"naissance_enfant_{i}"]
        else:
            enfant["age"] = enfants[f"age_enfant_{i}"]
        if enfants.get(f"scolarite_enfant_{i}"):
            enfant["scolarite"] = enfants[f"scolarite_enfant_{i}"]
        if enfants.get(f"adoption_enfant_{i}"):
            enfant["adoption"] = enfants[f"adoption_enfant_{i}"]
        if _entier(enfants.get(f"handicap_enfant_{i}")):
            enfant["taux_incapacite"] = _entier(enfants[f"handicap_enfant_{i}"])
        personnes.append(enfant)
    if propres["foyer"].get("proche_heberge") == "oui" and autonomie.get("heberge_age"):
        personnes.append(_personne_hebergee(autonomie))
    logement = propres["logement"]
    grossesse = {}
    if propres["foyer"].get("naissance_attendue"):
        grossesse["naissance_attendue"] = propres["foyer"]["naissance_attendue"]
        if (propres["foyer"].get("enfants_attendus") or 1) > 1:
            grossesse["enfants_attendus"] = propres["foyer"]["enfants_attendus"]
    return grossesse | {
        "commune": propres["commune"]["code_commune"],
        "logement": {
            "statut": logement["statut"],
            "loyer": float(logement.get("loyer") or 0)
            if logement["statut"].startswith("locataire")
            else 0.0,
        },
        "personnes": personnes,
        "epargne": float(revenus.get("epargne") or 0),
        "droits_percus": list(propres.get("droits", {}).get("droits_percus", [])),
    }
