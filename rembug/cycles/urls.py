from django.urls import path

from . import views

app_name = "cycles"

urlpatterns = [
    path("", views.home, name="home"),
    path("<int:cycle_id>/", views.schedule, name="schedule"),
    path("<int:cycle_id>/tahun-berikutnya/", views.next_year, name="next_year"),
]
