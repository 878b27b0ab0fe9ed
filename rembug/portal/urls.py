from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.index, name="index"),
    path("data/", views.data_index, name="data"),
    path("data/<slug:dataset>.<str:fmt>", views.data_file, name="data_file"),
    path("forum/<int:pk>/", views.forum, name="forum"),
    path("<str:code>/", views.area, name="area"),
    path("<str:code>/titik.geojson", views.area_points, name="area_points"),
    path("<str:code>/batas.geojson", views.area_boundaries, name="area_boundaries"),
]
