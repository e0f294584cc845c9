import datetime

import factory
from django.utils import timezone

from accueil.models import Contact, Demande, Orientation, Personne
from comptes.tests.factories import StructureFactory


class PersonneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Personne

    structure = factory.SubFactory(StructureFactory)
    nom = factory.Faker("last_name", locale="fr_FR")
    prenom = factory.Faker("first_name", locale="fr_FR")
    date_naissance = factory.Faker("date_of_birth", minimum_age=18, maximum_age=90)
    commune_code = "77288"
    telephone = "06 12 34 56 78"
    partage_autorise = ["identite", "coordonnees", "besoins"]


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    personne = factory.SubFactory(PersonneFactory)
    structure = factory.SelfAttribute("personne.structure")
    canal = "sur_place"
    besoins = ["logement", "budget"]
    conseils = "Conseils de test"
    suite = "Rappeler dans une semaine"


class OrientationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Orientation

    personne = factory.SubFactory(PersonneFactory)
    structure_origine = factory.SelfAttribute("personne.structure")
    structure_destination = factory.SubFactory(StructureFactory, typologie="ccas")
    motif = "Aide alimentaire"
    elements_partages = ["identite", "coordonnees"]
    statut = "envoyee"
    envoyee_le = factory.LazyFunction(timezone.now)


class DemandeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Demande

    reference = factory.Sequence(lambda n: f"D-TEST-{n:04d}")
    structure = factory.SubFactory(StructureFactory)
    commune_code = "77288"
    besoins = ["logement"]
    prenom = "Camille"
    telephone = "06 00 00 00 00"
    cree_le = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=3))
