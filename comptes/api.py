from ninja import Router

TAG = "comptes"
router = Router()
