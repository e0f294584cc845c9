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
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from bilan.moteur.catalogue import slugs_connus
from solidarites.strict import Strict
from territoires import referentiel

StatutLogement = Literal[
    "locataire_prive", "locataire_hlm", "proprietaire", "heberge_gratuit", "sans_domicile"
]
Role = Literal["demandeur", "conjoint", "enfant", "autre"]
Activite = Literal["salarie", "independant", "sans_emploi", "etudiant", "retraite", "inactif"]
Scolarite = Literal["maternelle", "primaire", "college", "lycee", "superieur"]
EchelonBourse = Literal["0bis", "1", "2", "3", "4", "5", "6", "7"]
CongeParental = Literal["arret", "temps_partiel_50", "temps_partiel_80"]

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
    "salarie": "Salarié·e",
    "independant": "Travailleur ou travailleuse indépendante",
    "sans_emploi": "Sans emploi",
    "etudiant": "Étudiant·e",
    "retraite": "Retraité·e",
    "inactif": "Autre situation (au foyer, en invalidité…)",
}
SCOLARITES: dict[str, str] = {
    "maternelle": "École maternelle",
    "primaire": "École élémentaire",
    "college": "Collège",
    "lycee": "Lycée",
    "superieur": "Études supérieures",
}
CONGES_PARENTAUX: dict[str, str] = {
    "arret": "Arrêt complet de l'activité (congé parental à temps plein)",
    "temps_partiel_50": "Temps partiel à 50 % ou moins",
    "temps_partiel_80": "Temps partiel entre 50 % et 80 %",
}
GIRS = (1, 2, 3, 4, 5, 6)
ECHELONS_BOURSE: dict[str, str] = {
    "0bis": "Échelon 0 bis",
    **{str(i): f"Échelon {i}" for i in range(1, 8)},
}

# The months OpenFisca-France can be asked about in this project (parameters are filled up to
# 2026; later months reuse the last known values, with a warning).
MOIS_MIN = "2023-01"
MOIS_MAX = "2028-12"
AGE_MAX = 120
ENFANT_AGE_MAX = 25
PERSONNES_MAX = 15
MONTANT_MAX = 100_000.0
LOYER_MAX = 20_000.0
PLAN_APA_MAX = 10_000.0
DROITS_PERCUS_MAX = 50
EPARGNE_MAX = 10_000_000.0
MOIS_GROSSESSE = 9  # an expected birth is at most nine months after the month of the bilan
ENFANTS_ATTENDUS_MAX = 4


def mois_courant() -> str:
    return dt.date.today().strftime("%Y-%m")


class _Modele(Strict):
    """Unknown fields and booleans for numbers refused (solidarites.strict)."""

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
    pension_alimentaire_recue: float = Field(
        0.0,
        ge=0,
        le=MONTANT_MAX,
        description="Pension alimentaire reçue par mois, en € (pour soi ou pour ses enfants).",
    )
    pension_alimentaire_versee: float = Field(
        0.0,
        ge=0,
        le=MONTANT_MAX,
        description="Pension alimentaire versée par mois, en € (à un enfant ou à un ex-conjoint).",
    )

    def total(self) -> float:
        """Declared incomes (the pension alimentaire paid is a charge: not subtracted here)."""
        return (
            self.salaire_net
            + self.chomage_net
            + self.retraite
            + self.pension_invalidite
            + self.pension_alimentaire_recue
        )


class Logement(_Modele):
    statut: StatutLogement = Field(description="Statut d'occupation du logement.")
    loyer: float = Field(
        0.0,
        ge=0,
        le=LOYER_MAX,
        description="Loyer mensuel hors charges, en € (0 si vous n'êtes pas locataire).",
    )


class Personne(_Modele):
    role: Role = Field(
        description="Place dans le foyer : demandeur (une seule personne), "
        "conjoint (au plus un), enfant (à charge), autre (adulte hébergé)."
    )
    age: int | None = Field(
        None,
        ge=0,
        le=AGE_MAX,
        description="Âge en années révolues. Obligatoire sans `naissance` ; déduit de "
        "`naissance` sinon. Sans mois de naissance, la personne est supposée née six mois avant "
        "son anniversaire (un âge de 3 ans compte pour 3 ans et 6 mois le 1er du mois du bilan).",
    )
    naissance: str | None = Field(
        None,
        description="Mois de naissance, AAAA-MM (facultatif, plus exact que l'âge quand une "
        "limite d'âge compte : un enfant qui a 3 ans, 20 ans…). Le jour n'est pas demandé : le 1er "
        "du mois est retenu.",
    )
    adoption: str | None = Field(
        None,
        description="Pour un enfant adopté : mois de son arrivée au foyer, AAAA-MM (pas après le "
        "mois du bilan). Sert à la prime à l'adoption de la PAJE.",
    )
    scolarite: Scolarite | None = Field(
        None,
        description="Scolarité au mois du bilan (enfants surtout) : maternelle, primaire, "
        "college, lycee, superieur. Sert aux bourses de collège et de lycée.",
    )
    gir: int | None = Field(
        None,
        ge=1,
        le=6,
        description="GIR (groupe iso-ressources, 1 à 6) évalué par l'équipe du département, pour "
        "une personne de 60 ans ou plus en perte d'autonomie : sert à l'APA à domicile (GIR 1 à "
        "4).",
    )
    plan_aide_apa: float | None = Field(
        None,
        ge=0,
        le=PLAN_APA_MAX,
        description="Montant mensuel du plan d'aide APA notifié, en €, s'il est connu (sinon le "
        "plafond du plan pour le GIR est retenu et l'APA est un maximum).",
    )
    activites_difficulte_absolue: int = Field(
        0,
        ge=0,
        le=19,
        description="Nombre d'activités essentielles (se laver, s'habiller, se déplacer, "
        "communiquer, prendre ses repas…, 19 au total) que la personne ne peut pas faire du "
        "tout, même avec une aide technique (difficulté absolue) : critère de la PCH.",
    )
    activites_difficulte_grave: int = Field(
        0,
        ge=0,
        le=19,
        description="Nombre d'activités essentielles faites difficilement et de façon "
        "altérée (difficulté grave) : critère de la PCH (au moins deux).",
    )
    gir_estime: bool = Field(
        False,
        description="Vrai quand le GIR vient de l'estimation courte du questionnaire (et non "
        "de l'évaluation du département) : le résultat le dit, avec son incertitude.",
    )
    ass_conditions: bool = Field(
        False,
        description="Fin de droits au chômage (ARE) et au moins 5 ans d'activité salariée dans "
        "les 10 dernières années : ouvre l'examen de l'allocation de solidarité spécifique (ASS).",
    )
    conge_parental: CongeParental | None = Field(
        None,
        description="Pour un parent (demandeur ou conjoint) qui arrête ou réduit son travail pour "
        "élever un jeune enfant : arret (arrêt complet), temps_partiel_50 (50 % ou moins), "
        "temps_partiel_80 (entre 50 et 80 %). Sert à la PreParE.",
    )
    trimestres_prepare: bool | None = Field(
        None,
        description="Ce parent a cotisé au moins 8 trimestres pour la retraite dans les 2 "
        "dernières années (un enfant), les 4 dernières (deux enfants) ou les 5 dernières (trois "
        "ou plus) ; les périodes de chômage indemnisé comptent. Inconnu (null) : à vérifier.",
    )
    activite: Activite | None = Field(
        None,
        description="Situation professionnelle (par défaut : étudiant pour un enfant de "
        "16 ans ou plus, sinon sans emploi ; retraité à partir de 65 ans).",
    )
    boursier: bool = Field(
        False,
        description="Étudiant·e boursier·e sur critères sociaux (bourse du Crous) : réduit le "
        "forfait de ressources étudiant de l'aide au logement. Vrai aussi quand `echelon_bourse` "
        "est donné. Seulement pour un·e étudiant·e (`activite` etudiant ou `scolarite` "
        "superieur).",
    )
    echelon_bourse: EchelonBourse | None = Field(
        None,
        description="Échelon de la bourse sur critères sociaux notifié par le Crous : 0bis, 1 à "
        "7. Donne le montant de la bourse (OpenFisca-France). Seulement pour un·e étudiant·e.",
    )
    revenus: Revenus = Field(default_factory=Revenus)
    taux_incapacite: float = Field(
        0.0,
        ge=0,
        le=100,
        description="Taux d'incapacité reconnu par la MDPH, en % (0 à 100). Une valeur entre 0 et "
        "1 (0,8) est refusée : écrivez 80 pour 80 %.",
    )

    @field_validator("taux_incapacite")
    @classmethod
    def _taux_en_pourcent(cls, value: float) -> float:
        if 0 < value < 1:
            raise ValueError(
                f"Le taux d'incapacité s'écrit en pourcentage, de 0 à 100 : pour {value:g}, "
                f"écrivez {value * 100:g} (pour {value * 100:g} %) ou, si le taux est bien "
                "inférieur à 1 %, écrivez 0."
            )
        return value

    @field_validator("naissance", "adoption")
    @classmethod
    def _naissance(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if _mois_valide(value) is None:
            raise ValueError(MESSAGE_NAISSANCE)
        return value

    @model_validator(mode="after")
    def _enfant_age(self) -> Personne:
        if self.age is None:
            raise ValueError("Indiquez l'âge ou le mois de naissance.")
        if self.role == "enfant" and self.age > ENFANT_AGE_MAX:
            raise ValueError(
                f"Un enfant à charge a au plus {ENFANT_AGE_MAX} ans : déclarez un adulte qui vit "
                "avec vous comme « autre »."
            )
        if self.role in ("demandeur", "conjoint") and self.age < 16:
            raise ValueError("Le demandeur et son conjoint ont au moins 16 ans.")
        if (self.boursier or self.echelon_bourse is not None) and not self.etudiant_superieur():
            raise ValueError(
                "Boursier ou échelon de bourse : la bourse sur critères sociaux concerne un·e "
                "étudiant·e (activite « etudiant », ou scolarite « superieur » pour un enfant)."
            )
        if self.conge_parental is not None and self.role not in ("demandeur", "conjoint"):
            raise ValueError(
                "L'arrêt ou la réduction d'activité (PreParE) se donne pour le demandeur ou son "
                "conjoint."
            )
        if self.adoption is not None and self.role != "enfant":
            raise ValueError("Le mois d'arrivée d'un enfant adopté ne se donne que pour un enfant.")
        return self

    def etudiant_superieur(self) -> bool:
        """A student of higher education: an adult whose activity is `etudiant`, or a child
        whose schooling is `superieur` (a child of 16 counts as `etudiant` by default but is
        usually at the lycée)."""
        if self.role == "enfant":
            return self.scolarite == "superieur"
        return self.scolarite == "superieur" or self.activite_effective() == "etudiant"

    @property
    def est_boursier(self) -> bool:
        return self.boursier or self.echelon_bourse is not None

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


MESSAGE_NAISSANCE = "Le mois de naissance s'écrit AAAA-MM, par exemple 2023-11."


def _mois_valide(value) -> tuple[int, int] | None:
    """(year, month) of an "AAAA-MM" string, or None."""
    if not isinstance(value, str):
        return None
    try:
        annee, mois = value.split("-")
        if len(annee) != 4 or len(mois) != 2:
            return None
        dt.date(int(annee), int(mois), 1)
    except ValueError:
        return None
    return int(annee), int(mois)


def _ecart_mois(depuis: str, jusqua: str) -> int | None:
    """Months from `depuis` to `jusqua` (both "AAAA-MM"), or None if `jusqua` is malformed."""
    a, m = _mois_valide(depuis)
    b = _mois_valide(jusqua)
    if b is None:
        return None
    return (b[0] * 12 + b[1]) - (a * 12 + m)


def age_au_mois(naissance: str, mois: str) -> int:
    """Full years on the first day of `mois` of a person born on the first day of `naissance`."""
    an, mn = _mois_valide(naissance)
    a, m = _mois_valide(mois)
    return ((a * 12 + m) - (an * 12 + mn)) // 12


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


def _slugs_enumeres(schema: dict) -> None:
    """OpenAPI: the known identifiers, listed (the validator refuses any other)."""
    schema["items"] = {**schema.get("items", {}), "enum": sorted(slugs_connus())}


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
    epargne: float = Field(
        0.0,
        ge=0,
        le=EPARGNE_MAX,
        description="Épargne du foyer (vous et votre conjoint·e), en € : le total des livrets "
        "(A, LDDS, LEP…), comptes d'épargne et autres placements. Le RSA, l'AAH, l'ASPA et la "
        "CSS comptent les intérêts qu'elle rapporte (taux du livret A) ; l'aide au logement, 3 % "
        "par an au-delà de 30 000 €.",
    )
    naissance_attendue: str | None = Field(
        None,
        description="Grossesse en cours : mois prévu de la naissance, AAAA-MM, du mois du bilan "
        f"à {MOIS_GROSSESSE} mois après. Sert à la prime à la naissance de la PAJE.",
    )
    enfants_attendus: int = Field(
        1,
        ge=1,
        le=ENFANTS_ATTENDUS_MAX,
        description="Nombre d'enfants attendus (2 pour des jumeaux), avec `naissance_attendue`.",
    )
    droits_percus: list[str] = Field(
        default_factory=list,
        max_length=DROITS_PERCUS_MAX,
        description="Droits déjà perçus, par identifiant (slug) : rsa, aide-logement…",
        json_schema_extra=_slugs_enumeres,
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

    @model_validator(mode="after")
    def _naissance_attendue_et_adoptions(self) -> Situation:
        """An expected birth from the month of the bilan to nine months after it; an adoption
        not after the month of the bilan nor before the child's birth (French messages naming
        the field)."""
        erreurs = []
        if self.naissance_attendue is not None:
            ecart = _ecart_mois(self.mois, self.naissance_attendue)
            if ecart is None:
                message = MESSAGE_NAISSANCE.replace("de naissance", "prévu de la naissance")
            elif ecart < 0:
                message = (
                    "Le mois prévu de la naissance est avant le mois du bilan : un enfant déjà né "
                    "se déclare comme enfant, avec son mois de naissance."
                )
            elif ecart > MOIS_GROSSESSE:
                message = (
                    f"Le mois prévu de la naissance est au plus {MOIS_GROSSESSE} mois après le "
                    "mois du bilan."
                )
            else:
                message = None
            if message:
                erreurs.append((("naissance_attendue",), self.naissance_attendue, message))
        elif "enfants_attendus" in self.model_fields_set and self.enfants_attendus != 1:
            erreurs.append(
                (
                    ("enfants_attendus",),
                    self.enfants_attendus,
                    "Le nombre d'enfants attendus se donne avec le mois prévu de la naissance "
                    "(naissance_attendue).",
                )
            )
        for i, p in enumerate(self.personnes):
            if p.adoption is None:
                continue
            if p.adoption > self.mois:
                message = "Le mois d'arrivée de l'enfant adopté est après le mois du bilan."
            elif p.naissance is not None and p.adoption < p.naissance:
                message = "Le mois d'arrivée de l'enfant adopté est avant son mois de naissance."
            else:
                continue
            erreurs.append((("personnes", i, "adoption"), p.adoption, message))
        if erreurs:
            raise ValidationError.from_exception_data(
                "Situation",
                [
                    {"type": "value_error", "loc": loc, "input": v, "ctx": {"error": ValueError(m)}}
                    for loc, v, m in erreurs
                ],
            )
        return self

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

    @model_validator(mode="before")
    @classmethod
    def _ages_depuis_naissance(cls, data):
        """A person's age from their month of birth (at the month of the bilan), before the
        persons are validated; a birth after the month of the bilan, or an age that
        contradicts it, is refused and named."""
        if not isinstance(data, dict) or not isinstance(data.get("personnes"), list):
            return data
        mois = data.get("mois") or mois_courant()
        if _mois_valide(mois) is None:
            return data
        erreurs = []
        personnes = []
        for i, p in enumerate(data["personnes"]):
            if isinstance(p, dict) and p.get("naissance") is not None:
                if _mois_valide(p["naissance"]) is None:
                    erreurs.append(
                        {
                            "type": "value_error",
                            "loc": ("personnes", i, "naissance"),
                            "input": p["naissance"],
                            "ctx": {"error": ValueError(MESSAGE_NAISSANCE)},
                        }
                    )
                    personnes.append(p)
                    continue
                age = age_au_mois(p["naissance"], mois)
                message = None
                if age < 0 or p["naissance"] > mois:
                    message = "Le mois de naissance est après le mois du bilan."
                elif p.get("age") is not None and p.get("age") != age:
                    message = (
                        f"L'âge ({p.get('age')}) ne correspond pas au mois de naissance "
                        f"({age} ans au 1er du mois du bilan) : indiquez l'un ou l'autre."
                    )
                if message:
                    erreurs.append(
                        {
                            "type": "value_error",
                            "loc": ("personnes", i, "naissance"),
                            "input": p["naissance"],
                            "ctx": {"error": ValueError(message)},
                        }
                    )
                p = {**p, "age": age}
            personnes.append(p)
        if erreurs:
            raise ValidationError.from_exception_data("Situation", erreurs)
        return {**data, "personnes": personnes}

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

    def droits_deja_percus(self) -> set[str]:
        """The rights already received: `droits_percus`, and the bourse sur critères sociaux of
        a student who gives the echelon the Crous notified (it is then granted, not to claim)."""
        percus = set(self.droits_percus)
        if any(p.echelon_bourse is not None for p in self.personnes):
            percus.add("bourse-enseignement-superieur")
        return percus

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

    @property
    def adultes_du_menage(self) -> list[Personne]:
        """The adults of the dwelling: the foyer's and the hosted ones (`autre`, e.g. an older
        parent). The APA is personal: each one's is computed on their own resources."""
        return [p for p in self.personnes if p.role != "enfant"]

    @property
    def avec_primes_paje(self) -> bool:
        """An expected birth or an adopted child: the PAJE's primes are computed (in a small
        simulation of their own, only for such households: see evaluation)."""
        return self.naissance_attendue is not None or any(
            p.adoption is not None for p in self.personnes
        )
