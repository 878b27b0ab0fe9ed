"""Edges between services and Django forms: a DomainError becomes a message on the field it names."""

from __future__ import annotations

from django import forms

from rembug.errors import DomainError


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
