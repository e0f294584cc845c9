"""Results built by the engine without validation (`du_moteur`) are valid results."""

import pytest

from bilan.moteur import DroitEvalue, ResultatBilan, evaluer
from bilan.moteur.exemples import situations_variees


def test_du_moteur_valide_comme_le_modele():
    d = DroitEvalue.du_moteur(slug="rsa", titre="RSA", eligible=True, explication="Parce que.")
    v = DroitEvalue(slug="rsa", titre="RSA", eligible=True, explication="Parce que.")
    assert d == v
    assert d.model_dump() == v.model_dump()
    assert d.model_fields_set == v.model_fields_set
    r = ResultatBilan.du_moteur(
        mois="2026-11", commune="77288", departement="77", droits=[d], total_mensuel=0.0
    )
    assert (
        r.avertissements == []
        and r.avertissements
        is not ResultatBilan.du_moteur(
            mois="2026-11", commune="77288", departement="77", droits=[], total_mensuel=0.0
        ).avertissements
    )  # a fresh list for each result


def test_du_moteur_refuse_un_champ_obligatoire_manquant():
    with pytest.raises(TypeError, match="explication"):
        DroitEvalue.du_moteur(slug="rsa", titre="RSA", eligible=True)


def test_resultats_du_moteur_conformes_au_contrat(tbs, resultats_reference):
    """Every result of the reference households and of varied ones passes the model's own
    validation unchanged (types, allowed values)."""
    resultats = list(resultats_reference.values()) + evaluer(situations_variees(200, seed=3))
    for r in resultats:
        assert ResultatBilan.model_validate(r.model_dump()) == r
        for d in r.droits:
            assert DroitEvalue.model_validate(d.model_dump(), strict=True) == d
