from django.urls import path

from . import views

app_name = "delivery"

urlpatterns = [
    path("", views.activity_list, name="list"),
    path("<int:pk>/", views.activity_page, name="activity"),
    path("<int:pk>/lapor/", views.report, name="report"),
    path("rencana/<str:number>/", views.plan, name="plan"),
    path("foto/<int:pk>/", views.report_photo, name="photo"),
]
