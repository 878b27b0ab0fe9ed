"""The public portal: a resident follows what their kota, kecamatan, kelurahan or RW proposed and what became
of it, and who took part in each forum — as counts, never names."""

from urllib.parse import quote

import pytest
from django.db.models import Count, Q, Sum

from rembug.forums.models import Meeting
from rembug.forums.services import inclusion_of
from rembug.portal.selectors import ACCOMMODATED, BUILT, public_forums
from rembug.proposals.lifecycle import Status
from rembug.proposals.models import Proposal
from rembug.proposals.services import proposal_create
from tests.factories import dictionary_item

from .conftest import KEL, OTHER_KEL, RT001, RW, SECRET_DELEGATE, SECRET_NAME, finalized_rembug

pytestmark = pytest.mark.django_db
AREAS = ("35.73", "35.73.05", KEL, RW)


def test_the_portal_renders_for_a_kota_a_kecamatan_a_kelurahan_and_an_rw(client, world):
    for code in AREAS:
        page = client.get(f"/portal/{code}/")
        assert page.status_code == 200
        assert world.repeated.number in page.text and "Usulan warga" in page.text
    assert world.elsewhere.title in client.get("/portal/35.73/").text
    assert world.elsewhere.title not in client.get("/portal/35.73.05/").text
    assert world.elsewhere.title in client.get("/portal/35.73.01/").text


def test_an_rt_or_an_unknown_code_has_no_portal_page(client, world):
    assert client.get(f"/portal/{RT001}/").status_code == 404
    assert client.get("/portal/99.99/").status_code == 404


def test_the_portal_of_the_only_city_opens_directly(client, world):
    response = client.get("/portal/")
    assert response.status_code == 302 and response.url == "/portal/35.73/"


def test_drafts_and_withdrawn_proposals_are_not_on_the_portal(client, world):
    hidden = (world.draft.title, world.draft.number, world.withdrawn.title, world.withdrawn.number)
    for code in AREAS:
        page = client.get(f"/portal/{code}/").text
        assert not any(text in page for text in hidden)
        assert not any(text in page for text in hidden[:2])
    points = client.get(f"/portal/{KEL}/titik.geojson").text
    assert world.draft.number not in points and world.withdrawn.number not in points
    assert client.get(f"/portal/{KEL}/", {"q": world.draft.number}).status_code == 200  # no redirect to a draft


def test_a_finalized_rembugs_attendee_names_never_appear_on_the_portal(client, world):
    pages = [f"/portal/{code}/" for code in AREAS] + [
        f"/portal/forum/{world.meeting.pk}/",
        "/portal/data/",
        f"/portal/{KEL}/titik.geojson",
        f"/cari/{world.repeated.number}/",
    ]
    for url in pages:
        text = client.get(url).content.decode()
        assert SECRET_NAME not in text and SECRET_DELEGATE not in text, url
        assert "Rina Pemudi" not in text and "Ketua RT" not in text, url


def test_the_list_shows_the_status_and_the_latest_reason_and_links_the_public_page(client, world):
    response = client.get(f"/portal/{KEL}/", {"year": world.years[1]})
    page = response.text
    assert f'href="/cari/{world.built.number}/"' in page
    assert "Selesai dibangun" in page and "Lanjut: Selesai dibangun" in page
    assert "Melebihi pagu lagi: Tidak diakomodasi" in page
    listed = {p.number for p in response.context["page"].object_list}
    assert world.built.number in listed and world.repeated.number not in listed  # filtered to the year before


def test_a_visitor_filters_by_status_and_field_and_searches_words(client, world):
    def listed(**params):
        return {p.number for p in client.get(f"/portal/{KEL}/", params).context["page"].object_list}

    assert listed(status=Status.DONE) == {world.built.number}
    assert listed(field="ekonomi") == set()
    assert world.built.number in listed(field="sarana_umum")
    words = listed(q="kenanga")
    assert world.repeated.number in words and world.built.number not in words and len(words) == 3


def test_a_search_by_number_opens_the_public_proposal_page_with_its_history(client, world):
    response = client.get(f"/portal/{RW}/", {"q": world.repeated.number}, follow=True)
    assert response.redirect_chain[-1][0] == f"/cari/{world.repeated.number}/"
    assert "Perjalanan usulan" in response.text and "Peringkat 1" in response.text


def test_the_list_is_paginated(client, world, person, region, malang):
    chair = person("ketua_rt", RT001)
    item = dictionary_item(
        malang, name="Tong sampah", unit="unit", unit_price=500_000, category="persampahan", field="kebutuhan_warga"
    )
    for n in range(25):
        proposal_create(
            actor=chair,
            cycle=world.cycles[world.years[2]],
            proposer=region(RT001),
            title=f"Tong {n}",
            problem="x",
            idea="y",
            item=item,
            volume=1,
            address="a",
        )
    Proposal.objects.filter(title__startswith="Tong ").update(status=Status.AGREED)
    first = client.get(f"/portal/{KEL}/", {"year": world.years[2]}).text
    assert "Halaman 1 dari 3" in first and "page=2" in first  # ten a page
    second = client.get(f"/portal/{KEL}/", {"year": world.years[2], "page": 3}).text
    assert "Halaman 3 dari 3" in second


def _db_tally(queryset):
    return queryset.exclude(status__in=(Status.DRAFT, Status.WITHDRAWN, Status.MERGED)).aggregate(
        proposed=Count("pk"),
        accommodated=Count("pk", filter=Q(status__in=ACCOMMODATED)),
        built=Count("pk", filter=Q(status__in=BUILT)),
        proposed_cost=Sum("estimated_cost"),
    )


def test_the_charts_numbers_equal_the_database_counts(client, world):
    response = client.get("/portal/35.73/")
    by_year = response.context["by_year"]
    assert [int(t.key) for t in by_year] == world.years
    for tally in by_year:
        expected = _db_tally(Proposal.objects.filter(cycle__year=int(tally.key)))
        assert (tally.proposed, tally.accommodated, tally.built, tally.proposed_cost) == (
            expected["proposed"],
            expected["accommodated"],
            expected["built"],
            expected["proposed_cost"],
        )
    built_year = next(t for t in by_year if t.key == str(world.years[1]))
    assert built_year.built == 1 and built_year.built_cost == world.built.estimated_cost
    # The bars carry the same numbers as the table.
    chart = response.context["chart_year_counts"]
    assert [[b.value for b in row.bars] for row in chart.rows] == [
        [t.proposed, t.accommodated, t.built] for t in by_year
    ]
    latest = world.years[2]
    by_kelurahan = {t.key: t for t in response.context["by_kelurahan"]}
    for code, tally in by_kelurahan.items():
        expected = _db_tally(Proposal.objects.filter(cycle__year=latest, kelurahan__code=code))
        assert tally.proposed == expected["proposed"]
    assert set(by_kelurahan) == {KEL, OTHER_KEL}
    fields = {t.key: t.proposed for t in response.context["by_field"]}
    assert sum(fields.values()) == _db_tally(Proposal.objects.filter(cycle__year=latest))["proposed"]
    assert 'role="img"' in response.text and "style=" not in response.text


def test_proposals_asked_for_three_years_are_listed_once(client, world):
    repeated = client.get(f"/portal/{KEL}/").context["repeated"]
    assert [p.number for p in repeated] == [world.repeated.number]
    assert repeated[0].times_proposed == 3


def test_the_forum_counts_equal_the_inclusion_summary(world):
    counted = public_forums().get(pk=world.meeting.pk)
    summary = inclusion_of(world.meeting)
    assert counted.total == summary.total == 6
    for group, number in summary.by_group.items():
        assert getattr(counted, f"g_{group}") == number, group


def test_the_public_forum_page_shows_counts_the_list_and_the_order_but_no_person(client, world):
    page = client.get(f"/portal/forum/{world.meeting.pk}/")
    assert page.status_code == 200
    text = page.text
    assert "Rembug RT" in text and "MCK umum" in text and "Disepakati di Rembug" in text
    assert "<td>6</td>" in text and "Musyawarah" in text  # participants and how the order was agreed
    assert SECRET_NAME not in text and SECRET_DELEGATE not in text and "mengawal usulan prioritas" not in text


def test_a_draft_forum_has_no_public_page(client, world, person, region):
    from rembug.forums.services import meeting_open

    draft = meeting_open(
        actor=person("ketua_rt", f"{RW}.003"), cycle=world.cycles[world.years[2]], holder=region(f"{RW}.003")
    )
    assert client.get(f"/portal/forum/{draft.pk}/").status_code == 404


def test_whatsapp_share_links_are_plain_urlencoded_links(client, world, settings):
    settings.REMBUG_SITE_URL = "https://rembug.example.id"
    proposal_page = client.get(f"/cari/{world.repeated.number}/").text
    url = quote(f"https://rembug.example.id/cari/{world.repeated.number}/", safe="")
    assert "https://wa.me/?text=" in proposal_page and url in proposal_page
    assert quote(world.repeated.title, safe="") in proposal_page
    forum_page = client.get(f"/portal/forum/{world.meeting.pk}/").text
    assert "https://wa.me/?text=" + quote("Hasil Rembug RT: RT 002", safe="") in forum_page
    assert quote(f"https://rembug.example.id/portal/forum/{world.meeting.pk}/", safe="") in forum_page


def test_pages_say_how_long_they_may_be_cached(client, world):
    response = client.get(f"/portal/{KEL}/")
    assert "public" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]
    assert "max-age" in client.get(f"/portal/forum/{world.meeting.pk}/")["Cache-Control"]


def test_the_map_data_has_the_points_and_the_kelurahan_boundaries(client, world):
    points = client.get(f"/portal/{KEL}/titik.geojson").json()
    numbers = {f["properties"]["number"] for f in points["features"]}
    assert numbers == set(
        Proposal.objects.filter(kelurahan__code=KEL, latitude__isnull=False)
        .exclude(status__in=(Status.DRAFT, Status.WITHDRAWN))
        .values_list("number", flat=True)
    )
    assert numbers
    boundaries = client.get("/portal/35.73.05/batas.geojson").json()
    assert len(boundaries["features"]) == 12
    assert len(client.get(f"/portal/{RW}/batas.geojson").json()["features"]) == 1


def _more_data(world, person, region, malang):
    """Ten times the proposals and three more finalized forums."""
    chair = person("ketua_rt", RT001)
    item = dictionary_item(malang, name="Lampu", unit="unit", unit_price=4_000_000, category="lainnya")
    cycle = world.cycles[world.years[2]]
    for n in range(40):
        proposal_create(
            actor=chair,
            cycle=cycle,
            proposer=region(RT001),
            title=f"Lampu {n}",
            problem="x",
            idea="y",
            item=item,
            volume=1,
            address="a",
            latitude=-7.94,
            longitude=112.61,
        )
    Proposal.objects.filter(title__startswith="Lampu ").update(status=Status.AGREED, times_proposed=3)
    for rt in ("004", "005", "006"):
        finalized_rembug(person, region, cycle, malang, code=f"{RW}.{rt}")


def test_the_number_of_queries_of_a_portal_page_does_not_grow_with_the_data(
    client, world, person, region, malang, django_assert_max_num_queries
):
    budget = 11
    for code in AREAS:
        with django_assert_max_num_queries(budget):
            assert client.get(f"/portal/{code}/").status_code == 200
    with django_assert_max_num_queries(7):
        client.get(f"/portal/forum/{world.meeting.pk}/")
    _more_data(world, person, region, malang)
    assert Meeting.objects.filter(status="finalized").count() == 4
    for code in AREAS:
        with django_assert_max_num_queries(budget):
            assert client.get(f"/portal/{code}/").status_code == 200
    with django_assert_max_num_queries(7):
        client.get(f"/portal/forum/{world.meeting.pk}/")
    with django_assert_max_num_queries(3):
        client.get(f"/portal/{KEL}/titik.geojson")


def test_a_corrected_forum_points_to_its_revision_and_only_the_revision_is_listed(client, world, person):
    from rembug.forums.decisions import meeting_finalize, meeting_revise

    chair = person("ketua_rt", world.meeting.holder_region.code)
    revision = meeting_revise(actor=chair, meeting=world.meeting, reason="Salah ketik jumlah peserta")
    revision = meeting_finalize(actor=chair, meeting=revision, version=revision.version)
    old = client.get(f"/portal/forum/{world.meeting.pk}/").text
    assert "sudah dikoreksi" in old and f'href="/portal/forum/{revision.pk}/"' in old
    listed = [f.pk for f, _ in client.get(f"/portal/{KEL}/").context["forums"]]
    assert listed == [revision.pk]
    assert SECRET_NAME not in client.get(f"/portal/forum/{revision.pk}/").text


def _directives(response) -> set[str]:
    return {d.strip() for d in response["Cache-Control"].split(",")}


def test_an_anonymous_page_is_public_and_a_signed_in_one_private_never_both(client, world, person):
    """Issue 9, hole 10c: the header said `public, private=False` (and `public=False, private` signed in)."""
    assert _directives(client.get(f"/portal/{KEL}/")) == {"public", "max-age=300"}
    assert _directives(client.get("/portal/data/")) == {"public", "max-age=3600"}
    client.force_login(person("ketua_rt", "35.73.05.1011.03.001"))
    # A signed-in page shows who is signed in: only their own browser may keep it, and it must ask again.
    assert _directives(client.get(f"/portal/{KEL}/")) == {"private", "no-cache"}
    assert _directives(client.get("/portal/data/")) == {"private", "no-cache"}


def test_the_map_data_is_cached_publicly_and_revalidated_by_its_etag(client, world):
    first = client.get("/portal/35.73.05/batas.geojson")
    assert "public" in first["Cache-Control"] and "max-age=86400" in first["Cache-Control"]
    assert client.get("/portal/35.73.05/batas.geojson", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    points = client.get(f"/portal/{KEL}/titik.geojson")
    assert "max-age=600" in points["Cache-Control"]
    assert client.get(f"/portal/{KEL}/titik.geojson", HTTP_IF_NONE_MATCH=points["ETag"]).status_code == 304


def test_the_proposals_asked_for_again_and_again_are_paged_too(client, world, monkeypatch):
    from rembug.portal import views

    monkeypatch.setattr(views, "REPEATED_SHOWN", 1)
    other = (
        Proposal.objects.filter(kelurahan__code=KEL, carried_into__isnull=True)
        .exclude(pk=world.repeated.pk)
        .exclude(status__in=(Status.DRAFT, Status.WITHDRAWN))[0]
    )
    Proposal.objects.filter(pk=other.pk).update(times_proposed=4)  # asked for a fourth time: listed first

    def repeated_section(**params) -> str:
        page = client.get(f"/portal/{KEL}/", params).text
        return page[page.index('id="repeated-title"') : page.index('id="forums-title"')]

    first = repeated_section()
    assert other.number in first and world.repeated.number not in first
    assert "berulang=2#repeated-title" in first
    second = repeated_section(berulang=2)
    assert world.repeated.number in second and "berulang=1#repeated-title" in second
    assert "berulang=3" not in second
    for nonsense in ("abc", "0", "99999999999", "²"):
        assert other.number in repeated_section(berulang=nonsense)
