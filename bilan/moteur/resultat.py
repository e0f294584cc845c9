"""The result of a bilan: the JSON contract returned by the API and the command line."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

Periodicite = Literal["mensuelle", "annuelle", "ponctuelle"]


class DroitEvalue(BaseModel):
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


class ResultatBilan(BaseModel):
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
