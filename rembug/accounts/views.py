"""Pages of the accounts app: the second sign-in step and enrolling an authenticator app (two-step sign-in)."""

from __future__ import annotations

import django_otp
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from rembug.errors import DomainError
from rembug.webforms import add_domain_error

from . import people as people_module
from . import twofactor
from .forms import CitySwitchForm, CodeForm, EnrolForm
from .models import User
from .roles import ROLE_SPECS, Role
from .scopes import CITY_SESSION_KEY, city_choices, city_choose
from .services import role_assign, role_revoke, user_create


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


PEOPLE_PAGE = 50


@login_required
def people(request: HttpRequest) -> HttpResponse:
    """Roles inside the staff member's region, and the form to give one (issue 12, point 5)."""
    if not people_module.appointing_regions(request.user):
        raise Http404
    form = people_module.RoleForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        password = ""
        try:
            with transaction.atomic():
                user = User.objects.filter(username__iexact=data["username"]).first()
                if user is None:
                    password = people_module.temporary_password()
                    user = user_create(username=data["username"], password=password, full_name=data["full_name"])
                role_assign(
                    actor=request.user,
                    user=user,
                    role=data["role"],
                    region=data["region"],
                    agency=data["agency"] if ROLE_SPECS[Role(data["role"])].needs_agency else None,
                    group=data["group"] if ROLE_SPECS[Role(data["role"])].needs_group else None,
                )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            done = _("%(user)s kini %(role)s di %(region)s.") % {
                "user": user.display_name,
                "role": Role(data["role"]).label,
                "region": data["region"].label,
            }
            if password:
                done += " " + _(
                    "Akun baru dibuat. Sandi sementara: %(password)s — serahkan langsung, lalu minta diganti."
                ) % {"password": password}
            messages.success(request, done)
            return redirect("accounts:people")
    query = request.GET.get("q", "")[:100]
    page = Paginator(people_module.people_of(request.user, query=query), PEOPLE_PAGE).get_page(request.GET.get("page"))
    return render(request, "accounts/people.html", {"form": form, "page": page, "query": query})


@login_required
@require_POST
def people_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = people_module.people_of(request.user).filter(pk=pk).first()
    if assignment is None:
        raise Http404
    try:
        role_revoke(actor=request.user, assignment=assignment)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Peran %(role)s %(user)s di %(region)s diakhiri.")
            % {
                "role": assignment.get_role_display(),
                "user": assignment.user.display_name,
                "region": assignment.region.label,
            },
        )
    return redirect("accounts:people")
