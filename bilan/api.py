"""POST /api/v1/bilan: the rights of one household (micro-batched with concurrent requests)."""

from ninja import Router

from bilan.moteur import ResultatBilan, Situation
from bilan.regroupement import evaluer_regroupe
from comptes.acces import page_publique
from solidarites.schemas import ErreurApi

TAG = "bilan"
router = Router()


@router.post(
    "/bilan",
    response={200: ResultatBilan, 400: ErreurApi},
    summary="Bilan d'accès aux droits d'un foyer",
    description=(
        "Décrivez un foyer (commune, logement, personnes, revenus mensuels nets) : la réponse "
        "liste les droits nationaux (calculés par OpenFisca-France) et les aides du département, "
        "avec leur montant estimé, une explication et les droits probablement non demandés. "
        "Un champ invalide donne une erreur 400 qui nomme chaque champ en cause, en français."
    ),
    auth=None,
)
@page_publique
def bilan(request, payload: Situation):
    # Named `payload` so that field errors read "personnes.0.age" (see solidarites.erreurs).
    return evaluer_regroupe(payload)
