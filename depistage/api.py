from ninja import Router

TAG = "depistage"
router = Router()
