from django.urls import path

from . import views

app_name = "proposals"

urlpatterns = [
    path("", views.proposal_list, name="list"),
    path("baru/", views.proposal_create_pick, name="create_pick"),
    path("baru/<str:proposer_key>/", views.proposal_create_view, name="create"),
    path("lampiran/<int:pk>/", views.attachment_file, name="attachment_file"),
    path("<str:number>/", views.proposal_detail, name="detail"),
    path("<str:number>/ubah/", views.proposal_edit, name="edit"),
    path("<str:number>/lampiran/", views.attachment_upload, name="attachments"),
    path("<str:number>/foto/", views.photo_upload, name="photo_upload"),
    path("<str:number>/usulkan-kembali/", views.carry_over, name="carry_over"),
]
