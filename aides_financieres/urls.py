from django.urls import path

from aides_financieres import views

app_name = "aides_financieres"

urlpatterns = [
    path("", views.demandes, name="demandes"),
    path("personnes/<int:personne_pk>/nouvelle/", views.nouvelle, name="nouvelle"),
    path("demandes/<int:pk>/", views.demande, name="demande"),
    path("demandes/<int:pk>/modifier/", views.modifier, name="modifier"),
    path("demandes/<int:pk>/statut/", views.statut, name="statut"),
    path("demandes/<int:pk>/commission/", views.inscrire, name="inscrire"),
    path("demandes/<int:pk>/pieces/", views.piece_ajouter, name="piece_ajouter"),
    path("demandes/<int:pk>/decision/", views.decider, name="decider"),
    path("demandes/<int:pk>/lettre.pdf", views.lettre, name="lettre"),
    path("pieces/<int:pk>/", views.piece, name="piece"),
    path("instruction/", views.instruction, name="instruction"),
    path("commissions/", views.commissions, name="commissions"),
    path("commissions/<int:pk>/", views.commission, name="commission"),
    path("commissions/<int:pk>/proces-verbal.pdf", views.proces_verbal, name="proces_verbal"),
    path("paiements/", views.paiements, name="paiements"),
    path("aides/<int:pk>/paiement/", views.payer, name="payer"),
    path("echeances/<int:pk>/remboursee/", views.rembourser, name="rembourser"),
    path("paiements/export.csv", views.export_paiements, name="export_paiements"),
    path("budget/", views.budget, name="budget"),
    path("budget/export.csv", views.budget_csv, name="budget_csv"),
    path("bareme/", views.baremes_page, name="baremes"),
    path("bareme/<str:departement>/", views.baremes_page, name="bareme"),
]
