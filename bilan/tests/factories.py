"""Test data for the bilan: situations as the JSON contract, and stored results."""

import copy

import factory

MELUN_PARENT_ISOLE = {
    "mois": "2026-11",
    "commune": "77288",
    "logement": {"statut": "locataire_prive", "loyer": 650},
    "personnes": [
        {"role": "demandeur", "age": 34, "activite": "sans_emploi"},
        {"role": "enfant", "age": 3},
        {"role": "enfant", "age": 7},
    ],
    "droits_percus": ["aide-logement"],
}


def situation_json(**champs) -> dict:
    """The single parent of two in Melun of the issue, with fields replaced."""
    data = copy.deepcopy(MELUN_PARENT_ISOLE)
    data.update(champs)
    return data


class BilanConserveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "bilan.BilanConserve"

    situation = factory.LazyFunction(situation_json)
    resultat = factory.LazyFunction(lambda: {"droits": [], "total_mensuel": 0.0})
