"""The result of a bilan: the JSON contract returned by the API and the command line."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field
from pydantic_core import PydanticUndefined

Periodicite = Literal["mensuelle", "annuelle", "ponctuelle"]


class _DuMoteur(BaseModel):
    """A result model the engine fills with its own values, of the right types."""

    @classmethod
    def du_moteur(cls, **valeurs):
        """Build without validation: the engine builds millions of these in a screening (1.7 µs
        here against 3.6 µs through validation). Only for values the engine computed itself;
        the tests validate every result of the reference and varied households against the
        model (`bilan/tests/test_evaluation.py`)."""
        defauts, fabriques, obligatoires = _defauts(cls)
        if not obligatoires <= valeurs.keys():
            raise TypeError(f"{cls.__name__} : champs manquants {obligatoires - valeurs.keys()}")
        donnees = dict(defauts)
        for nom, fabrique in fabriques:
            donnees[nom] = fabrique()
        donnees.update(valeurs)
        objet = cls.__new__(cls)
        object.__setattr__(objet, "__dict__", donnees)
        object.__setattr__(objet, "__pydantic_fields_set__", set(valeurs))
        object.__setattr__(objet, "__pydantic_extra__", None)
        object.__setattr__(objet, "__pydantic_private__", None)
        return objet


_DEFAUTS: dict[type, tuple[dict, list, frozenset]] = {}


def _defauts(cls: type[BaseModel]) -> tuple[dict, list, frozenset]:
    try:
        return _DEFAUTS[cls]
    except KeyError:
        pass
    defauts, fabriques, obligatoires = {}, [], set()
    for nom, champ in cls.model_fields.items():
        if champ.default_factory is not None:
            fabriques.append((nom, champ.default_factory))
        elif champ.default is PydanticUndefined:
            obligatoires.add(nom)
        else:
            defauts[nom] = champ.default
    _DEFAUTS[cls] = (defauts, fabriques, frozenset(obligatoires))
    return _DEFAUTS[cls]


class DroitEvalue(_DuMoteur):
    slug: str = Field(description="Identifiant du droit dans la base de connaissance.")
    titre: str
    nature: Literal["national", "departemental"] = "national"
    page: str | None = Field(
        None,
        description="Fiche de la base de connaissance (/droits/<page>/), si elle existe.",
    )
    eligible: bool = Field(description="Le foyer a probablement droit à cette aide.")
    montant_mensuel: float = Field(
        0.0,
        description="Montant estimé par mois, en € (0 pour une aide annuelle, ponctuelle, ou "
        "qui n'est pas une somme versée comme la complémentaire santé solidaire).",
    )
    montant: float | None = Field(
        None,
        description="Pour une aide annuelle ou ponctuelle : le montant versé à chaque fois, en €.",
    )
    periodicite: Periodicite = "mensuelle"
    versement: str | None = Field(None, description="Quand l'aide est versée, en clair.")
    participation_mensuelle: float | None = Field(
        None,
        description="Complémentaire santé solidaire : participation du foyer par mois, en € "
        "(0 si gratuite).",
    )
    explication: str = Field(description="Pourquoi, en français simple.")
    ce_qui_changerait: str | None = Field(
        None, description="Ce qui changerait le résultat (aides sous condition de ressources)."
    )
    deja_percu: bool = False
    probablement_non_demande: bool = Field(
        False, description="Éligible mais absent des droits déjà perçus."
    )


def poser(droit: DroitEvalue, **valeurs) -> None:
    """Set fields of a DroitEvalue the engine has just built for one household, without
    pydantic's assignment machinery (the values are the engine's own, of the right type): a
    screening sets millions of them (measured under the profiler: `setattr` on the models took
    1.6 s of 11.7 s for 20 000 households)."""
    droit.__dict__.update(valeurs)
    droit.__pydantic_fields_set__.update(valeurs)


class ResultatBilan(_DuMoteur):
    mois: str
    commune: str
    departement: str
    droits: list[DroitEvalue]
    total_mensuel: float = Field(
        description="Somme des montants mensuels des droits éligibles, en €."
    )
    avertissements: list[str] = Field(default_factory=list)

    def droit(self, slug: str) -> DroitEvalue | None:
        return next((d for d in self.droits if d.slug == slug), None)
