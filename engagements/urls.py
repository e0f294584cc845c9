from django.urls import path

from engagements import views

app_name = "engagements"
urlpatterns = [
    path("", views.index, name="index"),
    path("<str:code>/", views.departement, name="departement"),
    path("engagement/<int:pk>/", views.detail, name="detail"),
    path("engagement/<int:pk>/statut/", views.changer_statut, name="statut"),
]
