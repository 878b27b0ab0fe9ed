"""Tamper evidence: every finalized Berita Acara is sealed into its city's hash chain; altering one is named."""

import io

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from rembug.forums.decisions import meeting_finalize, meeting_revise
from rembug.forums.models import Meeting, MeetingItem
from rembug.forums.records import GENESIS, record_content, record_digest, records_verify
from tests.forums.test_rembug import RT001, held

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain(person, cycle, region, malang):
    """Two sealed records of Kota Malang: a Rembug and its finalized correction."""
    from tests.forums.test_rembug import proposals as make_proposals

    chair = person("ketua_rt", RT001)
    make_proposals.__wrapped__(chair, region, cycle, malang)
    first = held(chair, cycle, region)
    first = meeting_finalize(actor=chair, meeting=first, version=first.version)
    revision = meeting_revise(actor=chair, meeting=first, reason="Salah tulis tempat")
    second = meeting_finalize(actor=chair, meeting=revision, version=revision.version)
    return Meeting.objects.get(pk=first.pk), Meeting.objects.get(pk=second.pk)


def _verify(**kwargs) -> str:
    """Run the command; return its complaint, or "" when the chain is intact."""
    try:
        call_command("verify_records", stdout=io.StringIO(), stderr=(err := io.StringIO()), **kwargs)
    except CommandError:
        return err.getvalue()
    return ""


def test_finalized_records_form_one_chain_per_city(chain):
    first, second = chain
    assert (first.chain_seq, second.chain_seq) == (1, 2)
    assert first.previous_hash == GENESIS and second.previous_hash == first.record_hash
    assert first.record_hash == record_digest(GENESIS, record_content(first))
    assert len({first.record_hash, second.record_hash}) == 2


def test_the_berita_acara_prints_its_record_code(chain):
    _, second = chain
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(second.minutes_pdf.read())).pages)
    assert second.record_hash in text.replace("\n", "")


def test_an_intact_chain_verifies(chain):
    assert records_verify() == []
    assert _verify(kota="35.73") == ""


def test_a_field_changed_in_the_database_names_that_record(chain):
    first, second = chain
    Meeting.objects.filter(pk=first.pk).update(place="Balai yang lain")
    complaint = _verify()
    assert f"rapat id {first.pk}" in complaint and "isi rekaman berubah" in complaint
    assert f"rapat id {second.pk}" not in complaint


def test_a_reordered_list_names_that_record(chain):
    _, second = chain
    item = MeetingItem.objects.filter(meeting=second).order_by("rank").first()
    MeetingItem.objects.filter(pk=item.pk).update(rank=99)
    assert f"rapat id {second.pk}" in _verify()


def test_a_removed_record_breaks_the_chain_at_the_next_one(chain):
    first, second = chain
    MeetingItem.objects.filter(meeting=first).delete()
    Meeting.objects.filter(revision_of=first).update(revision_of=None)
    first.attendees.all().delete()
    Meeting.objects.filter(pk=first.pk).delete()
    complaint = _verify()
    assert f"rapat id {second.pk}" in complaint and "hilang" in complaint


def test_a_replaced_pdf_is_named(chain):
    first, _ = chain
    with first.minutes_pdf.open("wb") as handle:
        handle.write(b"%PDF-1.4 palsu")
    complaint = _verify()
    assert f"rapat id {first.pk}" in complaint and "berkas Berita Acara berubah" in complaint
    assert _verify(tanpa_berkas=True) == ""


def test_an_unknown_city_is_refused():
    with pytest.raises(CommandError, match="tidak dikenal"):
        call_command("verify_records", kota="99.99")


def test_the_public_forum_page_shows_the_record_code(client, chain):
    _, second = chain
    page = client.get(f"/portal/forum/{second.pk}/")
    assert page.status_code == 200 and second.record_hash in page.text
