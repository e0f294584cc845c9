"""The household situation: the JSON contract shared by the API, the command line and the
questionnaire (see docs/modules/bilan.md).

Plain pydantic, no Django. Every validation message is in French and names its field, so that
`solidarites.erreurs.messages_champs(exc.errors())` gives [{"champ", "message"}] directly.
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from typing import Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from bilan.moteur.catalogue import slugs_connus
from territoires import referentiel

StatutLogement = Literal[
    "locataire_prive", "locataire_hlm", "proprietaire", "heberge_gratuit", "sans_domicile"
]
Role = Literal["demandeur", "conjoint", "enfant", "autre"]
Activite = Literal["salarie", "independant", "sans_emploi", "etudiant", "retraite", "inactif"]

STATUTS_LOGEMENT: dict[str, str] = {
    "locataire_prive": "Locataire dans le parc privé",
    "locataire_hlm": "Locataire d'un logement social (HLM)",
    "proprietaire": "Propriétaire",
    "heberge_gratuit": "Hébergé gratuitement (famille, amis…)",
    "sans_domicile": "Sans domicile stable",
}
ROLES: dict[str, str] = {
    "demandeur": "Vous",
    "conjoint": "Votre conjoint",
    "enfant": "Enfant à charge",
    "autre": "Autre adulte du logement",
}
ACTIVITES: dict[str, str] = {
    "salarie": "Salarié",
    "independant": "Travailleur indépendant",
    "sans_emploi": "Sans emploi",
    "etudiant": "Étudiant",
    "retraite": "Retraité",
    "inactif": "Autre situation (au foyer, en invalidité…)",
}

# The months OpenFisca-France can be asked about in this project (parameters are filled up to
# 2026; later months reuse the last known values, with a warning).
MOIS_MIN = "2023-01"
MOIS_MAX = "2028-12"
AGE_MAX = 120
ENFANT_AGE_MAX = 25
PERSONNES_MAX = 15
MONTANT_MAX = 100_000.0


def mois_courant() -> str:
    return dt.date.today().strftime("%Y-%m")


class _Modele(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Revenus(_Modele):
    """Net monthly amounts, taken as received at the same level every month of the past two
    years."""

    salaire_net: float = Field(
        0.0, ge=0, le=MONTANT_MAX, description="Salaire (ou revenu d'activité) net par mois, en €."
    )
    chomage_net: float = Field(
        0.0, ge=0, le=MONTANT_MAX, description="Allocation chômage nette par mois, en €."
    )
    retraite: float = Field(
        0.0, ge=0, le=MONTANT_MAX, description="Pensions de retraite nettes par mois, en €."
    )
    pension_invalidite: float = Field(
        0.0, ge=0, le=MONTANT_MAX, description="Pension d'invalidité par mois, en €."
    )

    def total(self) -> float:
        return self.salaire_net + self.chomage_net + self.retraite + self.pension_invalidite


class Logement(_Modele):
    statut: StatutLogement = Field(description="Statut d'occupation du logement.")
    loyer: float = Field(
        0.0,
        ge=0,
        le=20_000,
        description="Loyer mensuel hors charges, en € (0 si vous n'êtes pas locataire).",
    )


class Personne(_Modele):
    role: Role = Field(
        description="Place dans le foyer : demandeur (une seule personne), "
        "conjoint (au plus un), enfant (à charge), autre (adulte hébergé)."
    )
    age: int = Field(ge=0, le=AGE_MAX, description="Âge en années révolues.")
    activite: Activite | None = Field(
        None,
        description="Situation professionnelle (par défaut : étudiant pour un enfant de "
        "16 ans ou plus, sinon sans emploi ; retraité à partir de 65 ans).",
    )
    revenus: Revenus = Field(default_factory=Revenus)
    taux_incapacite: float = Field(
        0.0, ge=0, le=100, description="Taux d'incapacité reconnu par la MDPH, en % (0 à 100)."
    )

    @model_validator(mode="after")
    def _enfant_age(self) -> Personne:
        if self.role == "enfant" and self.age > ENFANT_AGE_MAX:
            raise ValueError(
                f"Un enfant à charge a au plus {ENFANT_AGE_MAX} ans : déclarez un adulte qui vit "
                "avec vous comme « autre »."
            )
        if self.role in ("demandeur", "conjoint") and self.age < 16:
            raise ValueError("Le demandeur et son conjoint ont au moins 16 ans.")
        return self

    def activite_effective(self) -> str:
        if self.activite:
            return self.activite
        if self.role == "enfant":
            return "etudiant" if self.age >= 16 else "inactif"
        if self.revenus.salaire_net > 0:
            return "salarie"
        if self.revenus.retraite > 0 or self.age >= 65:
            return "retraite"
        return "sans_emploi"


def _erreur_roles(roles: list) -> str | None:
    """Exactly one demandeur, at most one conjoint (French message), else None."""
    if roles.count("demandeur") != 1:
        return (
            "Le foyer compte exactement un demandeur (la personne qui fait le bilan) : "
            f"{roles.count('demandeur')} déclaré(s)."
        )
    if roles.count("conjoint") > 1:
        return "Le foyer compte au plus un conjoint."
    return None


class Situation(_Modele):
    """A household described by itself: the input of the bilan."""

    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={
            "example": {
                "mois": "2026-11",
                "commune": "77288",
                "logement": {"statut": "locataire_prive", "loyer": 650},
                "personnes": [
                    {
                        "role": "demandeur",
                        "age": 34,
                        "activite": "sans_emploi",
                        "revenus": {
                            "salaire_net": 0,
                            "chomage_net": 0,
                            "retraite": 0,
                            "pension_invalidite": 0,
                        },
                        "taux_incapacite": 0,
                    },
                    {"role": "enfant", "age": 3},
                    {"role": "enfant", "age": 7},
                ],
                "droits_percus": ["aide-logement"],
            }
        },
    )

    mois: str = Field(
        default_factory=mois_courant,
        description="Mois du bilan, AAAA-MM (par défaut : le mois en cours).",
    )
    commune: str = Field(description="Code INSEE de la commune de résidence (5 caractères).")
    logement: Logement
    personnes: list[Personne] = Field(
        min_length=1, max_length=PERSONNES_MAX, description="Les personnes du foyer."
    )
    droits_percus: list[str] = Field(
        default_factory=list,
        description="Droits déjà perçus, par identifiant (slug) : rsa, aide-logement…",
    )

    @field_validator("mois")
    @classmethod
    def _mois(cls, value: str) -> str:
        try:
            annee, mois = value.split("-")
            dt.date(int(annee), int(mois), 1)
            if len(annee) != 4 or len(mois) != 2:
                raise ValueError
        except ValueError:
            raise ValueError("Le mois s'écrit AAAA-MM, par exemple 2026-11.") from None
        if not MOIS_MIN <= value <= MOIS_MAX:
            raise ValueError(f"Le mois doit être compris entre {MOIS_MIN} et {MOIS_MAX}.")
        return value

    @field_validator("commune")
    @classmethod
    def _commune(cls, value: str) -> str:
        if referentiel.commune(value) is None:
            raise ValueError(
                f"Code commune inconnu : « {value[:10]} ». Indiquez le code INSEE à 5 caractères "
                "d'une commune française (par exemple 77288 pour Melun)."
            )
        return value

    @field_validator("personnes")
    @classmethod
    def _roles(cls, value: list[Personne]) -> list[Personne]:
        erreur = _erreur_roles([p.role for p in value])
        if erreur:
            raise ValueError(erreur)
        return value

    @model_validator(mode="wrap")
    @classmethod
    def _roles_avec_les_autres_erreurs(cls, data, handler):
        """The roles check above runs only once every person is valid: when another field of a
        person is wrong too, say both at once (read from the roles as sent)."""
        try:
            return handler(data)
        except ValidationError as exc:
            erreurs = exc.errors()
            personnes = data.get("personnes") if isinstance(data, dict) else None
            if not isinstance(personnes, list) or any(e["loc"] == ("personnes",) for e in erreurs):
                raise
            roles = [p.get("role") if isinstance(p, dict) else None for p in personnes]
            message = _erreur_roles(roles)
            if message is None:
                raise
            lignes = [
                {"type": e["type"], "loc": e["loc"], "input": e["input"]}
                | ({"ctx": e["ctx"]} if "ctx" in e else {})
                for e in erreurs
            ]
            lignes.append(
                {
                    "type": "value_error",
                    "loc": ("personnes",),
                    "input": personnes,
                    "ctx": {"error": ValueError(message)},
                }
            )
            raise ValidationError.from_exception_data(exc.title, lignes) from None

    @field_validator("droits_percus")
    @classmethod
    def _droits(cls, value: list[str]) -> list[str]:
        connus = slugs_connus()
        inconnus = [s for s in value if s not in connus]
        if inconnus:
            raise ValueError(
                "Droit inconnu : "
                + ", ".join(f"« {s[:40]} »" for s in inconnus[:5])
                + ". Utilisez les identifiants de la base de connaissance (rsa, prime-activite, "
                "aide-logement, allocations-familiales…)."
            )
        return list(dict.fromkeys(value))

    # Convenience accessors for the engine.
    @property
    def departement(self) -> str:
        ref = referentiel.commune(self.commune)
        return ref.departement if ref else ""

    # The persons by role, sorted once (the engine reads them for every right of every
    # household). A validated situation is not modified afterwards (a changed household is
    # validated anew: `model_copy(update=…)` would carry this cache). A cached_property (kept in
    # the instance's __dict__, ignored by pydantic) rather than a private attribute: reading a
    # pydantic private attribute goes through `BaseModel.__getattr__`, measured at ~14 µs a read
    # (4.6 s of a 20 000-household screening chunk).
    @cached_property
    def roles_du_foyer(self) -> tuple:
        enfants = [p for p in self.personnes if p.role == "enfant"]
        adultes = [p for p in self.personnes if p.role in ("demandeur", "conjoint")]
        demandeur = next(p for p in adultes if p.role == "demandeur")
        conjoint = next((p for p in adultes if p.role == "conjoint"), None)
        return (demandeur, conjoint, enfants, adultes)

    @property
    def demandeur(self) -> Personne:
        return self.roles_du_foyer[0]

    @property
    def conjoint(self) -> Personne | None:
        return self.roles_du_foyer[1]

    @property
    def enfants(self) -> list[Personne]:
        return self.roles_du_foyer[2]

    @property
    def adultes_du_foyer(self) -> list[Personne]:
        return self.roles_du_foyer[3]
