# ruff: noqa: F811 — pytest fixtures imported from the Rembug and upper-forum tests
"""The formal Berita Acara (issue 11, point 7): number, the opening spelled out, the clauses KESATU…, participants
by official unsur beside the social groups, the Lokasi column, usulan cadangan, notulen, signature blocks (the
Camat with NIP) and the closing — at every level, worded by the city without code; and the blank attendance sheet.
"""

import datetime
import io
import json

import pytest
from pypdf import PdfReader

from rembug.errors import DomainError, Frozen
from rembug.forums.berita_acara import date_in_words
from rembug.forums.decisions import item_decide, meeting_finalize, meeting_revise
from rembug.forums.minutes import minutes_update
from rembug.forums.models import Meeting, MinutesWording, OfficialCount, Signatory
from rembug.forums.records import record_content, records_verify
from rembug.forums.services import attendee_add, meeting_open, meeting_update
from tests.forums.test_rembug import RT001, held, proposals  # noqa: F401 — fixtures reused
from tests.forums.test_rembug import chair as rt_chair  # noqa: F401
from tests.forums.test_upper_forums import KEC, KEL, agreed, all_open  # noqa: F401
from tests.forums.test_upper_forums import held as held_upper
from tests.test_history import admin_form_data

pytestmark = pytest.mark.django_db
JSON = "application/json"
CAMAT_NIP = "197001012000031001"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def chair(rt_chair):
    return rt_chair


def text_of(data: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())


def minutes_text(meeting: Meeting) -> str:
    meeting.minutes_pdf.open("rb")
    try:
        return text_of(meeting.minutes_pdf.read())
    finally:
        meeting.minutes_pdf.close()


def in_words(day: datetime.date) -> str:
    return date_in_words(day)


def test_the_date_is_spelled_out_in_indonesian_words():
    assert date_in_words(datetime.date(2026, 1, 12)) == (
        "hari ini Senin, tanggal dua belas bulan Januari tahun dua ribu dua puluh enam"
    )
    assert date_in_words(datetime.date(2027, 8, 1)).startswith("hari ini Minggu, tanggal satu bulan Agustus")


def _formal_rembug(chair, cycle, region):
    cycle.priority_quota = 2
    cycle.save()
    meeting = held(chair, cycle, region)
    attendee_add(
        actor=chair, meeting=meeting, name="Bu Lurah", gender="P", age_group="dewasa", category="perangkat_kelurahan"
    )
    meeting.refresh_from_db()
    meeting = meeting_update(actor=chair, meeting=meeting, version=meeting.version, starts_at=datetime.time(9, 0))
    return minutes_update(
        actor=chair,
        meeting=meeting,
        version=meeting.version,
        notes=["Warga minta paving didahulukan", "Saluran sering meluap saat hujan"],
        signatories=[
            {"title": "Ketua RT 001", "name": "Bu Siti Aminah"},
            {"title": "Perwakilan peserta", "name": "Pak Darmo"},
        ],
        official_counts={"dprd": 2, "lpmk_bkm": 1},
    )


def test_a_finalized_rembug_berita_acara_has_the_formal_clauses_counts_and_signatories(
    chair,
    cycle,
    region,
    proposals,
):
    meeting = _formal_rembug(chair, cycle, region)
    meeting = meeting_finalize(actor=chair, meeting=meeting, version=meeting.version)
    assert meeting.number == f"1/BA/{RT001}/{cycle.year}"
    text = minutes_text(meeting)
    assert "PEMERINTAH KOTA MALANG" in text and "KELURAHAN LOWOKWARU" in text  # the letterhead
    assert f"BERITA ACARA REMBUG RT Nomor: 1/BA/{RT001}/{cycle.year}" in text
    assert f"Pada {in_words(meeting.held_on)}, pukul 09.00 WIB, bertempat di Balai RW 03" in text
    assert "Bahwa dalam rangka penyusunan Rencana Kerja Pemerintah Daerah" in text  # considerations
    assert "KESATU : Menyepakati 2 usulan prioritas RT 001" in text
    assert "KEDUA : Menyepakati 1 usulan di luar kuota sebagai usulan cadangan" in text and "KETIGA" in text
    # Official unsur (named attendees by their category + counts without names) beside the social groups.
    assert "Anggota DPRD 2" in text and "LPMK/BKM 1" in text and "Perangkat kelurahan/desa 1" in text
    assert "Warga/lainnya 3" in text and "Difabel 2" in text and "Jumlah menurut unsur 7" in text
    # The list has its Lokasi column; the one past the quota is in the cadangan table.
    assert "Lokasi (RT/RW)" in text and "RT 001/RW 03" in text
    reserve = text.split("Usulan cadangan (di luar kuota)")[1]
    assert "Paving gang Mawar" in reserve and "Paving gang Mawar" not in text.split("Usulan cadangan")[0]
    assert "1. Warga minta paving didahulukan" in text and "2. Saluran sering meluap saat hujan" in text
    assert "Demikian berita acara ini dibuat dengan sebenarnya" in text
    assert "Ketua RT 001" in text and "Bu Siti Aminah" in text and "Perwakilan peserta" in text
    assert records_verify(check_files=True) == []


def test_the_musrenbang_kelurahan_and_kecamatan_print_their_signatories_with_the_camats_nip(
    person,
    region,
    agreed,
    all_open,
):
    operator = person("operator_kelurahan", KEL)
    kel = held_upper(operator, meeting_open(actor=operator, cycle=all_open, holder=region(KEL)))
    for proposal in agreed:
        item_decide(actor=operator, meeting=kel, proposal_id=proposal.pk, decision="forward", version=kel.version)
        kel.refresh_from_db()
    kel = minutes_update(
        actor=operator,
        meeting=kel,
        version=kel.version,
        notes=["Usulan lampu dibahas bersama"],
        signatories=[{"title": "Lurah Tlogomas", "name": "Agus Salim", "nip": "198002022005011002"}],
        official_counts={"perangkat_daerah": 3},
    )
    kel = meeting_finalize(actor=operator, meeting=kel, version=kel.version)
    text = minutes_text(kel)
    assert "BERITA ACARA MUSRENBANG KELURAHAN Nomor: 1/BA/" in text
    assert "KESATU : Menyepakati 3 usulan prioritas Kelurahan" in text and "ke Musrenbang Kecamatan" in text
    assert "KETIGA : Menyatakan 0 usulan tidak diakomodasi" in text
    assert "Perangkat daerah 3" in text and "Lokasi (RT/RW)" in text and "RT 001/RW 03" in text
    assert "Usulan lampu dibahas bersama" in text and "NIP. 198002022005011002" in text

    camat = person("camat", KEC)
    kec = held_upper(camat, meeting_open(actor=camat, cycle=all_open, holder=region(KEC)))
    for proposal in agreed:
        item_decide(actor=camat, meeting=kec, proposal_id=proposal.pk, decision="forward", version=kec.version)
        kec.refresh_from_db()
    kec = minutes_update(
        actor=camat,
        meeting=kec,
        version=kec.version,
        signatories=[
            {"title": "Camat Lowokwaru", "name": "Drs. Bambang", "nip": CAMAT_NIP},
            {"title": "Ketua Tim Penyelenggara", "name": "Ir. Sari"},
        ],
        official_counts={"dprd": 1, "perangkat_kecamatan": 4},
    )
    kec = meeting_finalize(actor=camat, meeting=kec, version=kec.version)
    assert kec.number == f"2/BA/{KEC}/{all_open.year}"  # the city's running count of the year
    text = minutes_text(kec)
    assert "KECAMATAN LOWOKWARU" in text and "BERITA ACARA MUSRENBANG KECAMATAN" in text
    assert "ke Forum Perangkat Daerah" in text and "Anggota DPRD 1" in text and "Perangkat kecamatan 4" in text
    assert f"Camat Lowokwaru Drs. Bambang NIP. {CAMAT_NIP}" in text.replace("Ketua Tim Penyelenggara ", "")
    assert "Ir. Sari" in text and "Demikian berita acara ini dibuat" in text


def test_without_signatories_the_citys_titles_print_with_room_for_the_nip(person, region, agreed, all_open):
    operator = person("operator_kelurahan", KEL)
    kel = held_upper(operator, meeting_open(actor=operator, cycle=all_open, holder=region(KEL)))
    for proposal in agreed:
        item_decide(actor=operator, meeting=kel, proposal_id=proposal.pk, decision="forward", version=kel.version)
        kel.refresh_from_db()
    text = minutes_text(meeting_finalize(actor=operator, meeting=kel, version=kel.version))
    assert "Lurah" in text and "Ketua LPMK" in text and "NIP. ...." in text and "Lurah Agus" in text


def test_a_city_changes_the_wording_and_number_pattern_without_code(chair, cycle, region, proposals, malang):
    MinutesWording.objects.create(
        city=malang,
        kind="",
        letterhead="PEMERINTAH KOTA MALANG\nBADAN PERENCANAAN DAERAH",
        considerations="Menimbang kebutuhan warga {wilayah} tahun {tahun}.",
        clauses="Menyetujui {jumlah_usulan} usulan.\nMenugaskan delegasi {bukan_isian}.",
        closing="Berita acara ini ditutup dengan doa.",
        number_pattern="BA-{seq3}/{tahun}",
    )
    MinutesWording.objects.create(city=malang, kind="rembug_rt", closing="Khusus Rembug RT: ditutup.")
    meeting = _formal_rembug(chair, cycle, region)
    meeting = meeting_finalize(actor=chair, meeting=meeting, version=meeting.version)
    assert meeting.number == f"BA-001/{cycle.year}"
    text = minutes_text(meeting)
    assert "BADAN PERENCANAAN DAERAH" in text and f"Menimbang kebutuhan warga RT 001 tahun {cycle.year}." in text
    assert "KESATU : Menyetujui 3 usulan." in text and "KEDUA : Menugaskan delegasi {bukan_isian}." in text
    assert "Khusus Rembug RT: ditutup." in text  # the row for the kind wins over the city's general row
    assert "Demikian berita acara" not in text


def test_bappeda_edits_its_citys_wording_in_the_admin_with_history(client, person, malang, batu):
    bappeda = person("bappeda", "35.73")
    client.force_login(bappeda)
    added = client.post(
        "/admin/forums/minuteswording/add/",
        {"city": malang.pk, "kind": "", "closing": "Ditutup.", "number_pattern": "{seq}/BA/{tahun}"},
    )
    assert added.status_code == 302, added.context["adminform"].form.errors
    wording = MinutesWording.objects.get(city=malang)
    url = f"/admin/forums/minuteswording/{wording.pk}/change/"
    data = admin_form_data(client.get(url))
    data.pop("logo", None)  # no logo uploaded: the empty file field is not sent back
    data["closing"] = "Ditutup dengan doa."
    assert client.post(url, data).status_code == 302
    wording.refresh_from_db()
    assert wording.closing == "Ditutup dengan doa." and wording.version == 2
    assert wording.history.first().history_user == bappeda
    # Another city's wording is not theirs to see or make.
    other = MinutesWording.objects.create(city=batu, closing="Batu.")
    gone = client.get(f"/admin/forums/minuteswording/{other.pk}/change/")
    assert gone.status_code == 302 and gone.url == "/admin/"  # the admin says the row does not exist
    refused = client.post("/admin/forums/minuteswording/add/", {"city": batu.pk, "kind": "tematik"})
    assert refused.status_code == 200 and not MinutesWording.objects.filter(city=batu, kind="tematik").exists()


def test_a_logo_that_is_not_an_image_is_refused_in_the_admin(client, person, malang):
    client.force_login(person("bappeda", "35.73"))
    fake = io.BytesIO(b"%PDF-1.4 not a logo")
    fake.name = "logo.png"
    answer = client.post("/admin/forums/minuteswording/add/", {"city": malang.pk, "kind": "", "logo": fake})
    assert answer.status_code == 200 and not MinutesWording.objects.exists()


def test_the_blank_attendance_sheet_has_the_columns_and_no_names(client, chair, cycle, region, proposals):
    meeting = held(chair, cycle, region)
    client.force_login(chair)
    page = client.get(f"/rembug/{meeting.pk}/daftar-hadir.pdf")
    assert page.status_code == 200 and page["Content-Type"] == "application/pdf"
    text = text_of(page.content)
    assert "DAFTAR HADIR REMBUG RT" in text and "No Nama Unsur/Jabatan L/P Tanda tangan" in text
    assert "Siti Aminah" not in text  # blank: people sign on paper
    api = client.get(f"/api/v1/meetings/{meeting.pk}/attendance-sheet.pdf")
    assert api.status_code == 200 and "Tanda tangan" in text_of(api.content)
    # A refusal is JSON even when the file's type was asked for (found by the API fuzzing proof).
    missing = client.get("/api/v1/meetings/99999/attendance-sheet.pdf?format=file")
    assert missing.status_code == 404 and missing["Content-Type"] == "application/json"


def test_the_details_are_edited_only_while_a_draft(client, chair, cycle, region, proposals):
    meeting = _formal_rembug(chair, cycle, region)
    meeting = meeting_finalize(actor=chair, meeting=meeting, version=meeting.version)
    with pytest.raises(Frozen):
        minutes_update(actor=chair, meeting=meeting, version=meeting.version, notes=["Terlambat"])
    with pytest.raises(Frozen):
        meeting_update(actor=chair, meeting=meeting, version=meeting.version, number="99/BA")
    client.force_login(chair)
    page = client.post(f"/rembug/{meeting.pk}/berita-acara/", {"version": meeting.version, "notes": "x"})
    assert page.status_code == 302
    api = client.put(
        f"/api/v1/meetings/{meeting.pk}/minutes", {"version": meeting.version, "notes": ["x"]}, content_type=JSON
    )
    assert api.status_code == 409
    meeting.refresh_from_db()
    assert meeting.notes == ["Warga minta paving didahulukan", "Saluran sering meluap saat hujan"]
    # A revision starts from the same notulen, signatories and counts; its number is given anew.
    revision = meeting_revise(actor=chair, meeting=meeting, reason="Salah ketik")
    assert revision.number == "" and revision.notes == meeting.notes
    assert [s.name for s in revision.signatories.all()] == ["Bu Siti Aminah", "Pak Darmo"]
    assert {c.category: c.count for c in revision.official_counts.all()} == {"dprd": 2, "lpmk_bkm": 1}


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({"signatories": [{"title": "Camat", "name": "Bambang", "nip": "1970"}]}, "18 angka"),
        ({"signatories": [{"title": "Ketua", "name": "Siti 0812 3456 7890"}]}, "nomor telepon"),
        ({"signatories": [{"title": "", "name": "Siti"}]}, "Isi jabatan"),
        ({"official_counts": {"menteri": 1}}, "Unsur tidak dikenal"),
        ({"notes": ["x" * 501]}, "terlalu panjang"),
    ],
)
def test_bad_details_are_refused_with_a_clear_message_and_nothing_changes(
    chair,
    cycle,
    region,
    proposals,
    given,
    message,
):
    meeting = held(chair, cycle, region)
    with pytest.raises(DomainError, match=message):
        minutes_update(actor=chair, meeting=meeting, version=meeting.version, **{"notes": ["Tetap"], **given})
    meeting.refresh_from_db()
    assert meeting.notes == [] and not Signatory.objects.exists() and not OfficialCount.objects.exists()


def test_the_pages_record_time_number_notulen_signatories_and_counts(client, chair, cycle, region, proposals):
    meeting = held(chair, cycle, region)
    client.force_login(chair)
    form = client.get(f"/rembug/{meeting.pk}/berita-acara/")
    assert form.status_code == 200 and 'value="Ketua RT"' in form.text  # the built-in titles are offered
    saved = client.post(
        f"/rembug/{meeting.pk}/berita-acara/",
        {
            "version": meeting.version,
            "notes": "Paving didahulukan\n\nLampu gang diusulkan tahun depan",
            "sign_1_title": "Ketua RT 001",
            "sign_1_name": "Bu Siti Aminah",
            "sign_2_title": "Perwakilan peserta",
            "sign_2_name": "Rina",
            "count_pkk": "4",
        },
    )
    assert saved.status_code == 302, saved.context["form"].errors
    meeting.refresh_from_db()
    detail = client.post(
        f"/rembug/{meeting.pk}/",
        {
            "version": meeting.version,
            "held_on": str(meeting.held_on),
            "starts_at": "19:30",
            "number": "07/BA/RT001/2027",
            "place": "Balai RW 03",
            "chair_name": "Bu Siti Aminah",
        },
    )
    assert detail.status_code == 302
    added = client.post(
        f"/rembug/{meeting.pk}/peserta/",
        {
            "form": "attendee",
            "name": "Pak Ustadz",
            "gender": "L",
            "age_group": "dewasa",
            "category": "tokoh_agama",
            "client_token": "9b0f8a7e-2f6f-4a57-9d3a-7f1c2f3a4b5c",
        },
    )
    assert added.status_code == 302
    meeting.refresh_from_db()
    assert meeting.notes == ["Paving didahulukan", "Lampu gang diusulkan tahun depan"]
    assert meeting.number == "07/BA/RT001/2027" and meeting.starts_at == datetime.time(19, 30)
    assert [(s.title, s.name) for s in meeting.signatories.all()] == [
        ("Ketua RT 001", "Bu Siti Aminah"),
        ("Perwakilan peserta", "Rina"),
    ]
    assert (
        meeting.official_counts.get().count == 4 and meeting.attendees.get(name="Pak Ustadz").category == "tokoh_agama"
    )
    meeting = meeting_finalize(actor=chair, meeting=meeting, version=meeting.version, accept_inclusion_gaps=True)
    text = minutes_text(meeting)
    assert "Nomor: 07/BA/RT001/2027" in text and "pukul 19.30 WIB" in text and "Tokoh agama 1" in text


def test_the_api_records_and_returns_the_details(
    client, chair, cycle, region, proposals, django_assert_max_num_queries
):
    meeting = held(chair, cycle, region)
    client.force_login(chair)
    url = f"/api/v1/meetings/{meeting.pk}"
    patched = client.patch(url, {"version": meeting.version, "starts_at": "08:15", "number": "3/BA"}, content_type=JSON)
    assert patched.status_code == 200, patched.json()
    added = client.post(
        f"{url}/attendees",
        {"name": "Bu Camat", "gender": "P", "age_group": "dewasa", "category": "perangkat_kecamatan"},
        content_type=JSON,
    )
    assert added.status_code == 201 and added.json()["category"] == "perangkat_kecamatan"
    version = client.get(url).json()["version"]
    body = {
        "version": version,
        "notes": ["Poin satu", "Poin dua"],
        "signatories": [{"title": "Camat", "name": "Bambang", "nip": CAMAT_NIP}],
        "official_counts": {"dprd": 1},
    }
    put = client.put(f"{url}/minutes", json.dumps(body), content_type=JSON)
    assert put.status_code == 200, put.json()
    with django_assert_max_num_queries(20):
        answer = client.get(url).json()
    assert answer["number"] == "3/BA" and answer["starts_at"] == "08:15:00"
    assert answer["notes"] == ["Poin satu", "Poin dua"] and answer["official_counts"] == {"dprd": 1}
    assert answer["signatories"] == [{"title": "Camat", "name": "Bambang", "nip": CAMAT_NIP}]
    bad = client.put(
        f"{url}/minutes", {"version": answer["version"], "official_counts": {"dprd": -1}}, content_type=JSON
    )
    assert bad.status_code == 400 and "official_counts" in bad.json()["errors"] if "errors" in bad.json() else True
    stale = client.put(f"{url}/minutes", {"version": version, "notes": []}, content_type=JSON)
    assert stale.status_code == 409


def test_a_record_sealed_before_these_parts_existed_hashes_as_before(chair, cycle, region, proposals):
    meeting = held(chair, cycle, region)
    content = record_content(meeting)
    assert "number" not in content["meeting"] and "notes" not in content["meeting"]
    assert "signatories" not in content and all("category" not in a for a in content["attendees"])
    meeting = _formal_rembug(chair, cycle, region)
    content = record_content(meeting)
    assert content["meeting"]["notes"] and content["signatories"] and content["official_counts"]


def test_a_citys_logo_is_checked_like_a_photo_and_printed_on_the_letterhead(
    client, person, malang, chair, cycle, region, proposals
):
    from PIL import Image

    png = io.BytesIO()
    Image.new("RGB", (60, 80), (200, 0, 0)).save(png, "PNG")
    png.seek(0)
    png.name = "logo-kota.png"
    client.force_login(person("bappeda", "35.73"))
    added = client.post("/admin/forums/minuteswording/add/", {"city": malang.pk, "kind": "", "logo": png})
    assert added.status_code == 302, added.context["adminform"].form.errors
    logo = MinutesWording.objects.get(city=malang).logo
    assert logo.name.startswith("kop/") and "logo-kota" not in logo.name  # re-encoded under a fresh name
    meeting = _formal_rembug(chair, cycle, region)
    meeting = meeting_finalize(actor=chair, meeting=meeting, version=meeting.version)
    meeting.minutes_pdf.open("rb")
    reader = PdfReader(io.BytesIO(meeting.minutes_pdf.read()))
    assert reader.pages[0].images, "the logo is drawn on the first page"


def test_a_musrenbang_tematik_has_the_same_formal_berita_acara(person, region, all_open, malang):
    from rembug.forums.services import meeting_sync_items
    from rembug.proposals.services import funding_set, proposal_create
    from tests.factories import dictionary_item

    operator = person("operator_kelurahan", KEL)
    tematik = meeting_open(actor=operator, cycle=all_open, holder=region(KEL), theme="difabel")
    proposal = proposal_create(
        actor=operator,
        cycle=all_open,
        proposer=region(KEL),
        theme="difabel",
        title="Ramp kursi roda balai",
        problem="x",
        idea="y",
        item=dictionary_item(malang),
        volume=1,
        address="Balai kelurahan",
    )
    funding_set(
        actor=operator, proposal=proposal, shares={"apbd_kota": proposal.estimated_cost}, version=proposal.version
    )
    meeting_sync_items(actor=operator, meeting=tematik)
    tematik = held_upper(operator, tematik)
    tematik = meeting_finalize(actor=operator, meeting=tematik, version=tematik.version, accept_inclusion_gaps=True)
    text = minutes_text(tematik)
    assert "BERITA ACARA MUSRENBANG TEMATIK Nomor: 1/BA/" in text and "KESATU : Menyepakati 1 usulan" in text
    assert "Lokasi (RT/RW)" in text and "Kelurahan Lowokwaru, Balai kelurahan" in text
    assert "Demikian berita acara" in text and "Lurah" in text and "Anggota DPRD 0" in text
