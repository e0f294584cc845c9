from django.urls import path

from engagements import views

app_name = "engagements"
urlpatterns = [
    path("", views.index, name="index"),
    path("nouveau/", views.nouveau, name="nouveau"),
    path("<str:code>/", views.departement, name="departement"),
    path("engagement/<int:pk>/", views.detail, name="detail"),
    path("engagement/<int:pk>/statut/", views.changer_statut, name="statut"),
    path("engagement/<int:pk>/modifier/", views.modifier, name="modifier"),
]
