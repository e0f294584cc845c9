import factory
from django.contrib.auth import get_user_model

from annuaire.tests.factories import SecteurFactory, StructureFactory
from comptes.models import Membre
from comptes.roles import Role
from territoires.tests.factories import CommuneFactory

__all__ = ["SecteurFactory", "StructureFactory", "UserFactory", "MembreFactory", "agent", "melun"]

MOT_DE_PASSE = "mot-de-passe-de-test-42"


def melun():
    """The commune of Melun (77288), served by the MDS of the tests."""
    return CommuneFactory(code_insee="77288", nom="Melun", codes_postaux="77000")


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
