from django.urls import path

from . import dictionary_views as views
from . import term_views

app_name = "dictionary"

urlpatterns = [
    path("", views.dictionary_list, name="list"),
    path("kamus-usulan.xlsx", views.dictionary_download, name="download"),
    # The city's word lists the dictionary's columns use (issue 11, point 3).
    path("istilah/", term_views.term_lists, name="terms"),
    path("istilah/<str:vocabulary>/", term_views.term_list, name="term-list"),
    path("istilah/<str:vocabulary>/tambah/", term_views.term_add, name="term-add"),
    path("istilah/ubah/<int:pk>/", term_views.term_edit, name="term-edit"),
    path("istilah/hentikan/<int:pk>/", term_views.term_retire_view, name="term-retire"),
]
