from django.urls import path

from . import views, views_minutes

app_name = "forums"

urlpatterns = [
    path("unit/<str:holder_key>/", views.for_holder, name="for_holder"),
    path("kertas/", views.paper, name="paper"),
    path("forum/<str:code>/", views.for_region, name="for_region"),
    path("<int:pk>/keputusan/", views.decide, name="decide"),
    path("<int:pk>/gabung/", views.merge, name="merge"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/urutan/", views.move, name="move"),
    path("<int:pk>/perbarui-daftar/", views.sync_items, name="sync_items"),
    path("<int:pk>/peserta/", views.attendance, name="attendance"),
    path("<int:pk>/pendanaan/<str:number>/", views.funding, name="funding"),
    path("<int:pk>/delegasi/", views.delegates, name="delegates"),
    path("<int:pk>/berita-acara/", views_minutes.minutes, name="minutes"),
    path("<int:pk>/daftar-hadir.pdf", views_minutes.attendance_sheet, name="attendance_sheet"),
    path("<int:pk>/tetapkan/", views.finalize, name="finalize"),
    path("<int:pk>/revisi/", views.revise, name="revise"),
    path("<int:pk>/berita-acara.pdf", views.document, {"kind": "pdf"}, name="minutes_pdf"),
    path("<int:pk>/daftar.xlsx", views.document, {"kind": "xlsx"}, name="list_xlsx"),
]
