"""Writes of delivery: Bappeda plans an activity for an accommodated proposal; the implementing agency reports its
progress until it is done. The proposal's status follows through `proposal_transition` (its only writer), so the
proposer is told and residents read "in progress" and "done" with the date, as the domain asks.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from rembug.agencies.models import Agency
from rembug.cycles.phases import Action
from rembug.cycles.selectors import today
from rembug.cycles.services import require_stage_open
from rembug.errors import DomainError, Frozen, NotAllowed, StaleVersion
from rembug.proposals.choices import FundingSource
from rembug.proposals.lifecycle import Operation, Status
from rembug.proposals.models import Proposal
from rembug.proposals.services import proposal_event_record, proposal_transition
from rembug.uploads import clean_photo, store

from .models import Activity, ActivityStatus, ProgressReport

#: Proposals that become activities: accommodated in the RKPD, or funded by the kelurahan itself.
PLANNABLE = frozenset({Status.ACCOMMODATED, Status.FUNDED_KELURAHAN})
#: Proposal statuses on which an agency may report (before the first report, and while the work goes on).
REPORTABLE = PLANNABLE | {Status.IN_PROGRESS}


def _amount(value) -> int:
    try:
        amount = int(str(value).strip())
    except (TypeError, ValueError):
        raise DomainError(_("Pagu kegiatan harus berupa rupiah bulat."), field="budget_amount") from None
    if amount <= 0:
        raise DomainError(_("Pagu kegiatan harus lebih dari nol."), field="budget_amount")
    return amount


def _date(value, *, field: str) -> datetime.date:
    if isinstance(value, datetime.datetime) or not isinstance(value, datetime.date):
        raise DomainError(_("Isi tanggal yang benar."), field=field)
    return value


def _agency(proposal: Proposal, agency: Agency | None, current: Activity | None) -> Agency:
    if agency is None:
        agency_id = current.agency_id if current else proposal.agency_id
        if agency_id is None:
            raise DomainError(_("Usulan ini belum memiliki perangkat daerah; pilih pelaksananya."), field="agency")
        return Agency.objects.get(pk=agency_id)
    if not isinstance(agency, Agency) or agency.city_id != proposal.city_id or not agency.is_active:
        raise DomainError(_("Pilih perangkat daerah pelaksana dari kota ini."), field="agency")
    return agency


def default_funding_source(proposal: Proposal) -> str:
    """The proposal's main source; what the kelurahan funds is paid from Dana Kelurahan (Permendagri 130/2018)
    unless residents pay it themselves."""
    if proposal.status == Status.FUNDED_KELURAHAN and proposal.funding_source != FundingSource.SWADAYA:
        return FundingSource.DANA_KELURAHAN
    return proposal.funding_source


def _funding_source(proposal: Proposal, value: str | None, current: Activity | None) -> str:
    if value in (None, ""):
        return current.funding_source if current is not None else default_funding_source(proposal)
    if value not in FundingSource.values:
        raise DomainError(_("Sumber dana tidak dikenal."), field="funding_source")
    return value


@transaction.atomic
def activity_plan(
    *,
    actor,
    proposal: Proposal,
    budget_amount: int,
    starts_on: datetime.date,
    ends_on: datetime.date,
    agency: Agency | None = None,
    funding_source: str | None = None,
    version: int | None = None,
) -> Activity:
    """The activity of an accommodated (or kelurahan-funded) proposal: budget, implementing agency and schedule.

    Bappeda of the proposal's city plans it; `actor=None` is the system publishing the budget fit. One activity per
    proposal: calling again updates it, given the `version` the planner read (the system may omit it). An activity
    that is done is no longer changed.
    """
    if actor is not None and not actor.has_perm("delivery.plan_activity", proposal):
        raise NotAllowed(_("Hanya Bappeda kota ini yang dapat merencanakan kegiatan usulan ini."))
    locked = Proposal.objects.select_for_update(of=("self",)).select_related("cycle", "item").get(pk=proposal.pk)
    current = Activity.objects.select_for_update().filter(proposal=locked).first()
    if current is None and locked.status not in PLANNABLE:
        raise DomainError(
            _("Usulan %(number)s belum diakomodasi dalam RKPD atau didanai kelurahan (status: %(status)s).")
            % {"number": locked.number, "status": Status(locked.status).label}
        )
    if current is not None:
        if current.status == ActivityStatus.DONE:
            raise Frozen(
                _("Kegiatan usulan %(number)s sudah selesai; rencananya tidak dapat diubah lagi.")
                % {"number": locked.number}
            )
        if (version is None and actor is not None) or (version is not None and version != current.version):
            raise StaleVersion(
                _("Rencana kegiatan usulan %(number)s baru saja diubah. Muat ulang halaman lalu coba lagi.")
                % {"number": locked.number}
            )
    amount = _amount(budget_amount)
    starts_on, ends_on = _date(starts_on, field="starts_on"), _date(ends_on, field="ends_on")
    if ends_on < starts_on:
        raise DomainError(_("Tanggal selesai tidak boleh sebelum tanggal mulai."), field="ends_on")
    plan = {
        "agency": _agency(locked, agency, current),
        "funding_source": _funding_source(locked, funding_source, current),
        "budget_amount": amount,
        "starts_on": starts_on,
        "ends_on": ends_on,
    }
    if current is None:
        activity = Activity.objects.create(
            proposal=locked, city_id=locked.city_id, budget_year=locked.cycle.budget_year, created_by=actor, **plan
        )
        kind = "activity_planned"
    else:
        if all(getattr(current, name) == value for name, value in plan.items()):
            return current  # the same plan published again changes nothing
        for name, value in plan.items():
            setattr(current, name, value)
        current.version += 1
        current.save()
        activity, kind = current, "activity_replanned"
    proposal_event_record(
        locked,
        actor=actor,
        kind=kind,
        data={
            "activity": activity.pk,
            "agency": activity.agency.short_name,
            "budget_amount": amount,
            "funding_source": activity.funding_source,
            "starts_on": starts_on.isoformat(),
            "ends_on": ends_on.isoformat(),
        },
    )
    return activity


def _percent(value) -> int:
    try:
        percent = int(str(value).strip())
    except (TypeError, ValueError):
        raise DomainError(_("Kemajuan diisi angka 0 sampai 100."), field="percent") from None
    if not 0 <= percent <= 100:
        raise DomainError(_("Kemajuan diisi angka 0 sampai 100."), field="percent")
    return percent


@transaction.atomic
def progress_report(
    *,
    actor,
    activity: Activity,
    percent: int,
    reported_on: datetime.date,
    note: str = "",
    photo=None,
    version: int,
) -> ProgressReport:
    """Record how far the work is. The first report above 0 % starts the proposal (in progress); 100 % finishes it
    (done, with the date). Progress never goes back and is never dated in the future or before the last report.
    """
    locked = Activity.objects.select_for_update(of=("self",)).select_related("agency").get(pk=activity.pk)
    if not actor.has_perm("delivery.report_progress", locked):
        raise NotAllowed(
            _("Hanya verifikator %(agency)s yang dapat melaporkan kemajuan kegiatan ini.")
            % {"agency": locked.agency.short_name}
        )
    proposal = Proposal.objects.select_for_update(of=("self",)).select_related("cycle").get(pk=locked.proposal_id)
    if locked.status == ActivityStatus.DONE:
        raise Frozen(
            _("Kegiatan usulan %(number)s sudah selesai; laporannya sudah ditutup.") % {"number": proposal.number}
        )
    if locked.version != version:
        raise StaleVersion(_("Kegiatan ini baru saja diperbarui orang lain. Muat ulang halaman lalu coba lagi."))
    require_stage_open(proposal.cycle, Action.PROGRESS_REPORT)
    if proposal.status not in REPORTABLE:
        raise DomainError(
            _("Usulan %(number)s tidak sedang dilaksanakan (status: %(status)s).")
            % {"number": proposal.number, "status": Status(proposal.status).label}
        )
    percent = _percent(percent)
    if percent < locked.percent_done:
        raise DomainError(
            _("Kemajuan tidak boleh turun: laporan terakhir sudah %(last)s%%.") % {"last": locked.percent_done},
            field="percent",
        )
    reported_on = _date(reported_on, field="reported_on")
    if reported_on > today():
        raise DomainError(_("Tanggal laporan tidak boleh di masa depan."), field="reported_on")
    last = locked.reports.order_by("-reported_on", "-pk").first()
    if last is not None and reported_on < last.reported_on:
        raise DomainError(
            _("Tanggal laporan tidak boleh sebelum laporan terakhir (%(date)s).")
            % {"date": date_format(last.reported_on, "j F Y")},
            field="reported_on",
        )
    clean = clean_photo(photo, field="photo") if photo else None

    reported = Operation(action=Action.PROGRESS_REPORT, perm="delivery.report_progress", target=locked)
    if percent > 0 and proposal.status in PLANNABLE:
        proposal_transition(
            actor=actor,
            operation=reported,
            proposal=proposal,
            to=Status.IN_PROGRESS,
            reason=_("Mulai dikerjakan: %(percent)s%%") % {"percent": percent},
        )
    if percent == 100:
        proposal_transition(
            actor=actor,
            operation=reported,
            proposal=proposal,
            to=Status.DONE,
            reason=_("Selesai dibangun pada %(date)s") % {"date": date_format(reported_on, "j F Y")},
        )
    report = ProgressReport(
        activity=locked, reported_on=reported_on, percent=percent, note=(note or "").strip(), actor=actor
    )
    if clean is not None:
        store(report.photo, clean)
    report.save()
    locked.percent_done = percent
    if percent == 100:
        locked.status = ActivityStatus.DONE
    elif percent > 0:
        locked.status = ActivityStatus.IN_PROGRESS
    locked.version += 1
    locked.save(update_fields=["percent_done", "status", "version", "updated_at"])
    return report
