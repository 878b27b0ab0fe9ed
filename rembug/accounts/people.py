"""The people page (issue 12, point 5): staff give and end roles inside their own region, in the app.

Kelurahan staff appoint the RT/RW/Pokmas chairs and the LPMK of their kelurahan, kecamatan staff the kelurahan
staff, Bappeda and the city administrator anyone in the city (rules.ASSIGNABLE_BY). The services (role_assign,
role_revoke, user_create) decide; this module holds the reads and the form the page needs.
"""

from __future__ import annotations

import secrets

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from rembug.agencies.models import Agency
from rembug.regions.models import CommunityGroup, Region

from .models import RoleAssignment, User
from .roles import ROLE_SPECS, Role
from .rules import ASSIGNABLE_BY
from .scopes import assignments_of

#: Regions offered in a list rather than typed as a code (a kelurahan's RT and RW fit; a city's 4,300 RT do not).
REGION_CHOICES_MAX = 600


def appointing_regions(user) -> list[Region]:
    """The regions inside which the user gives roles (their assignments that may appoint anyone)."""
    return [a.region for a in assignments_of(user) if a.role in ASSIGNABLE_BY]


def assignable_roles(user) -> list[str]:
    roles: list[str] = []
    for a in assignments_of(user):
        roles += [r for r in ASSIGNABLE_BY.get(a.role, ()) if r not in roles]
    return roles


def _inside(regions: list[Region]) -> Q:
    where = Q(pk__in=[])
    for region in regions:
        where |= Q(region__code=region.code) | Q(region__code__startswith=f"{region.code}.")
    return where


def people_of(user, *, query: str = "") -> QuerySet[RoleAssignment]:
    """Active roles inside the regions where the user appoints, newest first, searchable by name."""
    regions = appointing_regions(user)
    if not regions:
        return RoleAssignment.objects.none()
    rows = RoleAssignment.objects.filter(_inside(regions), is_active=True).select_related(
        "user", "region", "region__parent", "agency", "group"
    )
    words = query.split()[:4]
    for word in words:
        rows = rows.filter(
            Q(user__username__icontains=word) | Q(user__full_name__icontains=word) | Q(region__name__icontains=word)
        )
    return rows.order_by("-created_at", "-pk")


def temporary_password() -> str:
    """A first password to hand over on paper; the person changes it after signing in."""
    return secrets.token_urlsafe(9)


class RoleForm(forms.Form):
    username = forms.CharField(label=_("Nama pengguna"), max_length=150)
    full_name = forms.CharField(
        label=_("Nama lengkap (untuk akun baru)"),
        max_length=150,
        required=False,
        help_text=_("Jika nama pengguna belum ada, akun baru dibuat dengan sandi sementara yang ditampilkan sekali."),
    )
    role = forms.ChoiceField(label=_("Peran"))
    region = forms.CharField(label=_("Wilayah (kode)"), max_length=40)
    agency = forms.ModelChoiceField(label=_("Perangkat daerah"), queryset=Agency.objects.none(), required=False)
    group = forms.ModelChoiceField(label=_("Kelompok"), queryset=CommunityGroup.objects.none(), required=False)

    def __init__(self, *args, actor, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.fields["role"].choices = [(r, Role(r).label) for r in assignable_roles(actor)]
        regions = appointing_regions(actor)
        cities = {r.city_id for r in regions}
        self.fields["agency"].queryset = Agency.objects.filter(city_id__in=cities, is_active=True).order_by(
            "short_name"
        )
        self.fields["group"].queryset = (
            CommunityGroup.objects.filter(_inside(regions), is_active=True).select_related("region").order_by("name")
        )
        inside = Region.objects.none()
        for region in regions:
            inside = inside | Region.objects.within(region)
        if inside.count() <= REGION_CHOICES_MAX:
            choices = [(r.code, f"{r.label} ({r.code})") for r in inside.select_related("parent").order_by("code")]
            self.fields["region"] = forms.ChoiceField(label=_("Wilayah"), choices=choices)
        else:
            self.fields["region"].help_text = _("Kode Kemendagri, mis. 35.73.05.1011 untuk kelurahan, …1011.03 RW 03.")

    def clean_region(self) -> Region:
        code = self.cleaned_data["region"].strip()
        region = Region.objects.select_related("parent").filter(code=code).first()
        if region is None:
            raise forms.ValidationError(_("Wilayah dengan kode %(code)s tidak ditemukan.") % {"code": code})
        return region

    def clean(self):
        data = super().clean()
        role = data.get("role")
        if role and ROLE_SPECS[Role(role)].needs_agency and not data.get("agency"):
            self.add_error("agency", _("Peran ini memerlukan perangkat daerah."))
        if role and ROLE_SPECS[Role(role)].needs_group and not data.get("group"):
            self.add_error("group", _("Peran ini memerlukan kelompok."))
        username = data.get("username", "")
        if username and not User.objects.filter(username__iexact=username).exists() and not data.get("full_name"):
            self.add_error("full_name", _("Akun %(name)s belum ada: isi nama lengkapnya.") % {"name": username})
        return data
