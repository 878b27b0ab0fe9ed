"""Pages where kelurahan staff keep their RW, RT, Pokmas and lembaga (issue 11 point 6): thin views over
regions/keeping.py. The rule is checked on the record itself; a record the person may not keep is not found (404)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rembug.errors import DomainError
from rembug.regions import keeping
from rembug.regions.models import VILLAGE_LEVELS, CommunityGroup, Level, Region
from rembug.regions.selectors import kelurahan_groups, kelurahan_tree
from rembug.webforms import add_domain_error

from .forms import ActiveForm, GroupAddForm, GroupEditForm, RegionAddForm, RegionEditForm


def _region(request: HttpRequest, code: str, perm: str, levels) -> Region:
    region = Region.objects.select_related("parent").filter(code=code, level__in=levels).first()
    if region is None or not request.user.has_perm(perm, region):
        raise Http404
    return region


def _group(request: HttpRequest, pk: int) -> CommunityGroup:
    group = CommunityGroup.objects.select_related("region").filter(pk=pk).first()
    if group is None or not request.user.has_perm("regions.change_communitygroup", group):
        raise Http404
    return group


def _back(region: Region):
    return redirect("accounts:regions", code=(region.village() or region).code)


@login_required
def regions_page(request: HttpRequest, code: str) -> HttpResponse:
    """The kelurahan's RW with their RT, and its Pokmas and lembaga, with forms to add, rename and retire."""
    kelurahan = _region(request, code, "regions.add_region", VILLAGE_LEVELS)
    return render(
        request,
        "accounts/regions.html",
        {
            "kelurahan": kelurahan,
            "tree": kelurahan_tree(kelurahan),
            "groups": kelurahan_groups(kelurahan),
            "add_form": RegionAddForm(),
            "group_form": GroupAddForm(kinds=keeping.group_kind_choices(kelurahan.city_id)),
        },
    )


@login_required
@require_POST
def region_add(request: HttpRequest, code: str) -> HttpResponse:
    parent = _region(request, code, "regions.add_region", (*VILLAGE_LEVELS, Level.RW))
    form = RegionAddForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Isi nomor RW/RT dengan angka 1 atau lebih."))
        return _back(parent)
    try:
        added = keeping.region_add(actor=request.user, parent=parent, **form.cleaned_data)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(region)s ditambahkan di %(parent)s.") % {"region": added, "parent": parent})
    return _back(parent)


@login_required
def region_edit(request: HttpRequest, code: str) -> HttpResponse:
    region = _region(request, code, "regions.change_region", (Level.RW, Level.RT))
    initial = {"name": region.name, "number": region.number, "version": region.version}
    form = RegionEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            keeping.region_update(actor=request.user, region=region, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Perubahan wilayah tersimpan."))
            return _back(region)
    return render(request, "accounts/region_edit.html", {"region": region, "form": form})


@login_required
@require_POST
def region_status(request: HttpRequest, code: str) -> HttpResponse:
    region = _region(request, code, "regions.change_region", (Level.RW, Level.RT))
    form = ActiveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Muat ulang halaman lalu coba lagi."))
        return _back(region)
    try:
        changed = keeping.region_set_active(actor=request.user, region=region, **form.cleaned_data)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        done = _("%(region)s aktif kembali.") if changed.is_active else _("%(region)s dinonaktifkan.")
        messages.success(request, done % {"region": changed.label})
    return _back(region)


@login_required
@require_POST
def group_add(request: HttpRequest, code: str) -> HttpResponse:
    region = _region(request, code, "regions.add_communitygroup", (*VILLAGE_LEVELS, Level.RW))
    form = GroupAddForm(request.POST, kinds=keeping.group_kind_choices(region.city_id))
    if not form.is_valid():
        messages.error(request, _("Pilih jenis dan isi nama kelompok."))
        return _back(region)
    try:
        group = keeping.group_add(actor=request.user, region=region, **form.cleaned_data)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(group)s didaftarkan.") % {"group": group})
    return _back(region)


@login_required
def group_edit(request: HttpRequest, pk: int) -> HttpResponse:
    group = _group(request, pk)
    initial = {"name": group.name, "focus": group.focus, "version": group.version}
    form = GroupEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            keeping.group_update(actor=request.user, group=group, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Perubahan kelompok tersimpan."))
            return _back(group.region)
    return render(request, "accounts/group_edit.html", {"group": group, "form": form})


@login_required
@require_POST
def group_status(request: HttpRequest, pk: int) -> HttpResponse:
    group = _group(request, pk)
    form = ActiveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Muat ulang halaman lalu coba lagi."))
        return _back(group.region)
    try:
        changed = keeping.group_set_active(actor=request.user, group=group, **form.cleaned_data)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        done = _("%(group)s aktif kembali.") if changed.is_active else _("%(group)s dinonaktifkan.")
        messages.success(request, done % {"group": changed})
    return _back(group.region)
