"""Nothing opens between the password and the code: a signed-in session that still owes its second step is sent
to the code page (or, when the city requires two steps for staff, to enrolment), whatever it asks for.

One gate for every page, the admin and the session-authenticated API, rather than a check in each view.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from rembug.errors import CityNotChosen

from . import twofactor


class SecondStepMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or user.is_verified():
            return self.get_response(request)
        state = request.session.get(twofactor.SESSION_KEY)
        if state is None:  # a session from before this gate existed
            state = twofactor.remember_state(request, user)
        if state == twofactor.NOTHING_NEEDED or self._always_open(request, state):
            return self.get_response(request)
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": _("Selesaikan verifikasi dua langkah di situs web dulu.")}, status=403)
        target = "login-code" if state == twofactor.NEEDS_CODE else "accounts:two-factor"
        return redirect_to_login(request.get_full_path(), login_url=reverse(target))

    @staticmethod
    def _always_open(request: HttpRequest, state: str) -> bool:
        """The pages that finish (or abandon) the second step, and the static files they use."""
        path = request.path
        open_paths = {reverse("login-code"), reverse("logout"), reverse("set_language")}
        if state == twofactor.NEEDS_ENROLMENT:
            open_paths.add(reverse("accounts:two-factor"))
        return path in open_paths or path.startswith(settings.STATIC_URL)


class CityChoiceMiddleware:
    """A page that needs "the" city of a person with roles in several cities, before they chose one, sends them
    to the city switch and back (docs/decisions/0021). The API answers 400 itself (api/errors.py)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, CityNotChosen):
            return None
        return redirect_to_login(
            request.get_full_path(), login_url=reverse("accounts:city-switch"), redirect_field_name="next"
        )
