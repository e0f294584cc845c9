import datetime as dt

import factory

from droits.models import Droit


class DroitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Droit
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"droit-{n}")
    titre = factory.Sequence(lambda n: f"Aide numéro {n}")
    resume = "Une aide de test pour les tests."
    pour_qui = factory.LazyFunction(lambda: ["Les personnes concernées."])
    publics = factory.LazyFunction(lambda: ["tous-publics"])
    ce_que_ca_apporte = factory.LazyFunction(
        lambda: {"texte": "Une aide.", "periodicite": "ponctuelle"}
    )
    conditions = factory.LazyFunction(lambda: ["Remplir les conditions."])
    pieces = factory.LazyFunction(list)
    demarche = factory.LazyFunction(
        lambda: {"organisme": "Département", "etapes": ["Faire la demande."]}
    )
    ou_s_adresser = factory.LazyFunction(lambda: ["mds"])
    thematiques = factory.LazyFunction(lambda: ["famille--garde-denfants"])
    territoire = "national"
    sources = factory.LazyFunction(
        lambda: [{"nom": "Service-Public.fr", "url": "https://www.service-public.fr/"}]
    )
    verifie_le = dt.date(2026, 11, 1)
    statut = Droit.Statut.PUBLIE


def fiche(**champs) -> dict:
    """A valid YAML-file dict of a right, fields overridable."""
    data = {
        "slug": "aide-test",
        "titre": "Aide de test",
        "resume": "Une aide de test.",
        "pour_qui": ["Tout le monde."],
        "publics": ["tous-publics"],
        "ce_que_ca_apporte": {"texte": "Une aide.", "periodicite": "ponctuelle"},
        "conditions": ["Aucune."],
        "pieces": [],
        "demarche": {"organisme": "Département", "etapes": ["Demander."]},
        "ou_s_adresser": ["mds"],
        "thematiques": ["famille--garde-denfants"],
        "territoire": "national",
        "sources": [{"nom": "Service-Public.fr", "url": "https://www.service-public.fr/"}],
        "verifie_le": dt.date(2026, 11, 20),
        "voir_aussi": [],
    }
    data.update(champs)
    return data
