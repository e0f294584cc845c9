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
    path("demandes/<int:pk>/lettre/envoi/", views.lettre_envoi, name="lettre_envoi"),
    path("pieces/<int:pk>/", views.piece, name="piece"),
    path("instruction/", views.instruction, name="instruction"),
    path("commissions/", views.commissions, name="commissions"),
    path("commissions/<int:pk>/", views.commission, name="commission"),
    path("commissions/<int:pk>/proces-verbal.pdf", views.proces_verbal, name="proces_verbal"),
    path("commissions/<int:pk>/presences/", views.presences, name="presences"),
    path("paiements/", views.paiements, name="paiements"),
    path("prets/", views.prets, name="prets"),
    path("prets/<int:pk>/", views.pret, name="pret"),
    path("prets/<int:pk>/remboursements/", views.pret_rembourser, name="pret_rembourser"),
    path("prets/<int:pk>/relances/", views.pret_relancer, name="pret_relancer"),
    path("prets/<int:pk>/relance.pdf", views.pret_relance_pdf, name="pret_relance_pdf"),
    path("aides/<int:pk>/paiement/", views.payer, name="payer"),
    path("echeances/<int:pk>/remboursee/", views.rembourser, name="rembourser"),
    path("paiements/export.csv", views.export_paiements, name="export_paiements"),
    path("budget/", views.budget, name="budget"),
    path("budget/export.csv", views.budget_csv, name="budget_csv"),
    path("bareme/", views.baremes_page, name="baremes"),
    path("bareme/<str:departement>/", views.baremes_page, name="bareme"),
]
