"""The guide as city-editable content: pages, overrides, the admin, field help, and bounded queries."""

import pytest
from django import forms
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.template import Context, Template
from django.test import RequestFactory

from rembug.cycles.services import cycle_create
from rembug.demo.services import ACCOUNTS, DEMO_PASSWORD, demo_load
from rembug.fieldhelp import HelpFromGuide
from rembug.forums.services import attendee_add, meeting_open
from rembug.guide.models import ChecklistItem, FieldHelp, GuidePage
from rembug.guide.selectors import guide_for
from rembug.guide.services import guide_defaults_load, guide_page_copy
from rembug.proposals.services import funding_set, proposal_create
from tests.factories import dictionary_item

pytestmark = pytest.mark.django_db
RT001 = "35.73.05.1011.03.001"


def test_loading_the_defaults_twice_changes_nothing_and_keeps_what_a_person_edited(guide, person):
    pages, items = GuidePage.objects.count(), ChecklistItem.objects.count()
    assert pages >= 15 and GuidePage.objects.filter(city__isnull=True, role="ketua_rt", stage="rembug").exists()
    page = GuidePage.objects.get(city__isnull=True, role="camat", stage="musrenbang_kecamatan")
    page.body, page.updated_by = "Teks dari Bappeda", person("bappeda", "35.73")
    page.save()
    counts = guide_defaults_load()
    assert counts["created"] == 0 and counts["updated"] == 0 and counts["kept"] == 1
    assert (GuidePage.objects.count(), ChecklistItem.objects.count()) == (pages, items)
    page.refresh_from_db()
    assert page.body == "Teks dari Bappeda"


def test_every_default_step_names_a_registered_check(guide):
    from rembug.guide.checks import REGISTRY

    assert set(ChecklistItem.objects.exclude(check_key="").values_list("check_key", flat=True)) <= set(REGISTRY)


def test_the_command_loads_the_guide(db, capsys):
    call_command("load_guide")
    assert "halaman dibuat" in capsys.readouterr().out
    assert GuidePage.objects.filter(city__isnull=True).exists()


def test_a_citys_own_page_overrides_the_default(guide, person, cycle, malang, batu):
    default = GuidePage.objects.get(city__isnull=True, role="ketua_rt", stage="rembug")
    own = guide_page_copy(actor=None, page=default, city=malang)
    own.title = "Rembug RT versi Kota Malang"
    own.save()
    own.items.exclude(check_key="attendance_recorded").delete()
    [guide_malang] = guide_for(person("ketua_rt", RT001))
    assert guide_malang.page == own and [i.check for i in guide_malang.items] == ["attendance_recorded"]
    cycle_create(city=batu, year=cycle.year, schedule={s.kind: (s.opens_on, s.closes_on) for s in cycle.stages.all()})
    [guide_batu] = guide_for(person("ketua_rt", "35.79.01.1001.01.001"))
    assert guide_batu.page == default


def test_the_guide_page_is_readable_by_anyone_signed_in(guide, client, person, cycle):
    assert client.get("/panduan/ketua_rt/rembug/").status_code == 302  # sign in first
    client.force_login(person("verifikator_opd", "35.73", agency="DLH"))
    page = client.get("/panduan/ketua_rt/rembug/")
    assert page.status_code == 200
    text = page.text
    assert "Rembug RT" in text and "perempuan (sedikitnya 30 % peserta)" in text and "<ul>" in text
    assert "Centang otomatis muncul bila peran ini milik Anda" in text  # not their role: no ticks
    assert client.get("/panduan/presiden/rembug/").status_code == 404
    # A role and stage without a page falls back to the stage table's to-do list.
    GuidePage.objects.filter(role="lurah", stage="musrenbang_kelurahan").delete()
    text = client.get("/panduan/lurah/musrenbang_kelurahan/").text
    assert "Pimpin Musrenbang Kelurahan" in text


def test_the_body_is_plain_text_never_raw_html(guide, client, person, malang):
    page = GuidePage.objects.create(
        city=malang,
        role="lurah",
        stage="rembug",
        title="Uji",
        body="Baris satu\n<script>alert(1)</script>\n\n- poin <b>satu</b>",
    )
    client.force_login(person("lurah", "35.73.05.1011"))
    text = client.get(f"/panduan/{page.role}/{page.stage}/").text
    assert "<script>alert" not in text and "&lt;script&gt;" in text and "<li>poin &lt;b&gt;satu&lt;/b&gt;</li>" in text


def test_my_guides_page_ticks_the_checklist(guide, client, person, cycle):
    chair = person("ketua_rt", RT001)
    client.force_login(chair)
    text = client.get("/panduan/").text
    assert "Rembug RT: yang perlu Ketua RT lakukan" in text and "Belum:" in text and "Semua panduan" in text


def test_the_dashboard_tag_renders_one_cards_checklist(guide, rf, person, cycle):
    chair = person("ketua_rt", RT001)
    from rembug.accounts.scopes import assignments_of

    [assignment] = assignments_of(chair)
    html = Template("{% load guide %}{% guide_checklist assignment %}").render(
        Context({"user": chair, "assignment": assignment})
    )
    assert "Rembug RT" in html and "/panduan/ketua_rt/rembug/" in html


def test_the_checklist_costs_a_bounded_number_of_queries(
    guide, person, region, cycle, malang, django_assert_max_num_queries
):
    chair = person("ketua_rt", RT001)
    item = dictionary_item(malang)
    for n in range(8):
        proposal = proposal_create(
            actor=chair,
            cycle=cycle,
            proposer=region(RT001),
            title=f"Paving {n}",
            problem="x",
            idea="y",
            item=item,
            volume=10,
            address="RT 001",
        )
        funding_set(actor=chair, proposal=proposal, version=proposal.version, shares={"swadaya": 1_500_000})
    meeting = meeting_open(actor=chair, cycle=cycle, holder=region(RT001))
    for n in range(10):
        attendee_add(actor=chair, meeting=meeting, name=f"Warga {n}", gender="P" if n % 2 else "L", age_group="dewasa")
    # The same person also chairs the RW and runs the kelurahan and the city: more roles, not more queries each.
    from rembug.accounts.services import role_assign

    role_assign(actor=None, user=chair, role="ketua_rw", region=region("35.73.05.1011.03"))
    role_assign(actor=None, user=chair, role="operator_kelurahan", region=region("35.73.05.1011"))
    role_assign(actor=None, user=chair, role="bappeda", region=malang)
    fresh = get_user_model().objects.get(pk=chair.pk)
    with django_assert_max_num_queries(20):
        guides = guide_for(fresh)
    assert len(guides) == 4
    [rt] = [g for g in guides if g.role == "ketua_rt"]
    assert {i.check: i.done for i in rt.items}["funding_complete"] is True
    assert {i.check: i.done for i in rt.items}["attendance_recorded"] is True


@pytest.fixture
def planner(person):
    return person("bappeda", "35.73")


def test_only_the_citys_planners_edit_its_pages_in_the_admin(guide, client, planner, person, malang, batu):
    default = GuidePage.objects.get(city__isnull=True, role="ketua_rt", stage="rembug")
    own = guide_page_copy(actor=None, page=default, city=malang)
    theirs = guide_page_copy(actor=None, page=default, city=batu)
    client.force_login(planner)
    listed = {p.pk for p in client.get("/admin/guide/guidepage/").context["cl"].result_list}
    assert own.pk in listed and default.pk in listed and theirs.pk not in listed
    assert client.get(f"/admin/guide/guidepage/{theirs.pk}/change/").status_code == 302  # not found → index
    data = {
        "city": malang.pk,
        "role": "ketua_rt",
        "stage": "rembug",
        "title": "Panduan Malang",
        "body": "Isi",
        "items-TOTAL_FORMS": "0",
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "1000",
    }
    response = client.post(f"/admin/guide/guidepage/{own.pk}/change/", data)
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    own.refresh_from_db()
    assert own.title == "Panduan Malang" and own.updated_by == planner and own.version == 2
    # The default is shown read-only: a change is refused.
    assert client.post(f"/admin/guide/guidepage/{default.pk}/change/", {**data, "city": ""}).status_code == 403
    default.refresh_from_db()
    assert default.title != "Panduan Malang"
    client.force_login(person("ketua_rt", RT001))
    assert client.get("/admin/guide/guidepage/").status_code == 302


def test_a_planner_copies_a_default_for_the_city_with_an_admin_action(guide, client, planner, malang):
    default = GuidePage.objects.get(city__isnull=True, role="lurah", stage="rembug")
    client.force_login(planner)
    client.post("/admin/guide/guidepage/", {"action": "copy_for_my_city", "_selected_action": [default.pk]})
    copy = GuidePage.objects.get(city=malang, role="lurah", stage="rembug")
    assert copy.items.count() == default.items.count() and copy.updated_by == planner


def test_a_superuser_edits_the_defaults(guide, client, admin_user):
    default = GuidePage.objects.get(city__isnull=True, role="lurah", stage="rembug")
    client.force_login(admin_user)
    assert client.get(f"/admin/guide/guidepage/{default.pk}/change/").status_code == 200
    data = {
        "city": "",
        "role": "lurah",
        "stage": "rembug",
        "title": "Baru",
        "body": "Isi",
        "items-TOTAL_FORMS": "0",
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "1000",
    }
    assert client.post(f"/admin/guide/guidepage/{default.pk}/change/", data).status_code == 302
    default.refresh_from_db()
    assert default.title == "Baru"


class SampleForm(HelpFromGuide, forms.Form):
    guide_key = "tests.SampleForm"
    problem = forms.CharField(help_text="Bantuan bawaan formulir")
    idea = forms.CharField(help_text="Gagasan bawaan")


def test_field_help_comes_from_the_city_then_the_default_then_the_form(db, malang, batu):
    FieldHelp.objects.create(key="tests.SampleForm.problem", text="Bantuan bawaan panduan")
    FieldHelp.objects.create(key="tests.SampleForm.problem", city=malang, text="Bantuan khusus Malang")
    assert SampleForm(guide_city=malang).fields["problem"].help_text == "Bantuan khusus Malang"
    assert SampleForm(guide_city=batu.pk).fields["problem"].help_text == "Bantuan bawaan panduan"
    assert SampleForm().fields["idea"].help_text == "Gagasan bawaan"


def test_the_default_help_fits_the_real_forms(guide):
    from rembug.fieldhelp import apply_field_help, form_key
    from rembug.forums.forms import AttendeeForm
    from rembug.proposals.forms import ProposalForm

    assert form_key(ProposalForm) == "proposals.ProposalForm"
    form = AttendeeForm()
    apply_field_help(form)
    assert form.fields["position"].help_text.startswith("Mis. Ketua RT")
    keys = set(FieldHelp.objects.values_list("key", flat=True))
    real = {f"proposals.ProposalForm.{n}" for n in ProposalForm(city=None, year=2027).fields} | {
        f"forums.AttendeeForm.{n}" for n in AttendeeForm().fields
    }
    assert keys <= real


def test_the_guide_renders_for_every_demo_role(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    demo_load()
    guide_defaults_load()
    for account in ACCOUNTS:
        # The login lockout (django-axes) needs the request that logs in.
        assert client.login(request=RequestFactory().post("/masuk/"), username=account.username, password=DEMO_PASSWORD)
        response = client.get("/panduan/")
        assert response.status_code == 200, account.username
        assert "Tidak ada panduan untuk tahap" not in response.text, account.username
        assert client.get(f"/panduan/{account.role}/rembug/").status_code == 200
