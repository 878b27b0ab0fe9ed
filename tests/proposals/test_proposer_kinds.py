"""Every kind of proposer (issue 11 point 1): RT, RW, Pokmas, the kelurahan itself, its lembaga and Tematik groups
write proposals, each only where and by whom the city's data (ProposerKind.writer_roles) says; lembaga and the
kelurahan propose directly into the Musrenbang Kelurahan and are decided there like the rest."""

from __future__ import annotations

import datetime

import pytest

from rembug.cycles.models import Stage
from rembug.cycles.selectors import today
from rembug.errors import DomainError, NotAllowed
from rembug.forums.decisions import item_decide, meeting_finalize
from rembug.forums.services import meeting_open
from rembug.proposals.lifecycle import Status
from rembug.proposals.models import Proposal
from rembug.proposals.proposers import direct_proposers
from rembug.proposals.services import proposal_create
from rembug.regions.keeping import group_add, region_set_active
from rembug.regions.kinds import DEFAULT_KINDS, profile_of, proposer_kinds_ensure_defaults
from rembug.regions.models import CommunityGroup, ProposerKind
from rembug.regions.services import community_group_create
from tests.factories import dictionary_item, walk
from tests.forums.test_upper_forums import held

pytestmark = pytest.mark.django_db
KEL = "35.73.05.1011"
OTHER_KEL = "35.73.05.1004"
RW03 = f"{KEL}.03"
RT001 = f"{KEL}.03.001"


@pytest.fixture
def item(malang):
    return dictionary_item(malang, name="Lampu jalan", unit="unit", unit_price=4_000_000, authority="kelurahan")


@pytest.fixture
def lembaga(region):
    kel = region(KEL)
    return {
        kind: community_group_create(region=kel, kind=kind, name=name)
        for kind, name in (("pkk", "PKK Kelurahan Lowokwaru"), ("forum_anak", "Forum Anak"), ("lpmk", "LPMK"))
    }


def write(actor, cycle, proposer, item, **extra):
    return proposal_create(
        actor=actor,
        cycle=cycle,
        proposer=proposer,
        title="Lampu gang Mawar",
        problem="Gelap",
        idea="Dua lampu",
        item=item,
        volume=2,
        address="Gang Mawar",
        **extra,
    )


def test_every_city_has_the_default_kinds_once(malang, batu):
    codes = {spec.code for spec in DEFAULT_KINDS}
    for city in (malang, batu):
        assert set(ProposerKind.objects.filter(city=city).values_list("code", flat=True)) == codes
    assert proposer_kinds_ensure_defaults([malang, batu]) == 0
    kelurahan = ProposerKind.objects.get(city=malang, code="kelurahan")
    assert (kelurahan.entry_forum, kelurahan.profile) == ("musrenbang_kelurahan", "Lurah {wilayah}")


@pytest.mark.parametrize(
    ("role", "where", "proposer", "kind", "label"),
    [
        ("ketua_rt", RT001, RT001, "rt", "RT 001"),
        ("ketua_rw", RW03, RW03, "rw", "RW 03"),
        ("operator_kelurahan", KEL, RT001, "rt", "RT 001"),
        ("operator_kelurahan", KEL, KEL, "kelurahan", "Kelurahan Lowokwaru"),
        ("lurah", KEL, KEL, "kelurahan", "Kelurahan Lowokwaru"),
        ("lpmk", KEL, "pkk", "pkk", "PKK Kelurahan Lowokwaru"),
        ("operator_kelurahan", KEL, "forum_anak", "forum_anak", "Forum Anak Kelurahan Lowokwaru"),
        ("lpmk", KEL, "lpmk", "lpmk", "LPMK Kelurahan Lowokwaru"),
    ],
)
def test_each_kind_is_written_by_its_writers_with_its_kind_and_label(
    person, region, cycle, item, lembaga, role, where, proposer, kind, label
):
    target = lembaga[proposer] if proposer in lembaga else region(proposer)
    proposal = write(person(role, where), cycle, target, item)
    assert (proposal.proposer_kind.code, proposal.proposer_label) == (kind, label)
    assert proposal.kelurahan.code == KEL


@pytest.mark.parametrize(
    ("role", "where", "proposer"),
    [
        ("ketua_rt", RT001, KEL),  # an RT chair does not write for the kelurahan
        ("ketua_rt", RT001, "pkk"),
        ("ketua_rw", RW03, "pkk"),
        ("lpmk", KEL, KEL),  # the LPMK writes for lembaga, not for the kelurahan itself
        ("operator_kelurahan", OTHER_KEL, KEL),  # never outside one's own kelurahan
        ("operator_kelurahan", OTHER_KEL, "pkk"),
        ("lpmk", OTHER_KEL, "pkk"),
        ("operator_kelurahan", "35.79.01.1001", KEL),  # another city
    ],
)
def test_a_kind_is_refused_to_anyone_else_and_outside_their_region(
    person, region, cycle, item, lembaga, role, where, proposer
):
    target = lembaga[proposer] if proposer in lembaga else region(proposer)
    with pytest.raises(NotAllowed):
        write(person(role, where), cycle, target, item)
    assert not Proposal.objects.filter(cycle=cycle).exists()


def test_a_kind_the_city_adds_works_without_code(person, region, cycle, item, malang):
    """Kota Malang adds its Karang Werdha (elderly group), written by the LPMK only."""
    ProposerKind.objects.create(
        city=malang,
        code="karang_werdha",
        name="Karang Werdha",
        holder="kelompok",
        entry_forum="musrenbang_kelurahan",
        writer_roles=["lpmk"],
        profile="Ketua {nama}",
    )
    operator, lpmk = person("operator_kelurahan", KEL), person("lpmk", KEL)
    group = group_add(actor=operator, region=region(KEL), kind="karang_werdha", name="Karang Werdha Mawar")
    assert str(group) == "Karang Werdha Mawar"
    proposal = write(lpmk, cycle, group, item)
    assert proposal.proposer_kind.code == "karang_werdha"
    assert profile_of(proposal.proposer_kind, region=region(KEL), group=group).startswith("Ketua Karang Werdha Mawar")
    with pytest.raises(NotAllowed):  # the city named only the LPMK as its writer
        write(operator, cycle, group, item)
    assert [p.label for p in direct_proposers(lpmk) if p.group] == ["Karang Werdha Mawar Kelurahan Lowokwaru"]


def test_a_retired_kind_or_proposer_writes_nothing_new(person, region, cycle, item, lembaga, malang):
    operator = person("operator_kelurahan", KEL)
    ProposerKind.objects.filter(city=malang, code="pkk").update(is_active=False)
    with pytest.raises(DomainError, match="tidak aktif"):
        write(operator, cycle, lembaga["pkk"], item)
    rt = region(RT001)
    region_set_active(actor=operator, region=rt, version=rt.version, active=False)
    with pytest.raises(NotAllowed):
        write(person("ketua_rt", RT001), cycle, region(RT001), item)


def test_a_musrenbang_tematik_proposal_carries_the_tematik_kind(person, region, cycle, item):
    proposal = write(person("operator_kelurahan", KEL), cycle, region(KEL), item, theme="anak")
    assert (proposal.proposer_kind.code, proposal.theme) == ("tematik", "anak")


@pytest.fixture
def all_open(cycle):
    day = today()
    Stage.objects.filter(cycle=cycle).update(
        opens_on=day - datetime.timedelta(days=1), closes_on=day + datetime.timedelta(days=1)
    )
    return cycle


def test_lembaga_and_the_kelurahan_enter_the_musrenbang_kelurahan_directly_and_are_decided_there(
    person, region, all_open, item, lembaga
):
    operator, lpmk = person("operator_kelurahan", KEL), person("lpmk", KEL)
    from_rt = walk(write(person("ketua_rt", RT001), all_open, region(RT001), item), Status.AGREED)
    rt_draft = write(person("ketua_rt", RT001), all_open, region(RT001), item)  # not agreed in a Rembug
    pkk = write(lpmk, all_open, lembaga["pkk"], item)
    kelurahan = write(operator, all_open, region(KEL), item)
    children = write(operator, all_open, lembaga["forum_anak"], item)
    meeting = held(operator, meeting_open(actor=operator, cycle=all_open, holder=region(KEL)))
    listed = set(meeting.items.values_list("proposal_id", flat=True))
    assert listed == {from_rt.pk, pkk.pk, kelurahan.pk, children.pk} and rt_draft.pk not in listed
    for proposal, decision, reason in (
        (from_rt, "forward", ""),
        (pkk, "fund_here", ""),
        (kelurahan, "forward", ""),
        (children, "not_accommodated", "prioritas_rendah"),
    ):
        item_decide(
            actor=operator,
            meeting=meeting,
            proposal_id=proposal.pk,
            decision=decision,
            reason=reason,
            version=meeting.version,
        )
        meeting.refresh_from_db()
    meeting_finalize(actor=operator, meeting=meeting, version=meeting.version)
    status = dict(Proposal.objects.filter(cycle=all_open).values_list("pk", "status"))
    assert status == {
        from_rt.pk: Status.FORWARDED_KECAMATAN,
        rt_draft.pk: Status.DRAFT,
        pkk.pk: Status.FUNDED_KELURAHAN,
        kelurahan.pk: Status.FORWARDED_KECAMATAN,
        children.pk: Status.NOT_ACCOMMODATED,
    }
    moved = pkk.events.get(kind="transition")
    assert (moved.from_status, moved.to_status, moved.actor) == (Status.DRAFT, Status.FUNDED_KELURAHAN, operator)


def test_an_unknown_or_mismatched_kind_is_named(person, region, cycle, item):
    with pytest.raises(DomainError) as error:
        write(person("operator_kelurahan", KEL), cycle, region(RT001), item, proposer_kind="pkk")
    assert error.value.field == "proposer_kind"
    group = CommunityGroup.objects.create(kind="tidak_ada", name="Kelompok X", region=region(KEL))
    with pytest.raises(DomainError, match="Jenis pengusul"):
        write(person("operator_kelurahan", KEL), cycle, group, item)


# --- pages and API ------------------------------------------------------------------------------------------------


def test_kelurahan_staff_see_the_kelurahan_and_its_lembaga_as_proposers_and_write_for_them(
    client, person, region, cycle, item, lembaga, django_assert_max_num_queries
):
    operator = person("operator_kelurahan", KEL)
    for n in range(5):
        community_group_create(region=region(KEL), kind="posyandu", name=f"Posyandu Mawar {n}")
    client.force_login(operator)
    with django_assert_max_num_queries(20):
        page = client.get("/usulan/")
    text = page.content.decode()
    assert "Kelurahan Lowokwaru" in text and "PKK Kelurahan Lowokwaru" in text and "Posyandu Mawar 4" in text
    assert "Usulan ini masuk langsung ke Musrenbang Kelurahan." in text
    assert client.get(f"/usulan/baru/{KEL}/").status_code == 200
    sent = client.post(
        f"/usulan/baru/{KEL}/",
        {
            "title": "Lampu gang Mawar",
            "problem": "Gelap",
            "idea": "Dua lampu",
            "item": item.pk,
            "volume": "2",
            "address": "Gang Mawar",
            "beneficiaries": "40",
            "client_token": "6f1f6c0e-6b7e-4e0a-9a59-0d4c3b7c1a11",
        },
    )
    assert sent.status_code == 302, sent.context["form"].errors
    written = Proposal.objects.get(cycle=cycle)
    assert (written.proposer_kind.code, written.proposer_region.code) == ("kelurahan", KEL)
    client.force_login(person("operator_kelurahan", OTHER_KEL))
    assert client.get(f"/usulan/baru/{KEL}/").status_code == 404
    assert client.get(f"/usulan/baru/g{lembaga['pkk'].pk}/").status_code == 404


def _api_body(cycle, item, **extra) -> dict:
    return {
        "cycle": cycle.year,
        "title": "Pelatihan kader",
        "problem": "Kader belum terlatih",
        "idea": "Pelatihan sehari",
        "item": item.code,
        "volume": "1",
        "address": "Balai kelurahan",
        **extra,
    }


def test_the_api_writes_for_the_kelurahan_and_a_lembaga_and_refuses_others(
    client, person, region, cycle, item, lembaga
):
    client.force_login(person("lpmk", KEL))
    made = client.post(
        "/api/v1/proposals", _api_body(cycle, item, group=lembaga["pkk"].pk), content_type="application/json"
    )
    assert made.status_code == 201, made.json()
    assert made.json()["proposer"] == {
        "region": KEL,
        "group": lembaga["pkk"].pk,
        "kind": "pkk",
        "label": "PKK Kelurahan Lowokwaru",
    }
    refused = client.post("/api/v1/proposals", _api_body(cycle, item, proposer=KEL), content_type="application/json")
    assert refused.status_code == 403
    client.force_login(person("lurah", KEL))
    own = client.post(
        "/api/v1/proposals",
        _api_body(cycle, item, proposer=KEL, proposer_kind="kelurahan"),
        content_type="application/json",
    )
    assert own.status_code == 201 and own.json()["proposer"]["kind"] == "kelurahan"
    wrong = client.post(
        "/api/v1/proposals", _api_body(cycle, item, proposer=KEL, proposer_kind="pkk"), content_type="application/json"
    )
    assert wrong.status_code == 400 and wrong.json()["field"] == "proposer_kind"
    client.force_login(person("operator_kelurahan", OTHER_KEL))
    outside = client.post(
        "/api/v1/proposals", _api_body(cycle, item, group=lembaga["pkk"].pk), content_type="application/json"
    )
    assert outside.status_code == 403
    assert Proposal.objects.filter(cycle=cycle).count() == 2
