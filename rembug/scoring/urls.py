from django.urls import path

from . import views

app_name = "scoring"

urlpatterns = [
    path("kriteria/", views.criteria, name="criteria"),
    path("forum/<int:pk>/", views.meeting_ranking, name="meeting"),
    path("forum/<int:pk>/nilai/", views.scores, name="scores"),
    path("forum/<int:pk>/saran/", views.suggest, name="suggest"),
    path("forum/<int:pk>/saran/pakai/", views.apply_suggestion, name="apply"),
    path("forum/<int:pk>/suara/", views.vote_open, name="vote_open"),
    path("forum/<int:pk>/suara/<int:vote_id>/", views.ballot, name="ballot"),
    path("forum/<int:pk>/suara/<int:vote_id>/tutup/", views.vote_close, name="vote_close"),
]
