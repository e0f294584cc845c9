import factory

from annuaire.models import Fermeture, Permanence, Secteur, Service, Structure
from territoires.tests.factories import CommuneFactory, DepartementFactory


class StructureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Structure

    identifiant = factory.Sequence(lambda n: f"solidarites--test-{n}")
    nom = factory.Sequence(lambda n: f"Structure de test {n}")
    typologie = "association"
    commune = factory.SubFactory(CommuneFactory)
    departement = factory.LazyAttribute(lambda o: o.commune.departement if o.commune else None)
    adresse = "1 place de la Mairie"
    code_postal = "77999"
    telephone = "01 99 00 00 00"
    horaires_accueil = "Mo-Fr 09:00-12:00,14:00-17:00; PH off"


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    structure = factory.SubFactory(StructureFactory)
    identifiant = factory.Sequence(lambda n: f"solidarites--service-{n}")
    nom = factory.Sequence(lambda n: f"Service {n}")
    description = "Un service de test pour les habitants."
    thematiques = [
        "difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits"
    ]
    publics = ["tous-publics"]
    modes_mobilisation = ["telephoner"]
    mobilisable_par = ["usagers"]


class PermanenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Permanence

    structure = factory.SubFactory(StructureFactory)
    nom = factory.Sequence(lambda n: f"Permanence {n}")
    lieu = "Salle des fêtes"
    commune = factory.SelfAttribute("structure.commune")
    horaires = "We 14:00-17:00"


class SecteurFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Secteur

    structure = factory.SubFactory(StructureFactory, typologie="mds")
    commune = factory.SubFactory(CommuneFactory)


class FermetureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Fermeture


__all__ = ["DepartementFactory"]
