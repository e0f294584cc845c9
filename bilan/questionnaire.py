"""The public questionnaire: one short form per screen, answers kept in the session.

Each step is a Django form. Answers are stored in the session as the submitted values (so that
going back never loses anything, even an answer not yet valid) and re-validated step by step
when the result is computed. `situation_depuis_reponses` turns them into the JSON contract of
`bilan.moteur.Situation`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.conf import settings

from bilan.communes import chercher_communes
from bilan.moteur.aides_departementales import aides_du_departement
from bilan.moteur.catalogue import TITRES_NATIONAUX
from bilan.moteur.situation import ACTIVITES, STATUTS_LOGEMENT
from territoires.recherche import choix_evident, normaliser
from territoires.referentiel import commune as commune_ref
from territoires.referentiel import departements

OUI_NON = [("non", "Non"), ("oui", "Oui")]
HANDICAP = [
    ("0", "Non, ou taux inférieur à 50 %"),
    ("50", "Oui, taux de 50 à 79 %"),
    ("80", "Oui, taux de 80 % ou plus"),
]
NB_ENFANTS_MAX = 8


def _montant(label: str, aide: str = "") -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=0,
        max_value=100_000,
        decimal_places=2,
        help_text=aide or "En euros par mois, net. Laissez vide si aucun.",
        error_messages={
            "invalid": "Indiquez un montant en euros, par exemple 850.",
            "min_value": "Le montant ne peut pas être négatif.",
            "max_value": "Ce montant paraît trop élevé.",
        },
    )


def _age(label: str, maxi: int = 120) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=maxi,
        help_text="En années.",
        error_messages={
            "required": "Indiquez l'âge.",
            "invalid": "Indiquez un âge en années.",
            "min_value": "L'âge ne peut pas être négatif.",
            "max_value": f"L'âge doit être au plus {maxi} ans.",
        },
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
        noms = departements()
        self.fields["code_commune"].choices = [
            (
                c.code_insee,
                f"{c.nom} ({', '.join(c.codes_postaux[:3]) or c.departement}) — "
                f"{noms.get(c.departement, c.departement)}",
            )
            for c in self.trouvees
        ]
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
        "Loyer mensuel, hors charges", "Pour les locataires : le loyer par mois, sans les charges."
    )

    def clean(self):
        data = super().clean()
        if data.get("statut", "").startswith("locataire") and not data.get("loyer"):
            self.add_error("loyer", "Indiquez votre loyer mensuel (hors charges).")
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
    )


class EnfantsForm(forms.Form):
    def __init__(self, *args, nb_enfants: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        for i in range(1, nb_enfants + 1):
            self.fields[f"age_enfant_{i}"] = _age(f"Âge de l'enfant n° {i}", maxi=25)


class PersonneForm(forms.Form):
    def __init__(self, *args, qui: str = "vous", **kwargs):
        super().__init__(*args, **kwargs)
        vous = qui == "vous"
        self.fields["age"] = _age("Quel âge avez-vous ?" if vous else "Quel âge a votre conjoint ?")
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


class RevenusForm(forms.Form):
    def __init__(self, *args, en_couple: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        qui = [("", "Vous")] + ([("conjoint_", "Votre conjoint")] if en_couple else [])
        for prefixe, nom in qui:
            self.fields[f"{prefixe}salaire_net"] = _montant(
                f"{nom} — salaire ou revenu d'activité", "Net, par mois. Laissez vide si aucun."
            )
            self.fields[f"{prefixe}chomage_net"] = _montant(f"{nom} — allocation chômage")
            self.fields[f"{prefixe}retraite"] = _montant(f"{nom} — pensions de retraite")
            self.fields[f"{prefixe}pension_invalidite"] = _montant(f"{nom} — pension d'invalidité")


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
    Etape("conjoint", "Votre conjoint", PersonneForm),
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


def etapes_utiles(reponses: dict) -> list[Etape]:
    """Steps that apply: no children step without children, no partner step alone."""
    out = []
    for e in ETAPES:
        if e.nom == "enfants" and nombre_enfants(reponses) == 0:
            continue
        if e.nom == "conjoint" and reponses.get("en_couple") != "oui":
            continue
        out.append(e)
    return out


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
        prefixe = etape.nom
    elif etape.nom == "revenus":
        kwargs["en_couple"] = reponses.get("en_couple") == "oui"
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


def _personne(role: str, d: dict, revenus: dict, prefixe: str = "") -> dict:
    def m(nom):
        v = revenus.get(f"{prefixe}{nom}")
        return float(v) if v else 0.0

    return {
        "role": role,
        "age": d["age"],
        "activite": d["activite"],
        "taux_incapacite": _entier(d.get("handicap")),
        "revenus": {
            k: m(k) for k in ("salaire_net", "chomage_net", "retraite", "pension_invalidite")
        },
    }


def situation_depuis_reponses(propres: dict[str, dict]) -> dict:
    """Validated answers of each step -> the Situation JSON contract."""
    revenus = propres.get("revenus", {})
    personnes = [_personne("demandeur", propres["vous"], revenus)]
    if "conjoint" in propres:
        personnes.append(_personne("conjoint", propres["conjoint"], revenus, "conjoint_"))
    enfants = propres.get("enfants", {})
    for i in range(1, nombre_enfants(propres["foyer"]) + 1):
        personnes.append({"role": "enfant", "age": enfants[f"age_enfant_{i}"]})
    logement = propres["logement"]
    return {
        "commune": propres["commune"]["code_commune"],
        "logement": {
            "statut": logement["statut"],
            "loyer": float(logement.get("loyer") or 0)
            if logement["statut"].startswith("locataire")
            else 0.0,
        },
        "personnes": personnes,
        "droits_percus": list(propres.get("droits", {}).get("droits_percus", [])),
    }
