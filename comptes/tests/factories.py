import factory
from django.contrib.auth import get_user_model

from annuaire.models import Secteur, Structure
from comptes.models import Membre
from comptes.roles import Role
from territoires.models import Commune, Departement

MOT_DE_PASSE = "mot-de-passe-de-test-42"


class DepartementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Departement
        django_get_or_create = ("code",)

    code = "77"
    nom = "Seine-et-Marne"
    region = "11"


class CommuneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commune
        django_get_or_create = ("code_insee",)

    code_insee = "77288"
    nom = "Melun"
    departement = factory.SubFactory(DepartementFactory)
    codes_postaux = "77000"


class StructureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Structure

    identifiant = factory.Sequence(lambda n: f"test--structure-{n}")
    nom = factory.Sequence(lambda n: f"Structure de test {n}")
    typologie = "mds"
    departement = factory.SubFactory(DepartementFactory)


class SecteurFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Secteur

    structure = factory.SubFactory(StructureFactory)
    commune = factory.SubFactory(CommuneFactory)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"agent{n}")
    password = factory.PostGenerationMethodCall("set_password", MOT_DE_PASSE)

    @factory.post_generation
    def sauver(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membre

    utilisateur = factory.SubFactory(UserFactory)
    structure = factory.SubFactory(StructureFactory)
    role = Role.ACCUEIL.value


def agent(structure, role=Role.ACCUEIL, username=None):
    """A user with a membership of `structure` and `role`."""
    kwargs = {"structure": structure, "role": Role(role).value}
    if username:
        kwargs["utilisateur__username"] = username
    return MembreFactory(**kwargs).utilisateur
