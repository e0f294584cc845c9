from ninja import Router

TAG = "annuaire"
router = Router()
