from ninja import Router

TAG = "bilan"
router = Router()
