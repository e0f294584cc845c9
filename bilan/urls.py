from django.urls import path

from bilan import views, vues_agent, vues_restitution

app_name = "bilan"
urlpatterns = [
    path("", views.accueil, name="accueil"),
    path("recommencer/", views.recommencer, name="recommencer"),
    path("etape/<slug:nom>/", views.etape, name="etape"),
    path("resultats/", views.resultats, name="resultats"),
    path("conserver/", views.conserver, name="conserver"),
    path("retrouver/", vues_restitution.retrouver, name="retrouver"),
    path("ouvrir/", vues_agent.ouvrir, name="ouvrir"),
    path("mon-bilan/", vues_restitution.mon_bilan, name="mon_bilan"),
    path("envoyer/", vues_restitution.envoyer, name="envoyer"),
    path("etre-rappele/", vues_restitution.etre_rappele, name="etre_rappele"),
]
