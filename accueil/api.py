from ninja import Router

TAG = "accueil"
router = Router()
