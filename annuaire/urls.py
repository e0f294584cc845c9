from django.urls import path

from annuaire import views

app_name = "annuaire"
urlpatterns = [
    path("", views.recherche, name="recherche"),
    path("structures/<int:pk>/", views.structure, name="structure"),
    path("a-mettre-a-jour/", views.a_mettre_a_jour, name="a_mettre_a_jour"),
]
