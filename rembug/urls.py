"""Top-level URLs: the web pages, the admin and the REST API under /api/v1/."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from rembug.accounts import views as account_views
from rembug.accounts.admin_site import TwoStepAdminSite
from rembug.accounts.forms import LoginForm
from rembug.dashboard import views as dashboard_views
from rembug.regions import views as region_views

admin.site.site_header = "Rembug — administrasi"
admin.site.site_title = "Rembug"
# Users with an authenticator device need a verified session in the admin too (accounts/admin_site.py).
admin.site.__class__ = TwoStepAdminSite

urlpatterns = [
    path("", include("rembug.dashboard.urls")),
    path("usulan/", include("rembug.proposals.urls")),
    path("rembug/", include("rembug.forums.urls")),
    path("kondisi/", include("rembug.conditions.urls")),
    path("panduan/", include("rembug.guide.urls")),
    path("verifikasi/", include("rembug.verification.urls")),
    path("sipd/", include("rembug.sipd.urls")),
    path("pagu/", include("rembug.budget.urls")),
    path("jadwal/", include("rembug.cycles.urls")),
    path("pelaksanaan/", include("rembug.delivery.urls")),
    path("kotak-masuk/", include("rembug.notifications.urls")),
    path("kamus/", include("rembug.proposals.dictionary_urls")),
    path("pemeringkatan/", include("rembug.scoring.urls")),
    path("cari/", include("rembug.proposals.public_urls")),
    path("portal/", include("rembug.portal.urls")),
    path("sw.js", dashboard_views.service_worker, name="service-worker"),
    path("manifest.webmanifest", dashboard_views.manifest, name="manifest"),
    path("luring/", dashboard_views.offline, name="offline"),
    path("wilayah/<str:code>/batas.geojson", region_views.boundary, name="region-boundary"),
    path(
        "masuk/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True, authentication_form=LoginForm),
        name="login",
    ),
    path("masuk/kode/", account_views.login_code, name="login-code"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("akun/", include("rembug.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("rembug.api.urls")),
]

# Under /api/ even an unknown address or a refused request answers JSON.
handler404 = "rembug.api.errors.not_found"
handler400 = "rembug.api.errors.bad_request"
# Uploaded files have no address of their own, in any mode: each app serves its files by object id after checking
# permission (rembug.uploads.send, decision 0024).
