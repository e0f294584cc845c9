import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from accueil.tests.factories import PersonneFactory
from aides_financieres.models import (
    AideAccordee,
    Besoin,
    Commission,
    Decision,
    DemandeAide,
    Echeance,
    Enveloppe,
)
from comptes.tests.factories import StructureFactory

SITUATION_PARENT = {
    "mois": "2026-11",
    "commune": "77288",
    "logement": {"statut": "locataire_prive", "loyer": 750},
    "personnes": [
        {"role": "demandeur", "age": 34, "activite": "sans_emploi"},
        {"role": "enfant", "age": 3},
        {"role": "enfant", "age": 7},
    ],
}
PRESTATIONS_PARENT = {"rsa": 700, "aide-logement": 400, "allocations-familiales": 150, "asf": 350}
CHARGES_PARENT = {"loyer": 750, "energie": 120, "eau": 30, "assurances": 20, "telephone": 40}


class DemandeAideFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DemandeAide

    reference = factory.Sequence(lambda n: f"AF-77-2026-T{n:05d}")
    structure = factory.SubFactory(StructureFactory, typologie="ccas")
    personne = factory.SubFactory(PersonneFactory, structure=factory.SelfAttribute("..structure"))
    departement = "77"
    territoire = "MDS de Melun (test)"
    statut = "deposee"
    situation = factory.LazyFunction(lambda: dict(SITUATION_PARENT))
    prestations = factory.LazyFunction(lambda: dict(PRESTATIONS_PARENT))
    charges = factory.LazyFunction(lambda: dict(CHARGES_PARENT))
    evaluation_sociale = "Évaluation de test : dette née d'une baisse de ressources."
    montant_demande = Decimal("2650")
    deposee_le = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=5))


class BesoinFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Besoin

    demande = factory.SubFactory(DemandeAideFactory)
    besoin = "impaye_loyer"
    montant = Decimal("2200")
    creancier = "bailleur"
    creancier_nom = "Habitat 77 (test)"


class CommissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commission

    departement = "77"
    date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=7))
    lieu = "Hôtel du Département, Melun"


class EnveloppeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enveloppe

    departement = "77"
    annee = factory.LazyFunction(lambda: timezone.localdate().year)
    fonds = "fsl-maintien-77"
    territoire = ""
    montant = Decimal("10000")


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    demande = factory.SubFactory(DemandeAideFactory, statut="accordee")
    nature = "accordee"
    mode = "delegation"
    montant = Decimal("900")


class AideAccordeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AideAccordee

    decision = factory.SubFactory(DecisionFactory)
    demande = factory.SelfAttribute("decision.demande")
    fonds = "fsl-maintien-77"
    fonds_label = "FSL maintien dans le logement"
    besoin = "impaye_loyer"
    montant = Decimal("900")
    beneficiaire = "bailleur"
    beneficiaire_nom = "Habitat 77 (test)"
    annee = factory.LazyFunction(lambda: timezone.localdate().year)


def pret(montant="600", mois=6, premiere=None, **kw) -> AideAccordee:
    """A loan of `montant` in `mois` instalments, the first on `premiere` (default: four months
    ago, so that four instalments are due and, without repayment, late)."""
    from aides_financieres.regles import echeancier

    premiere = premiere or (timezone.localdate() - datetime.timedelta(days=120))
    aide = AideAccordeeFactory(
        montant=Decimal(montant),
        forme="pret",
        duree_pret_mois=mois,
        fonds="fsl-acces-77",
        fonds_label="FSL accès au logement",
        besoin="acces_logement",
        **kw,
    )
    Echeance.objects.bulk_create(
        Echeance(aide=aide, rang=e.rang, date=e.date, montant=e.montant)
        for e in echeancier(Decimal(montant), mois, premiere)
    )
    return aide
