from django.urls import path

from . import views

app_name = "budget"

urlpatterns = [
    path("", views.home, name="home"),
    path("<int:cycle_id>/", views.ceilings, name="ceilings"),
    path("<int:cycle_id>/pagu/<int:pk>/ubah/", views.ceiling_update, name="ceiling_update"),
    path("<int:cycle_id>/pagu/<int:pk>/hapus/", views.ceiling_remove, name="ceiling_remove"),
    path("<int:cycle_id>/riwayat/", views.history, name="history"),
    path("<int:cycle_id>/jalankan/", views.run_create, name="run_create"),
    path("<int:cycle_id>/tuntas/", views.unsettled, name="unsettled"),
    path("penyesuaian/<int:pk>/", views.run_detail, name="run"),
    path("penyesuaian/<int:pk>/umumkan/", views.publish, name="publish"),
]
