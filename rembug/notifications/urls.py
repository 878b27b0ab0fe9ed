from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("dibaca-semua/", views.notifications_read_all, name="read_all"),
    path("<int:pk>/buka/", views.notification_open, name="open"),
    path("<int:pk>/dibaca/", views.notification_read, name="read"),
]
