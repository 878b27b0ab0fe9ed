"""Pages of the formal Berita Acara: the notulen, signature blocks and counts per official unsur (draft only), and
the blank attendance sheet to print. Thin views over forums/minutes.py and forums/attendance_sheet.py."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from rembug.errors import DomainError
from rembug.webforms import add_domain_error

from .attendance_sheet import attendance_sheet_pdf
from .forms import SIGNATORY_ROWS, MinutesForm
from .minutes import minutes_update
from .views import _meeting_for
from .wording import wording_of


def _initial(meeting) -> dict:
    initial = {"version": meeting.version, "notes": "\n".join(meeting.notes or [])}
    signatories = [(s.title, s.name, s.nip) for s in meeting.signatories.all()]
    if not signatories:
        signatories = [(title, "", "") for title in wording_of(meeting).signatory_titles]
    for n, (title, name, nip) in enumerate(signatories[:SIGNATORY_ROWS], 1):
        initial.update({f"sign_{n}_title": title, f"sign_{n}_name": name, f"sign_{n}_nip": nip})
    for row in meeting.official_counts.all():
        initial[f"count_{row.category}"] = row.count
    return initial


@login_required
def minutes(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit while a draft; a finalized (frozen) meeting has no such page: its Berita Acara is the record."""
    meeting = _meeting_for(request, pk, hold=True)
    if meeting.is_frozen:
        messages.error(request, _("Forum ini sudah ditetapkan; Berita Acara tidak dapat diubah."))
        return redirect("forums:detail", pk=meeting.pk)
    form = MinutesForm(request.POST or None, initial=_initial(meeting))
    if request.method == "POST" and form.is_valid():
        try:
            minutes_update(
                actor=request.user,
                meeting=meeting,
                version=form.cleaned_data["version"],
                notes=form.notes_list(),
                signatories=form.signatories(),
                official_counts=form.official_counts(),
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Notulen, penanda tangan dan jumlah menurut unsur tersimpan."))
            return redirect("forums:detail", pk=meeting.pk)
    return render(request, "forums/minutes.html", {"meeting": meeting, "form": form})


@login_required
def attendance_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    """The blank daftar hadir: no personal data in it, so anyone who may view the meeting may print it."""
    meeting = _meeting_for(request, pk)
    response = HttpResponse(attendance_sheet_pdf(meeting), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="daftar-hadir-{meeting.holder_region.code}.pdf"'
    return response
