from territoires import referentiel


def test_communes_de_france():
    communes = referentiel.communes()
    assert len(communes) > 34_000
    melun = referentiel.commune("77288")
    assert melun.nom == "Melun" and melun.departement == "77" and "77000" in melun.codes_postaux
    assert referentiel.commune("71306").nom == "Montceau-les-Mines"
    assert referentiel.commune("99999") is None


def test_departements():
    deps = referentiel.departements()
    assert deps["94"] == "Val-de-Marne" and deps["71"] == "Saône-et-Loire"
