"""Session fixtures of the bilan tests: OpenFisca's tax-benefit system and the reference
households are built and evaluated once per test session (one vectorised batch)."""

from pathlib import Path

import pytest
import yaml

from bilan.moteur import Situation, evaluer
from bilan.moteur.openfisca import systeme

MENAGES = Path(__file__).resolve().parents[2] / "content" / "bilan" / "menages"


def charger_menages() -> list[tuple[str, dict]]:
    out = []
    for chemin in sorted(MENAGES.glob("*.yaml")):
        with open(chemin, encoding="utf-8") as f:
            out.append((chemin.stem, yaml.safe_load(f)))
    return out


@pytest.fixture(scope="session")
def tbs():
    return systeme()


@pytest.fixture(scope="session")
def menages():
    return charger_menages()


@pytest.fixture(scope="session")
def resultats_reference(tbs, menages):
    situations = [Situation.model_validate(m["situation"]) for _, m in menages]
    return dict(zip([nom for nom, _ in menages], evaluer(situations), strict=True))
