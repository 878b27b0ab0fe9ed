from django.urls import path

from . import keeping_views, views

app_name = "accounts"

urlpatterns = [
    path("dua-langkah/", views.two_factor, name="two-factor"),
    path("kota/", views.city_switch, name="city-switch"),
    path("peran/", views.people, name="people"),
    path("peran/<int:pk>/akhiri/", views.people_revoke, name="people_revoke"),
    # Kelurahan staff keep their RW, RT, Pokmas and lembaga (issue 11 point 6).
    path("wilayah/<str:code>/", keeping_views.regions_page, name="regions"),
    path("wilayah/<str:code>/tambah/", keeping_views.region_add, name="region_add"),
    path("wilayah/<str:code>/ubah/", keeping_views.region_edit, name="region_edit"),
    path("wilayah/<str:code>/status/", keeping_views.region_status, name="region_status"),
    path("wilayah/<str:code>/kelompok/", keeping_views.group_add, name="group_add"),
    path("kelompok/<int:pk>/", keeping_views.group_edit, name="group_edit"),
    path("kelompok/<int:pk>/status/", keeping_views.group_status, name="group_status"),
]
