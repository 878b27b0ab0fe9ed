from django.urls import path

from . import views

app_name = "sipd"

urlpatterns = [
    path("", views.home, name="home"),
    path("<int:year>/usulan-sipd.xlsx", views.export, name="export"),
]
