"""The single fund's scales: the YAML cases of content/aides_financieres/tests/, reproduced
exactly, and the checks of the scale files themselves (plain Python, no database)."""

from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from aides_financieres.bareme import (
    BESOINS,
    DOSSIER,
    ErreurBareme,
    baremes,
    demande_depuis_cas,
    en_euros,
    lire_bareme,
    proposer,
    rapport_harmonisation,
)


def _cas():
    for chemin in sorted((DOSSIER / "tests").glob("*.yaml")):
        with open(chemin, encoding="utf-8") as f:
            for cas in yaml.safe_load(f):
                yield pytest.param(chemin.stem, cas, id=f"{chemin.stem}: {cas['name']}")


def _espaces(texte: str) -> str:
    return texte.replace("\u202f", " ").replace("\xa0", " ")


@pytest.mark.parametrize("departement,cas", list(_cas()))
def test_cas_yaml(departement, cas):
    p = proposer(baremes()[departement], demande_depuis_cas(cas))
    attendu = cas["output"]
    if "quotient_familial" in attendu:
        assert p.quotient_familial == Decimal(str(attendu["quotient_familial"])).quantize(
            Decimal("0.01")
        )
    if "reste_a_vivre" in attendu:
        assert p.reste_a_vivre == Decimal(str(attendu["reste_a_vivre"])).quantize(Decimal("0.01"))
    if "taux" in attendu:
        assert p.taux == attendu["taux"]
    obtenues = [
        {
            "besoin": ligne.besoin,
            "fonds": ligne.fonds,
            "montant": ligne.montant,
            "beneficiaire": ligne.beneficiaire,
            "forme": ligne.forme,
        }
        | ({"duree_pret_mois": ligne.duree_pret_mois} if ligne.forme == "pret" else {})
        for ligne in p.lignes
    ]
    attendues = [
        ligne | {"montant": Decimal(str(ligne["montant"])).quantize(Decimal("0.01"))}
        for ligne in attendu["lignes"]
    ]
    assert obtenues == attendues
    assert p.total == Decimal(str(attendu["total"]))
    if "decision" in attendu:
        assert p.decision == attendu["decision"]
    refus = [_espaces(r) for r in p.refus]
    if attendu.get("refus") == []:
        assert refus == []
    for morceau in attendu.get("refus", ()):
        assert any(morceau in r for r in refus), refus
    # Every proposal is explained, one sentence per line at least.
    assert len(p.explication) >= 2 + len(p.lignes)


def test_chaque_departement_a_son_bareme_date_et_source():
    assert set(baremes()) == {"77", "94", "71"}
    for b in baremes().values():
        assert b.sources and all(s["url"].startswith("https://") for s in b.sources)
        assert b.verifie_le.year >= 2026
        assert b.recours and "deux mois" in b.recours
        assert b.seuil_delegation > 0
        # Each need is covered by at least one fund, and each fund by a YAML case.
        assert {besoin for f in b.fonds for besoin in f.besoins} == set(BESOINS)


def test_chaque_fonds_des_fsl_et_du_faj_a_un_cas():
    testes = {
        ligne["fonds"]
        for _, param in ((p.values[0], p.values[1]) for p in _cas())
        for ligne in param["output"]["lignes"]
    }
    for dep in ("77", "71"):
        assert f"fsl-maintien-{dep}" in testes and f"urgence-{dep}" in testes
    assert {"fsl-acces-77", "faj-77", "fsl-energie-77", "fsl-eau-94", "faj-94"} <= testes


def test_rapport_harmonisation_avant_apres():
    lignes = rapport_harmonisation(baremes()["77"])
    besoins = {ligne.besoin for ligne in lignes}
    assert besoins == set(BESOINS)
    # The young person: the old FAJ gave 500 € for a project, the single fund as much.
    jeune = next(
        ligne
        for ligne in lignes
        if ligne.besoin == "projet_jeune" and ligne.menage.startswith("Jeune")
    )
    assert jeune.avant == (("Ancien FAJ", Decimal("500.00"), "100 %, plafond 500 €"),)
    assert jeune.apres == Decimal("500.00")
    # The couple on one SMIC had nothing from the old energy fund (resources over 1 300 €).
    couple = next(
        ligne for ligne in lignes if ligne.besoin == "energie" and ligne.menage.startswith("Couple")
    )
    assert couple.avant[0][1] == Decimal("0.00")
    assert "ressources inférieures à 1 300 €" in couple.avant[0][2].replace("\u202f", " ").replace(
        "\xa0", " "
    )
    assert couple.apres == Decimal("360.00")


def test_fichier_mal_forme(tmp_path: Path):
    chemin = tmp_path / "99.yaml"
    base = (DOSSIER / "77.yaml").read_text(encoding="utf-8")
    chemin.write_text(base.replace("type: reste_a_vivre", "type: reste_a_rever"), "utf-8")
    with pytest.raises(ErreurBareme, match="reste_a_rever"):
        lire_bareme(chemin)
    chemin.write_text(base.replace("beneficiaires: [bailleur]", "beneficiaires: [voisin]"), "utf-8")
    with pytest.raises(ErreurBareme, match="voisin"):
        lire_bareme(chemin)
    chemin.write_text(base.replace("    plafond_annuel: 150\n", ""), "utf-8")
    with pytest.raises(ErreurBareme, match="plafond_annuel"):
        lire_bareme(chemin)


def test_en_euros():
    assert en_euros(Decimal("1234.5")) == "1\u202f234,50 €"
    assert en_euros(Decimal("12")) == "12 €"
