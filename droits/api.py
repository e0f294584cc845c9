from ninja import Router

TAG = "droits"
router = Router()
