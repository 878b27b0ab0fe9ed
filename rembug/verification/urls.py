from django.urls import path

from . import views

app_name = "verification"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("<str:number>/", views.review, name="review"),
    path("<str:number>/terima/", views.accept, name="accept"),
    path("<str:number>/tolak/", views.reject, name="reject"),
    path("<str:number>/alihkan/", views.reroute, name="reroute"),
]
