from django.urls import path

from comptes import demandes_acces, mot_de_passe, proconnect, views
from comptes.acces import page_publique

app_name = "comptes"
urlpatterns = [
    path("connexion/", page_publique(views.Connexion.as_view()), name="connexion"),
    path("deconnexion/", page_publique(views.Deconnexion.as_view()), name="deconnexion"),
    path(
        "proconnect/connexion/",
        page_publique(proconnect.Connexion.as_view()),
        name="proconnect_connexion",
    ),
    path(
        "proconnect/retour/", page_publique(proconnect.Retour.as_view()), name="proconnect_retour"
    ),
    path("demandes-acces/", demandes_acces.liste, name="demandes_acces"),
    path("demandes-acces/<int:pk>/", demandes_acces.decider, name="demande_acces"),
    path("", views.mon_compte, name="mon_compte"),
    path("membres/", views.membres, name="membres"),
    path("mot-de-passe/", mot_de_passe.changer, name="mot_de_passe"),
    path(
        "membres/<int:pk>/reinitialiser/",
        mot_de_passe.reinitialiser_membre,
        name="reinitialiser_membre",
    ),
    path("reinitialiser/<uidb64>/<token>/", mot_de_passe.reinitialiser, name="reinitialiser"),
    path("audit/", views.journal, name="journal"),
    path("audit/export.csv", views.journal_csv, name="journal_csv"),
]
