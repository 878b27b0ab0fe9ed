"""Every import finds an agency however SIPD or a person writes it: official name, short name, code or alias."""

import pytest

from rembug.agencies.lookups import AgencyMatcher, AgencyNotMatched, agency_named, normalise
from rembug.agencies.models import Agency

pytestmark = pytest.mark.django_db


def test_case_spacing_dots_and_office_abbreviations_do_not_matter():
    assert normalise("  KEC.   Klojen ") == normalise("Kecamatan Klojen") == "kecamatan klojen"
    assert normalise("Kel.Dinoyo") == normalise("kelurahan  dinoyo")
    assert normalise("Dinas Koperasi, Perindustrian dan Perdagangan") == normalise(
        "dinas koperasi perindustrian dan perdagangan"
    )
    assert normalise("Dinas Kebudayaan & Pariwisata") == normalise("Dinas Kebudayaan dan Pariwisata")


def test_the_matcher_finds_an_agency_by_sipd_name_short_name_code_and_alias(malang, django_assert_max_num_queries):
    dlh = Agency.objects.get(city=malang, short_name="DLH")
    dlh.aliases = ["Dinas LH", "Lingkungan Hidup"]
    dlh.save()
    with django_assert_max_num_queries(1):
        matcher = AgencyMatcher(malang)
        for text in ("Dinas Lingkungan Hidup", "dinas  lingkungan hidup ", "DLH", "dlh", "2.11", "dinas lh"):
            assert matcher.match(text) == dlh, text
        assert matcher.match("Kecamatan Klojen").short_name == "Kec. Klojen"
        assert matcher.match("KEC KLOJEN").short_name == "Kec. Klojen"
        assert matcher.match("Kelurahan Dinoyo").short_name == "Kel. Dinoyo"
        assert matcher.match("Kel. Dinoyo").name == "Kelurahan Dinoyo"
        assert matcher.match("Dinas Pekerjaan Umum Penataan Ruang Perumahan dan Kawasan Permukiman").short_name == (
            "DPUPRPKP"
        )
        assert matcher.problem("DLH") == ""


def test_another_citys_agency_is_not_found(malang, region):
    batu = region("35.79")
    assert AgencyMatcher(batu).match("Kelurahan Dinoyo") is None
    assert AgencyMatcher(malang).match("Kelurahan Sisir") is None


def test_an_alias_shared_by_two_agencies_is_reported_not_picked(malang):
    for short in ("DLH", "Dishub"):
        agency = Agency.objects.get(city=malang, short_name=short)
        agency.aliases = ["Dinas Teknis"]
        agency.save()
    matcher = AgencyMatcher(malang)
    assert matcher.match("dinas teknis") is None
    problem = matcher.problem("Dinas Teknis")
    assert "lebih dari satu" in problem and "DLH" in problem and "Dishub" in problem
    with pytest.raises(AgencyNotMatched) as refused:
        matcher.get("Dinas Teknis", field="agency")
    assert refused.value.field == "agency"


def test_an_unknown_name_is_named_and_an_alias_is_suggested(malang):
    problem = AgencyMatcher(malang).problem("Dinas Kearsipan")
    assert "“Dinas Kearsipan”" in problem and "Kota Malang" in problem and "alias" in problem
    with pytest.raises(AgencyNotMatched):
        agency_named("Dinas Kearsipan", city=malang.pk)


def test_an_api_may_still_name_an_agency_by_its_id(malang):
    dlh = Agency.objects.get(city=malang, short_name="DLH")
    assert agency_named(str(dlh.pk), city=malang.pk, allow_id=True) == dlh
    with pytest.raises(AgencyNotMatched):
        agency_named(str(dlh.pk), city=malang.pk)


def test_odd_text_is_an_unknown_agency_not_a_crash(malang):
    for text in ("²", "9" * 40, "\u0000", "Kec.", "   ", "🏛️ Dinas"):
        with pytest.raises(AgencyNotMatched):
            agency_named(text, city=malang, allow_id=True)
