"""The insertion service's dashboard: every figure from the platform's data."""

import datetime

from django.utils import timezone

from rsa import regles, selectors
from rsa.tests.factories import BeneficiaireFactory, RendezVousFactory


def test_tableau_de_bord(monde_rsa):
    mds, ts = monde_rsa["mds"], monde_rsa["comptes"]["ts"]
    aujourdhui = timezone.localdate()
    mois = aujourdhui.replace(day=1)
    j = datetime.timedelta
    # Entered this month, oriented after 5 days, référent, first meeting after 4 days, contract.
    b1 = BeneficiaireFactory(
        territoire=mds,
        date_entree=mois,
        oriente_le=mois + j(days=min(5, aujourdhui.day - 1)),
        orientation="sociale",
        structure_referente=mds,
        referent=ts,
        referent_designe_le=mois,
        premier_rdv_le=mois + j(days=min(9, aujourdhui.day - 1)),
        contrat_signe_le=mois,
        contrat_fin_le=aujourdhui + j(days=300),
    )
    # Entered 3 months ago, never oriented: waiting beyond the delay.
    attente = BeneficiaireFactory(territoire=mds, date_entree=aujourdhui - j(days=90))
    # Left this month.
    BeneficiaireFactory(
        territoire=mds,
        date_entree=aujourdhui - j(days=200),
        statut="sorti",
        sorti_le=aujourdhui,
        motif_sortie="ressources",
    )
    # Another département: never counted.
    BeneficiaireFactory(departement="94", date_entree=mois)
    RendezVousFactory(beneficiaire=b1, lieu=mds, le=timezone.now() - j(minutes=5), presence="venu")
    RendezVousFactory(
        beneficiaire=attente, lieu=mds, le=timezone.now() - j(minutes=5), presence="absent"
    )
    t = selectors.tableau_de_bord("77", mois)
    # monde_rsa's own beneficiary (MDS de Melun) entered 40 days ago, not oriented.
    assert t.stock == 3
    assert (t.avec_referent, t.part_referent) == (1, 33.3)
    assert t.en_attente == 2  # 90 days and 40 days without orientation
    assert t.entrees == 1 and t.sorties == 1
    assert ("Ressources supérieures au plafond (reprise d'emploi…)", 1) in t.sorties_par_motif
    assert t.delai_orientation_mediane == (b1.oriente_le - b1.date_entree).days
    assert t.part_orientes_30j == 100.0
    assert (t.contrats_signes, t.contrats_a_jour) == (1, 1)
    assert (t.rdv_notes, t.rdv_absents, t.taux_absence) == (2, 1, 50.0)
    assert t.serie[-1]["entrees"] == 1 and len(t.serie) == 12
    noms = {x["nom"]: x for x in t.territoires}
    assert noms["MDS de Melun (test)"]["stock"] == 3
    seul = selectors.tableau_de_bord("77", mois, territoire=monde_rsa["autre_mds"])
    assert seul.stock == 0 and seul.en_attente == 0 and seul.part_referent is None
    assert selectors.tableau_de_bord("77", mois, territoire=mds).en_attente == 2
    assert list(selectors.en_attente_au_dela("77", 30)) == [attente, monde_rsa["beneficiaire"]]


def test_delais_centiles_et_orientes_en_30_jours(monde_rsa):
    """Median and 90th percentile come from grouped counts in the database: same values as
    the percentile of the list of delays (linear interpolation)."""
    j = datetime.timedelta
    mois = regles.ajouter_mois(timezone.localdate().replace(day=1), -2)
    oriente = mois + j(days=1)
    for d in (2, 4, 10, 20, 40, 4):
        BeneficiaireFactory(date_entree=oriente - j(days=d), oriente_le=oriente)
    rdv = mois + j(days=2)
    for d in (7, 3):
        BeneficiaireFactory(
            date_entree=rdv - j(days=60), oriente_le=rdv - j(days=d), premier_rdv_le=rdv
        )
    # Entrants of the month: oriented in 30 days, in 31 days, not oriented.
    BeneficiaireFactory(date_entree=mois + j(days=3), oriente_le=mois + j(days=33))
    BeneficiaireFactory(date_entree=mois + j(days=3), oriente_le=mois + j(days=34))
    BeneficiaireFactory(date_entree=mois + j(days=4))
    t = selectors.tableau_de_bord("77", mois)
    delais = [2, 4, 10, 20, 40, 4]
    assert t.delai_orientation_mediane == regles.centile(delais, 50) == 7.0
    assert t.delai_orientation_p90 == regles.centile(delais, 90) == 30.0
    assert (t.delai_rdv_mediane, t.delai_rdv_p90) == (5.0, 6.6)
    assert (t.entrees, t.entrants_orientes_30j, t.part_orientes_30j) == (3, 1, 33.3)
    assert regles.centile_histogramme({}, 50) is None
    assert regles.centile_histogramme({3: 1}, 90) == 3.0
