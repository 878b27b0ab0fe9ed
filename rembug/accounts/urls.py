from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("dua-langkah/", views.two_factor, name="two-factor"),
    path("kota/", views.city_switch, name="city-switch"),
    path("peran/", views.people, name="people"),
    path("peran/<int:pk>/akhiri/", views.people_revoke, name="people_revoke"),
]
