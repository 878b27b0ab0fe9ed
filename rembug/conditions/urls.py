from django.urls import path

from . import views

app_name = "conditions"

urlpatterns = [
    path("", views.home, name="home"),
    path("survei/<str:code>/", views.survey, name="survey"),
    path("impor/", views.survey_upload, name="import"),
    path("kesenjangan/", views.gap_page, name="gap"),
    path("wilayah/<str:code>/", views.area, name="area"),
    path("peta/", views.map_page, name="map"),
    path("peta/<int:year>.geojson", views.map_geojson, name="map_geojson"),
    path("prioritas/", views.priorities, name="priorities"),
    path("foto/<int:pk>/", views.survey_photo, name="photo"),
]
