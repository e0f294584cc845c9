from ninja import Router

TAG = "territoires"
router = Router()
