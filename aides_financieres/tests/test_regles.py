"""Plain rules: statuses, loans' schedules, percentiles, envelopes, permissions."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest

from aides_financieres import perms, regles


def test_transitions():
    assert regles.transition_permise("brouillon", "deposee")
    assert not regles.transition_permise("brouillon", "accordee")
    assert not regles.transition_permise("classee", "brouillon")
    msg = regles.message_transition("refusee", "payee")
    assert "« Refusée »" in msg and "« Classée »" in msg


def test_echeancier_somme_exacte_et_dates():
    e = regles.echeancier(Decimal("1000.00"), 24, dt.date(2026, 12, 5))
    assert len(e) == 24
    assert sum(x.montant for x in e) == Decimal("1000.00")
    assert e[0].montant == Decimal("41.66") and e[-1].montant == Decimal("41.82")
    assert e[1].date == dt.date(2027, 1, 5) and e[-1].date == dt.date(2028, 11, 5)
    with pytest.raises(ValueError):
        regles.echeancier(Decimal("-5"), 3, dt.date(2026, 1, 1))


def test_centile():
    assert regles.centile([], 50) is None
    assert regles.centile([4], 90) == 4
    assert regles.centile([1, 2, 3, 4], 50) == 2.5
    assert regles.centile(list(range(1, 11)), 90) == pytest.approx(9.1)


def test_enveloppe_alerte():
    e = regles.EtatEnveloppe(Decimal(1000), Decimal(850), Decimal(100), 80)
    assert e.alerte == "seuil" and e.disponible == Decimal(150)
    assert "85 %" in e.message
    assert regles.EtatEnveloppe(Decimal(1000), Decimal(1000), 0, 80).alerte == "epuisee"
    assert regles.EtatEnveloppe(Decimal(1000), Decimal(10), 0, 80).alerte is None


@dataclass(frozen=True)
class A:
    utilisateur_id: int | None
    structure_id: int | None
    role: str | None
    departement: str | None
    type_structure: str | None


def test_perms():
    ts_ccas = A(1, 10, "travailleur_social", "77", "ccas")
    ts_asso = A(2, 11, "travailleur_social", "77", "association")
    service = A(3, 12, "aides_financieres", "77", "departement")
    commission = A(4, 12, "commission", "77", "departement")
    finances = A(5, 13, "finances", "77", "departement")
    service_94 = A(6, 14, "aides_financieres", "94", "departement")
    assert perms.peut_deposer(ts_ccas) and not perms.peut_deposer(ts_asso)
    assert perms.peut_voir_demande(ts_ccas, 10, "77")
    assert not perms.peut_voir_demande(ts_ccas, 99, "77")
    assert perms.peut_voir_demande(service, 10, "77") and perms.peut_voir_demande(
        commission, 10, "77"
    )
    assert not perms.peut_voir_demande(service_94, 10, "77")
    assert not perms.peut_voir_demande(finances, 10, "77")
    assert perms.peut_voir_paiements(finances) and not perms.voit_notes_sociales(finances)
    assert perms.peut_decider(service, "77", "delegation")
    assert not perms.peut_decider(commission, "77", "delegation")
    assert perms.peut_decider(commission, "77", "commission", present=True)
    assert not perms.peut_decider(commission, "77", "commission")  # not recorded present
    assert not perms.peut_decider(service_94, "77", "commission")
    assert perms.peut_modifier_demande(ts_ccas, 10, "77", "brouillon")
    assert not perms.peut_modifier_demande(ts_ccas, 10, "77", "en_instruction")
    assert not perms.peut_payer(ts_ccas, "77") and perms.peut_payer(finances, "77")


def test_etat_pret_rembourse_les_plus_anciennes_d_abord():
    from aides_financieres.regles import echeancier, etat_pret

    e = echeancier(Decimal("600"), 6, dt.date(2026, 1, 5))
    etat = etat_pret(Decimal("600"), e, Decimal("150"), dt.date(2026, 4, 10))
    # 4 instalments due (Jan–Apr); 150 € covers January and half of February.
    assert [x.couvert for x in etat.echeances[:3]] == [Decimal("100"), Decimal("50"), Decimal("0")]
    assert [x.rang for x in etat.en_retard] == [2, 3, 4]
    assert etat.montant_en_retard == Decimal("250") and etat.solde == Decimal("450")
    assert etat.jours_retard == (dt.date(2026, 4, 10) - dt.date(2026, 2, 5)).days
    assert etat.prochaine.rang == 5
    # The day an instalment falls due it is not late yet; everything repaid: nothing late.
    assert not etat_pret(Decimal("600"), e, Decimal("0"), dt.date(2026, 1, 5)).en_retard
    solde = etat_pret(Decimal("600"), e, Decimal("600"), dt.date(2027, 1, 1))
    assert solde.solde == 0 and not solde.en_retard and solde.prochaine is None
