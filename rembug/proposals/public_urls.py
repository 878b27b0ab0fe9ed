from django.urls import path

from . import public

app_name = "public"

urlpatterns = [
    path("", public.search, name="search"),
    path("<str:number>/", public.proposal, name="proposal"),
]
