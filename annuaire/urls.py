from django.urls import path

from annuaire import edition, views

app_name = "annuaire"
urlpatterns = [
    path("", views.recherche, name="recherche"),
    path("structures/<int:pk>/", views.structure, name="structure"),
    path("a-mettre-a-jour/", views.a_mettre_a_jour, name="a_mettre_a_jour"),
    path("ma-fiche/", edition.ma_fiche, name="ma_fiche"),
    path("structures/<int:pk>/modifier/", edition.modifier_fiche, name="modifier_fiche"),
    path("services/<int:pk>/modifier/", edition.modifier_service, name="modifier_service"),
]
