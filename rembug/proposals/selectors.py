"""Reads of proposals: what a person may see, as one SQL filter, and the proposal dictionary of a city.

`proposals_visible_to(user)` is the queryset twin of the rule `proposals.view_proposal` (rules.py): it is built
from the person's role assignments (already loaded once per request), never by checking rows one by one.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from rembug.accounts.roles import CITY_PLANNERS, KECAMATAN_STAFF, KELURAHAN_STAFF, Role
from rembug.accounts.scopes import assignments_of
from rembug.cycles.selectors import today
from rembug.regions.models import CITY_LEVELS, VILLAGE_LEVELS, Region

from .lifecycle import Status
from .models import Attachment, AttachmentKind, DictionaryItem, Proposal, ProposalEvent

#: Roles that follow everything proposed inside their region (rules.is_region_staff_of).
REGION_STAFF = (*KELURAHAN_STAFF, Role.LPMK, *KECAMATAN_STAFF, *CITY_PLANNERS)
#: A filter that matches nothing (Django answers it without asking the database).
NOTHING = Q(pk__in=[])
#: At most this many words of a search are matched, so a pasted paragraph cannot build a huge query.
MAX_SEARCH_WORDS = 8


def _inside(region: Region, prefix: str) -> Q:
    """Records whose proposer or holder (`prefix`) lies in `region`, using the stored kelurahan/city where the level
    allows."""
    if region.level in CITY_LEVELS:
        return Q(city_id=region.pk)
    if region.level in VILLAGE_LEVELS:
        return Q(kelurahan_id=region.pk)
    return Q(**{f"{prefix}_region_id": region.pk}) | Q(**{f"{prefix}_region__code__startswith": f"{region.code}."})


def scope_filter(user, prefix: str) -> Q:
    """Filter over the fields proposals (`prefix` "proposer") and meetings ("holder") share: `<prefix>_region`,
    `<prefix>_group`, kelurahan, city; matching `chairs_proposer | chairs_rw_above | is_region_staff_of`; a superuser
    sees everything."""
    if user is None or not user.is_authenticated or not user.is_active:
        return NOTHING
    if user.is_superuser:
        return Q()
    scope = NOTHING
    for assignment in assignments_of(user):
        if assignment.role == Role.KETUA_RT:
            scope |= Q(**{f"{prefix}_region_id": assignment.region_id, f"{prefix}_group__isnull": True})
        elif assignment.role == Role.KETUA_POKMAS and assignment.group_id:
            scope |= Q(**{f"{prefix}_group_id": assignment.group_id})
        elif assignment.role == Role.KETUA_RW or assignment.role in REGION_STAFF:
            scope |= _inside(assignment.region, prefix)
    return scope


def responsible_agency_filter(agency_ids: Iterable[int]) -> Q:
    """Proposals whose agency responsible now is one of `agency_ids`: the filter twin of `Proposal.agency_id`."""
    ids = list(agency_ids)
    return (
        Q(final_agency_id__in=ids)
        | Q(final_agency__isnull=True, routed_agency_id__in=ids)
        | Q(final_agency__isnull=True, routed_agency__isnull=True, item__agency_id__in=ids)
    )


def responsible_agency_id() -> Coalesce:
    """The id of the agency responsible now, as an annotation (same rule as `Proposal.agency_id`)."""
    return Coalesce("final_agency_id", "routed_agency_id", "item__agency_id")


def proposals_visible_to(user) -> QuerySet[Proposal]:
    """The proposals `user` may view: their proposer's, their region's, and those routed to the agency they verify."""
    scope = scope_filter(user, "proposer")
    verified = [
        (a.agency_id, a.city_id) for a in assignments_of(user) if a.role == Role.VERIFIKATOR_OPD and a.agency_id
    ]
    for agency_id, city_id in verified:
        scope |= Q(city_id=city_id) & responsible_agency_filter([agency_id])
    return Proposal.objects.filter(scope)


def proposal_list(
    user, *, year: int | None = None, proposer: str = "", kelurahan: str = "", status: str = "", q: str = ""
) -> QuerySet[Proposal]:
    """Visible proposals filtered as a list page asks, with what a row shows joined in (one query per page)."""
    queryset = proposals_visible_to(user).select_related(
        "cycle", "proposer_region", "proposer_group", "proposer_kind", "kelurahan", "item", "item__agency"
    )
    if year:
        queryset = queryset.filter(cycle__year=year)
    if proposer:
        queryset = queryset.filter(proposer_region__code=proposer)
    if kelurahan:
        queryset = queryset.filter(kelurahan__code=kelurahan)
    if status:
        queryset = queryset.filter(status=status)
    if q.strip():
        words = Q()
        for word in q.split()[:MAX_SEARCH_WORDS]:
            words &= Q(title__icontains=word)
        queryset = queryset.filter(Q(number__icontains=q.strip()) | words)
    return queryset.order_by("number")


def with_details(queryset: QuerySet[Proposal]) -> QuerySet[Proposal]:
    """Everything a proposal's page shows: funding, attachments and history with its actors, in fixed queries."""
    return queryset.select_related(
        "cycle", "proposer_region", "proposer_group", "proposer_kind", "kelurahan", "item", "item__agency", "previous"
    ).prefetch_related(
        "funding", "attachments", Prefetch("events", queryset=ProposalEvent.objects.select_related("actor"))
    )


def proposal_detail(user, number: str) -> Proposal | None:
    """The proposal with this number if `user` may view it (None otherwise: it does not exist for them)."""
    return with_details(proposals_visible_to(user)).filter(number=number).first()


def dictionary_active(*, city: str, year: int | None = None, q: str = "") -> QuerySet[DictionaryItem]:
    """The dictionary items of a city valid in `year` (without a year: those not ended before this year)."""
    queryset = DictionaryItem.objects.filter(city__code=city).select_related("agency")
    if year is not None:
        queryset = queryset.filter(active_from__lte=year)
    else:
        year = today().year
    queryset = queryset.filter(Q(active_until__isnull=True) | Q(active_until__gte=year))
    if q.strip():
        words = Q()
        for word in q.split()[:MAX_SEARCH_WORDS]:
            words &= Q(name__icontains=word)
        queryset = queryset.filter(Q(code__iexact=q.strip()) | words)
    return queryset.order_by("field", "category", "name", "code")


def first_photos(proposal_ids: list[int]) -> dict[int, Attachment]:
    """The first photo of each proposal, for a list's thumbnails (one query for the whole page)."""
    photos: dict[int, Attachment] = {}
    for photo in Attachment.objects.filter(proposal_id__in=proposal_ids, kind=AttachmentKind.PHOTO).order_by(
        "proposal_id", "uploaded_at", "pk"
    ):
        photos.setdefault(photo.proposal_id, photo)
    return photos


#: Statuses in which a proposal's year is settled for it: a fate given (or it left the list: withdrawn, merged).
SETTLED = frozenset(
    {
        Status.ACCOMMODATED,
        Status.NOT_ACCOMMODATED,
        Status.OUTSIDE_QUOTA,
        Status.WITHDRAWN,
        Status.MERGED,
        Status.FUNDED_KELURAHAN,
        Status.IN_PROGRESS,
        Status.DONE,
    }
)
#: Settled statuses that leave the proposer out: residents must read why (the reason of the move).
NEEDS_REASON = (Status.NOT_ACCOMMODATED, Status.OUTSIDE_QUOTA)


def unsettled_in(cycle) -> QuerySet[Proposal]:
    """Proposals of the year without a final status, or left out without a reason (issue 12, point 4).

    After a year closes none may remain: `budget`'s check page and `manage.py check_year` list these. A left-out
    proposal has a reason when the transition that left it out says one.
    """
    reasoned = ProposalEvent.objects.filter(
        proposal=OuterRef("pk"), kind__in=("transition", "imported"), to_status=OuterRef("status")
    ).exclude(reason="")
    return (
        Proposal.objects.filter(cycle=cycle)
        .alias(reasoned=Subquery(reasoned.values("pk")[:1]))
        .filter(~Q(status__in=SETTLED) | Q(status__in=NEEDS_REASON, reasoned__isnull=True))
        .select_related("kelurahan", "item__agency", "routed_agency", "final_agency")
        .order_by("status", "number")
    )
