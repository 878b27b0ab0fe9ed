"""Pages of the accounts app: the second sign-in step and enrolling an authenticator app (two-step sign-in)."""

from __future__ import annotations

import django_otp
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from rembug.errors import DomainError
from rembug.webforms import add_domain_error

from . import twofactor
from .forms import CitySwitchForm, CodeForm, EnrolForm
from .scopes import CITY_SESSION_KEY, city_choices, city_choose


def _next_url(request: HttpRequest) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return wanted
    return "dashboard:dashboard"


@never_cache
@sensitive_post_parameters("otp")
@login_required
def login_code(request: HttpRequest) -> HttpResponse:
    """After the password: the code from the authenticator app, before anything else opens."""
    if request.user.is_verified() or not twofactor.has_two_factor(request.user):
        return redirect(_next_url(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = twofactor.totp_verify(user=request.user, code=form.cleaned_data["otp"])
        except DomainError as error:
            add_domain_error(form, error)
        else:
            django_otp.login(request, device)
            request.session[twofactor.SESSION_KEY] = twofactor.NOTHING_NEEDED
            return redirect(_next_url(request))
    return render(
        request,
        "registration/login_code.html",
        {"form": form, "next": request.POST.get("next") or request.GET.get("next", "")},
    )


@never_cache
@sensitive_post_parameters("code")
@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app: scan the QR code (or type the secret), then confirm with one code."""
    if not twofactor.is_two_factor_staff(request.user):
        raise PermissionDenied(_("Verifikasi dua langkah disediakan untuk staf kota dan perangkat daerah."))
    if twofactor.has_two_factor(request.user):
        return render(request, "accounts/two_factor.html", {"active": True})
    device = twofactor.totp_enrolment_start(user=request.user)
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = twofactor.totp_enrolment_confirm(user=request.user, code=form.cleaned_data["code"])
        except DomainError as error:
            add_domain_error(form, error)
        else:
            # This session has just proved it holds the device.
            django_otp.login(request, device)
            request.session[twofactor.SESSION_KEY] = twofactor.NOTHING_NEEDED
            messages.success(request, _("Verifikasi dua langkah aktif. Setiap kali masuk, Anda akan diminta kode."))
            return redirect("accounts:two-factor")
    return render(
        request,
        "accounts/two_factor.html",
        {
            "active": False,
            "form": form,
            "secret": twofactor.secret_text(device),
            "qr": twofactor.qr_data_uri(device),
            "required": request.session.get(twofactor.SESSION_KEY) == "enrol",
        },
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def city_switch(request: HttpRequest) -> HttpResponse:
    """Choose the city the pages work in (docs/decisions/0021): offered in the header to a person with roles in
    several cities, and shown by itself when a page needs a city that was not chosen yet."""
    cities = city_choices(request.user)
    initial = {"next": request.GET.get("next", ""), "city": request.session.get(CITY_SESSION_KEY)}
    form = CitySwitchForm(request.POST or None, cities=cities, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            city_choose(request, form.cleaned_data["city"])
        except DomainError as error:
            add_domain_error(form, error)
        else:
            return redirect(_next_url(request))
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/city_switch.html", {"form": form, "cities": cities}, status=status)
