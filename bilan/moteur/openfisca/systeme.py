"""OpenFisca-France's tax-benefit system, as published, and the engine's explicit preparation.

- `systeme()` builds OpenFisca-France once per process and changes nothing in it: it is
  OpenFisca as published (the reference tests compute with it directly).
- `preparer()` is what the engine calls at its entry points (`evaluer`, `non_demandes`,
  `prechauffer`): it builds the system AND installs the accelerations (`acceleration.installer`),
  explicitly, unless SOLIDARITES_OPENFISCA_BRUT=1. Building the system never patches anything by
  itself.
- `parametres(mois)`: OpenFisca's dated parameters on the first day of a month (cached), read
  by the engine for every legal threshold it quotes or tests (ages, rates).
"""

from __future__ import annotations

import os
from functools import lru_cache

from bilan.moteur.openfisca import acceleration


def brut() -> bool:
    """True when SOLIDARITES_OPENFISCA_BRUT=1: OpenFisca as published, nothing neutralised or
    accelerated (the check of the engine's shortcuts)."""
    return os.environ.get("SOLIDARITES_OPENFISCA_BRUT") == "1"


@lru_cache(maxsize=1)
def systeme():
    """OpenFisca-France's tax-benefit system, built once per process (about 2–4 s), as
    published: nothing installed here (see `preparer`)."""
    from openfisca_france import CountryTaxBenefitSystem

    return CountryTaxBenefitSystem()


def preparer():
    """The system the engine computes with: `systeme()` with the accelerations installed
    (idempotent, logged when the installed versions are not the tested ones), or plain when
    SOLIDARITES_OPENFISCA_BRUT=1. Returns the system."""
    tbs = systeme()
    if not brut():
        acceleration.installer(tbs)
    return tbs


@lru_cache(maxsize=64)
def parametres(mois: str):
    """OpenFisca's parameters on the first day of `mois` (AAAA-MM)."""
    return systeme().parameters(f"{mois}-01")
