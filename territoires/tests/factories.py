import factory

from territoires import referentiel
from territoires.models import Commune, Departement, Epci
from territoires.recherche import normaliser


class DepartementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Departement
        django_get_or_create = ("code",)

    code = "77"
    nom = factory.LazyAttribute(lambda o: referentiel.departements().get(o.code, "Département"))


class EpciFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Epci
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"2{n:08d}")
    nom = factory.Sequence(lambda n: f"Communauté de communes {n}")
    type = "CC"


class CommuneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commune
        django_get_or_create = ("code_insee",)

    code_insee = factory.Sequence(lambda n: f"77{900 + n % 99:03d}")
    nom = factory.Sequence(lambda n: f"Commune {n}")
    nom_normalise = factory.LazyAttribute(lambda o: normaliser(o.nom))
    departement = factory.SubFactory(
        DepartementFactory, code=factory.LazyAttribute(lambda o: o.factory_parent.code_insee[:2])
    )
    codes_postaux = "77999"
    population = 1000


def commune_reelle(code_insee: str) -> Commune:
    """A real commune from the reference files (with its département and EPCI)."""
    ref = referentiel.commune(code_insee)
    epci = None
    if ref.epci:
        nom, type_ = referentiel.epcis()[ref.epci]
        epci = EpciFactory(code=ref.epci, nom=nom, type=type_)
    return CommuneFactory(
        code_insee=ref.code_insee,
        nom=ref.nom,
        departement=DepartementFactory(code=ref.departement),
        codes_postaux=" ".join(ref.codes_postaux),
        population=ref.population,
        epci=epci,
    )
