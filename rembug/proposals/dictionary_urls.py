from django.urls import path

from . import dictionary_views as views

app_name = "dictionary"

urlpatterns = [
    path("", views.dictionary_list, name="list"),
    path("kamus-usulan.xlsx", views.dictionary_download, name="download"),
]
