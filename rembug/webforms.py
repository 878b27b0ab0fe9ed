"""Edges between services and Django forms: a DomainError becomes a message on the field it names, and a page
whose form was refused says so in its title (`{% load webforms %}`, registered in settings)."""

from __future__ import annotations

from django import forms, template
from django.contrib import messages as django_messages
from django.forms.formsets import BaseFormSet
from django.http import HttpRequest
from django.utils.translation import gettext as _

from rembug.errors import DomainError

register = template.Library()


def add_domain_error(form: forms.Form, error: DomainError) -> None:
    """Show the service's message beside its field when the form has that field, else above the form."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several photos at once from a phone's gallery; each is checked by the attachment service."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,.pdf"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


#: Hidden fields the form templates put first and last inside a multipart form (`includes/form_ends.html`): the
#: browser sends fields in page order, so a body cut off during a photo lacks the last one.
FORM_START = "form_start"
FORM_END = "form_end"


def body_was_cut(request: HttpRequest) -> bool:
    """True when a form that marks its ends arrived without its end: the connection dropped mid-upload, and
    whatever fields did arrive must not be saved as if they were all (issue 13, point 1)."""
    return request.method == "POST" and FORM_START in request.POST and FORM_END not in request.POST


def wants_json(request: HttpRequest) -> bool:
    """The page's own script sent the form (header X-Rembug-Async) and reads a JSON answer instead of a page."""
    return request.headers.get("X-Rembug-Async") == "1"


def form_errors_json(form: forms.Form) -> dict:
    """A form's errors for the page's script: `{"ok": false, "errors": {field or "__all__": [messages]}}`."""
    return {"ok": False, "errors": {name: [str(m) for m in messages] for name, messages in form.errors.items()}}


def _refused(value) -> bool:
    if isinstance(value, forms.BaseForm):
        return value.is_bound and bool(value.errors)
    if isinstance(value, BaseFormSet):
        return value.is_bound and value.total_error_count() > 0
    return False


@register.simple_tag(takes_context=True)
def error_title_prefix(context) -> str:
    """ "Kesalahan: " before the page title when a submitted form on the page was refused, or an error message came
    back from a redirect: the title is the first thing a screen reader says on the new page (WCAG 3.3.1)."""
    values = context.flatten().values()
    stored = context.get("messages")
    refused = any(_refused(v) for v in values) or any(
        m.level == django_messages.ERROR for m in (stored if stored is not None else ())
    )
    return _("Kesalahan: ") if refused else ""
