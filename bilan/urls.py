from django.urls import path

from bilan import views

app_name = "bilan"
urlpatterns = [
    path("", views.accueil, name="accueil"),
    path("recommencer/", views.recommencer, name="recommencer"),
    path("etape/<slug:nom>/", views.etape, name="etape"),
    path("resultats/", views.resultats, name="resultats"),
    path("conserver/", views.conserver, name="conserver"),
]
