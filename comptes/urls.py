from django.urls import path

from comptes import views
from comptes.acces import page_publique

app_name = "comptes"
urlpatterns = [
    path("connexion/", page_publique(views.Connexion.as_view()), name="connexion"),
    path("deconnexion/", page_publique(views.Deconnexion.as_view()), name="deconnexion"),
    path("", views.mon_compte, name="mon_compte"),
    path("membres/", views.membres, name="membres"),
    path("audit/", views.journal, name="journal"),
    path("audit/export.csv", views.journal_csv, name="journal_csv"),
]
