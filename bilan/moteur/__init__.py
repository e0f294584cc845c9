"""The bilan engine: plain Python, no Django.

    from bilan.moteur import Situation, evaluer
    resultats = evaluer([Situation.model_validate(data), ...])

See docs/modules/bilan.md for the contract.
"""

from bilan.moteur.evaluation import evaluer, evaluer_un, non_demandes, prechauffer
from bilan.moteur.resultat import DroitEvalue, ResultatBilan
from bilan.moteur.situation import Situation

__all__ = [
    "DroitEvalue",
    "ResultatBilan",
    "Situation",
    "evaluer",
    "evaluer_un",
    "non_demandes",
    "prechauffer",
]
