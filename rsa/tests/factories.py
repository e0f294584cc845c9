import datetime

import factory
from django.utils import timezone

from accueil.tests.factories import PersonneFactory
from comptes.tests.factories import MembreFactory, StructureFactory
from rsa.models import (
    AccompagnementGlobal,
    Beneficiaire,
    Contrat,
    DecisionOrientation,
    Designation,
    RendezVous,
)


def compte(structure, role: str, username: str | None = None):
    """A user with a membership of `structure` and `role` (any role string, new ones too)."""
    kwargs = {"structure": structure, "role": role}
    if username:
        kwargs["utilisateur__username"] = username
    return MembreFactory(**kwargs).utilisateur


class BeneficiaireFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Beneficiaire

    personne = factory.SubFactory(PersonneFactory)
    departement = "77"
    organisme = "caf"
    numero_allocataire = factory.Sequence(lambda n: f"{9000000 + n}")
    date_entree = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=40))


class DecisionOrientationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DecisionOrientation

    beneficiaire = factory.SubFactory(BeneficiaireFactory)
    orientation = "sociale"
    structure = factory.SubFactory(StructureFactory, typologie="mds")
    decide_le = factory.LazyFunction(timezone.localdate)


class DesignationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Designation

    beneficiaire = factory.SubFactory(BeneficiaireFactory)
    structure = factory.SubFactory(StructureFactory, typologie="mds")
    designe_le = factory.LazyFunction(timezone.localdate)


class RendezVousFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RendezVous

    beneficiaire = factory.SubFactory(BeneficiaireFactory)
    objet = "orientation"
    le = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    lieu = factory.SubFactory(StructureFactory, typologie="mds")
    canal = "courrier"


class ContratFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contrat

    beneficiaire = factory.SubFactory(BeneficiaireFactory)
    type = "cer"
    objectifs = ["Trouver un logement stable"]
    debut_le = factory.LazyFunction(timezone.localdate)
    fin_le = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=365))


class AccompagnementGlobalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AccompagnementGlobal

    beneficiaire = factory.SubFactory(BeneficiaireFactory)
    debut_le = factory.LazyFunction(timezone.localdate)
    plan = "Plan partagé de test"
