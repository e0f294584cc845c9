import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from annuaire import selectors
from annuaire.models import Secteur, ZoneStructure
from annuaire.tests.factories import (
    PermanenceFactory,
    SecteurFactory,
    ServiceFactory,
    StructureFactory,
)
from solidarites.erreurs import ErreurChamps
from territoires.tests.factories import commune_reelle

pytestmark = pytest.mark.django_db


@pytest.fixture
def melun():
    return commune_reelle("77288")


@pytest.fixture
def dammarie():
    return commune_reelle("77152")


def test_bureau_local_pour_commune(melun, dammarie):
    mds = StructureFactory(typologie="mds", commune=melun, nom="MDS de Melun")
    SecteurFactory(structure=mds, commune=melun)
    SecteurFactory(structure=mds, commune=dammarie)
    assert selectors.bureau_local_pour_commune("77288") == mds
    assert selectors.bureau_local_pour_commune("77152") == mds
    assert selectors.bureau_local_pour_commune("77999") is None
    assert Secteur.objects.get(commune=melun).typologie == "mds"


def test_un_seul_bureau_par_commune_et_type(melun):
    mds1 = StructureFactory(typologie="mds", commune=melun)
    mds2 = StructureFactory(typologie="mds", commune=melun)
    pole = StructureFactory(typologie="pole-autonomie", commune=melun)
    SecteurFactory(structure=mds1, commune=melun)
    SecteurFactory(structure=pole, commune=melun)  # another kind: allowed
    doublon = Secteur(structure=mds2, commune=melun)
    with pytest.raises(ValidationError) as e:
        doublon.full_clean()
    assert "déjà servie" in str(e.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        doublon.save()
    asso = StructureFactory(typologie="association", commune=melun)
    with pytest.raises(ValidationError):
        Secteur(structure=asso, commune=melun).full_clean()


def test_structures_pour_motifs_et_ordre(melun, dammarie):
    mds = StructureFactory(typologie="mds", commune=dammarie, nom="MDS")
    SecteurFactory(structure=mds, commune=melun)
    ccas = StructureFactory(typologie="ccas", commune=melun, nom="CCAS de Melun")
    caf = StructureFactory(typologie="caf", commune=melun, nom="CAF", zone_eligibilite=["77"])
    agglo = StructureFactory(
        typologie="association", commune=dammarie, nom="Asso agglo", zone_eligibilite=["247700057"]
    )
    StructureFactory(typologie="ccas", commune=dammarie, nom="CCAS de Dammarie")  # not Melun's
    resultats = selectors.structures_pour("77288")
    assert [s.nom for s in resultats] == ["MDS", "CCAS de Melun", "Asso agglo", "CAF"]
    assert [s.motif for s in resultats] == ["secteur", "commune", "epci", "departement"]
    assert {mds, ccas, caf, agglo} == set(resultats)


def test_structures_pour_thematique_et_categorie(melun):
    mda = StructureFactory(
        typologie="maison-des-adolescents", commune=melun, zone_eligibilite=["77"]
    )
    ServiceFactory(structure=mda, thematiques=["sante--sante-mentale"])
    autre = StructureFactory(commune=melun)
    ServiceFactory(structure=autre, thematiques=["equipement-et-alimentation--alimentation"])
    assert selectors.structures_pour("77288", thematique="sante--sante-mentale") == [mda]
    assert selectors.structures_pour("77288", thematique="sante") == [mda]
    assert selectors.structures_pour("77288", thematique="famille") == []


def test_structures_pour_un_droit(melun):
    # rsa.yaml: ou_s_adresser [caf, msa, mds, eds, ccas, france-travail]
    caf = StructureFactory(typologie="caf", commune=melun, nom="CAF")
    asso = StructureFactory(typologie="association", commune=melun, nom="Asso droits")
    ServiceFactory(
        structure=asso,
        thematiques=[
            "difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits"
        ],
    )
    StructureFactory(typologie="mdph", commune=melun, nom="MDPH")
    resultats = selectors.structures_pour("77288", droit="rsa")
    assert resultats == [caf, asso]
    assert [s.pertinence for s in resultats] == [0, 1]


def test_structures_pour_erreurs_nommees(melun):
    with pytest.raises(ErreurChamps) as e:
        selectors.structures_pour("00000", thematique="nimporte", droit="pas-un-droit")
    champs = {x["champ"] for x in e.value.erreurs}
    assert champs == {"commune", "thematique", "droit"}
    with pytest.raises(ErreurChamps):
        selectors.structures_pour("")


def test_index_des_zones_suit_les_modifications(melun):
    s = StructureFactory(commune=melun, zone_eligibilite=[])
    assert list(ZoneStructure.objects.filter(structure=s).values_list("code", flat=True)) == [
        "77288"
    ]
    sv = ServiceFactory(structure=s, zone_eligibilite=["77"])
    assert set(ZoneStructure.objects.filter(structure=s).values_list("code", flat=True)) == {"77"}
    sv.delete()
    assert list(ZoneStructure.objects.filter(structure=s).values_list("code", flat=True)) == [
        "77288"
    ]


def test_validation_des_horaires_dans_le_modele(melun):
    s = StructureFactory.build(commune=melun, horaires_accueil="lundi matin", identifiant="x--1")
    with pytest.raises(ValidationError) as e:
        s.clean()
    assert "horaires_accueil" in e.value.message_dict
    p = PermanenceFactory.build(structure=StructureFactory(commune=melun), horaires="n'importe")
    with pytest.raises(ValidationError):
        p.clean()
