"""The city's word lists (daftar istilah, issue 11 point 3): everyone signed in reads them; Bappeda and the city's
administrator add, rename (with aliases) and retire terms. Beside the dictionary pages, whose columns they fill."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from rembug.accounts.scopes import current_city
from rembug.errors import DomainError
from rembug.regions.models import Region
from rembug.vocabularies.models import Term, Vocabulary
from rembug.vocabularies.services import term_create, term_retire, term_update
from rembug.webforms import add_domain_error

PAGE_SIZE = 50


class TermForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Nama"), max_length=255)
    code = forms.CharField(
        label=gettext_lazy("Kode"),
        max_length=60,
        required=False,
        help_text=gettext_lazy("Mis. kode nomenklatur program/sub kegiatan, atau singkatan SIPD (BP, SARPRAS)."),
    )
    aliases = forms.CharField(
        label=gettext_lazy("Nama lain"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Tulisan lain yang berarti istilah ini, dipisah koma atau baris baru, mis. m2, M2."),
    )


class TermEditForm(TermForm):
    is_active = forms.BooleanField(label=gettext_lazy("Aktif (ditawarkan di formulir)"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


def _city(request: HttpRequest) -> Region:
    city = current_city(request)
    if city is None:
        raise Http404
    return city


def _vocabulary(value: str) -> Vocabulary:
    if value not in Vocabulary.values:
        raise Http404
    return Vocabulary(value)


def _may_edit(request: HttpRequest, city: Region) -> bool:
    return request.user.has_perm("vocabularies.manage_terms", Term(city=city))


@login_required
def term_lists(request: HttpRequest) -> HttpResponse:
    """The city's lists with how many active terms each has (one query)."""
    city = _city(request)
    counts = dict(
        Term.objects.filter(city=city, is_active=True)
        .values("vocabulary")
        .annotate(n=Count("pk"))
        .values_list("vocabulary", "n")
    )
    lists = [(vocabulary, counts.get(vocabulary.value, 0)) for vocabulary in Vocabulary]
    return render(request, "proposals/terms.html", {"city": city, "lists": lists})


@login_required
def term_list(request: HttpRequest, vocabulary: str) -> HttpResponse:
    city, vocabulary = _city(request), _vocabulary(vocabulary)
    query = request.GET.get("q", "").strip()[:100]
    terms = Term.objects.filter(city=city, vocabulary=vocabulary).order_by("-is_active", "name")
    if query:
        terms = terms.filter(Q(name__icontains=query) | Q(code__icontains=query) | Q(aliases__icontains=query))
    page = Paginator(terms, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "proposals/term_list.html",
        {
            "city": city,
            "vocabulary": vocabulary,
            "page": page,
            "query": query,
            "can_edit": _may_edit(request, city),
        },
    )


@login_required
def term_add(request: HttpRequest, vocabulary: str) -> HttpResponse:
    city, vocabulary = _city(request), _vocabulary(vocabulary)
    if not _may_edit(request, city):
        raise Http404
    form = TermForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            term = term_create(actor=request.user, city=city, vocabulary=vocabulary, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Istilah “%(name)s” ditambahkan.") % {"name": term.name})
            return redirect("dictionary:term-list", vocabulary=vocabulary.value)
    return render(request, "proposals/term_form.html", {"form": form, "vocabulary": vocabulary, "city": city})


def _term_to_edit(request: HttpRequest, pk: int) -> Term:
    term = get_object_or_404(Term.objects.select_related("city"), pk=pk, city=_city(request))
    if not request.user.has_perm("vocabularies.manage_terms", term):
        raise Http404
    return term


@login_required
def term_edit(request: HttpRequest, pk: int) -> HttpResponse:
    term = _term_to_edit(request, pk)
    initial = {
        "name": term.name,
        "code": term.code,
        "aliases": ", ".join(term.aliases or ()),
        "is_active": term.is_active,
        "version": term.version,
    }
    form = TermEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            term_update(actor=request.user, term=term, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Istilah “%(name)s” tersimpan.") % {"name": form.cleaned_data["name"]})
            return redirect("dictionary:term-list", vocabulary=term.vocabulary)
    vocabulary = Vocabulary(term.vocabulary)
    return render(
        request, "proposals/term_form.html", {"form": form, "term": term, "vocabulary": vocabulary, "city": term.city}
    )


@login_required
@require_POST
def term_retire_view(request: HttpRequest, pk: int) -> HttpResponse:
    term = _term_to_edit(request, pk)
    try:
        term_retire(actor=request.user, term=term, version=int(request.POST.get("version") or 0))
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("Istilah “%(name)s” tidak ditawarkan lagi; data yang memakainya tetap.") % {"name": term.name}
        )
    return redirect("dictionary:term-list", vocabulary=term.vocabulary)
