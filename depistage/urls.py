from django.urls import path

from depistage import views

app_name = "depistage"
urlpatterns = [
    path("", views.liste, name="liste"),
    path("modeles/<str:nom>", views.modele, name="modele"),
    path("<uuid:pk>/", views.detail, name="detail"),
    path("<uuid:pk>/reprendre/", views.reprendre, name="reprendre"),
    path("<uuid:pk>/supprimer/", views.supprimer, name="supprimer"),
    path("<uuid:pk>/<str:nom>", views.telecharger, name="telecharger"),
]
