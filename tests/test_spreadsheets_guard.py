"""Every uploaded spreadsheet is bounded before it is parsed: rows, columns, cell length, inflated size, entities.

A 3 MB .xlsx can hold a million rows and a 50 KB one a 50 MB cell; read naively, either takes a worker past its
timeout or its memory. These files are refused with a clear Indonesian message and nothing is saved.
"""

import io
import os
import tracemalloc
import zipfile

import pytest

from rembug.errors import DomainError
from rembug.proposals.dictionary import COLUMNS, dictionary_import_xlsx, dictionary_load_csv
from rembug.proposals.models import DictionaryItem
from rembug.spreadsheets import MAX_CELL_CHARS, MAX_ROWS, SpreadsheetTooLarge, read_csv
from rembug.xlsx_guard import open_xlsx
from tests.xlsx_files import cell_xml, million_rows, rows_xml, xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def bappeda(person):
    return person("bappeda", "35.73")


def _rows(book):
    sheet = book.worksheets[0]
    return list(sheet.iter_rows(values_only=True))


def test_a_million_rows_declared_in_the_sheet_are_refused_before_parsing(malang, bappeda):
    with pytest.raises(SpreadsheetTooLarge, match=r"File terlalu besar: paling banyak 50\.000 baris"):
        dictionary_import_xlsx(actor=bappeda, city=malang, file=million_rows(dimension=True))
    assert not DictionaryItem.objects.filter(city=malang).exists()


def test_a_million_rows_without_a_declared_size_are_refused_before_parsing():
    with pytest.raises(SpreadsheetTooLarge, match=r"File terlalu besar: paling banyak 50\.000 baris"):
        open_xlsx(million_rows(dimension=False))


def test_a_row_far_below_the_others_stops_the_reading_at_the_row_limit():
    data = xlsx(['<row r="1"><c r="A1"><v>1</v></c></row>', '<row r="1000000"><c r="A1000000"><v>2</v></c></row>'])
    with open_xlsx(data) as book, pytest.raises(SpreadsheetTooLarge, match=r"paling banyak 50\.000 baris"):
        for _row in book.worksheets[0].iter_rows(values_only=True):
            pass


def test_rows_just_under_the_limit_are_read():
    data = xlsx(rows_xml([["Kode"], *([n] for n in range(MAX_ROWS))]), dimension=f"A1:A{MAX_ROWS + 1}")
    with open_xlsx(data) as book:
        assert len(_rows(book)) == MAX_ROWS + 1


def test_one_cell_of_fifty_megabytes_is_refused_without_being_loaded(malang, bappeda):
    huge = '<row r="1"><c r="A1" t="inlineStr"><is><t>' + "A" * (50 * 1024 * 1024) + "</t></is></c></row>"
    data = xlsx([huge])
    assert len(data) < 1024 * 1024
    tracemalloc.start()
    try:
        with pytest.raises(SpreadsheetTooLarge, match=r"bom zip|File terlalu besar|terlalu panjang"):
            dictionary_import_xlsx(actor=bappeda, city=malang, file=data)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 200 * 1024 * 1024


def test_a_long_incompressible_text_is_refused_while_streaming():
    text = os.urandom(1_500_000).hex()  # 3 MB of text a zip cannot shrink much: no bomb, just a huge cell
    data = xlsx([f'<row r="1">{cell_xml(1, "A", text)}</row>'])
    with pytest.raises(SpreadsheetTooLarge, match="isi sel terlalu panjang"):
        open_xlsx(data)


def test_a_cell_longer_than_excel_allows_is_refused_by_row_and_column():
    data = xlsx(rows_xml([["Kode", "Nama"], ["A", "x" * (MAX_CELL_CHARS + 1)]]))
    with open_xlsx(data) as book, pytest.raises(SpreadsheetTooLarge) as refused:
        _rows(book)
    assert refused.value.message == (
        'Lembar "Sheet1", baris 2, kolom B: isi sel terlalu panjang (paling banyak 32.767 karakter).'
    )


def test_a_zip_bomb_is_refused(malang, bappeda):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            for _ in range(100):
                member.write(b"\0" * (1024 * 1024))
    assert len(out.getvalue()) < 1024 * 1024
    with pytest.raises(SpreadsheetTooLarge, match="bom zip"):
        dictionary_import_xlsx(actor=bappeda, city=malang, file=out.getvalue())


@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3 a PDF renamed .xlsx",
        os.urandom(4096),
        b"PK\x03\x04" + os.urandom(2048),
        b"",
    ],
)
def test_a_file_that_is_not_xlsx_is_refused(malang, bappeda, content):
    with pytest.raises(DomainError, match=r"bukan berkas Excel \(\.xlsx\)"):
        dictionary_import_xlsx(actor=bappeda, city=malang, file=content)


def test_a_zip_without_a_workbook_is_refused(malang, bappeda):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    with pytest.raises(DomainError, match=r"bukan berkas Excel \(\.xlsx\)"):
        dictionary_import_xlsx(actor=bappeda, city=malang, file=out.getvalue())


def test_openpyxl_parses_with_defusedxml():
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML, "defusedxml must be installed: it is what refuses XML entities in uploaded workbooks"


_LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
    + "]>"
)


@pytest.mark.parametrize(
    "prolog, text",
    [
        (_LAUGHS, "&lol9;"),
        ('<!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/passwd">]>', "&secret;"),
    ],
)
def test_xml_entities_are_refused(malang, bappeda, prolog, text):
    data = xlsx([f'<row r="1"><c r="A1" t="inlineStr"><is><t>{text}</t></is></c></row>'], prolog=prolog)
    with pytest.raises(DomainError, match=r"bukan berkas Excel \(\.xlsx\)"), open_xlsx(data) as book:
        _rows(book)


def test_a_csv_with_a_hundred_megabyte_field_is_refused(malang):
    field = io.BytesIO(b'code,name\nJLN-01,"' + b"A" * (100 * 1024 * 1024) + b'"\n')
    with pytest.raises(SpreadsheetTooLarge, match="terlalu besar"):
        dictionary_load_csv(city=malang, file=field)
    assert not DictionaryItem.objects.filter(city=malang).exists()


def test_a_csv_field_longer_than_a_cell_is_refused_by_row(malang):
    with pytest.raises(SpreadsheetTooLarge, match="Baris 2, kolom B: isi sel terlalu panjang"):
        list(read_csv(b"code,name\nJLN-01," + b"A" * (MAX_CELL_CHARS + 1) + b"\n"))
    with pytest.raises(SpreadsheetTooLarge, match="isi sel terlalu panjang"):
        list(read_csv(b'code,name\nJLN-01,"' + b"A" * 200_000 + b"\n"))  # an unclosed quote runs to the end


def test_a_csv_that_is_not_utf8_or_holds_nul_bytes_is_refused_clearly(malang):
    with pytest.raises(DomainError, match=r"simpan sebagai \"CSV UTF-8\".*baris 2"):
        dictionary_load_csv(city=malang, file=b"code,name\nJLN-01,Jalan \xe9\n")
    with pytest.raises(DomainError, match="karakter NUL"):
        dictionary_load_csv(city=malang, file=b"code,name\nJLN-01,Ja\x00lan\n")


def test_a_csv_with_too_many_rows_is_refused(malang):
    header = ",".join(column.key for column in COLUMNS).encode()
    data = header + b"\n" + b"x,y\n" * (MAX_ROWS + 1)
    with pytest.raises(SpreadsheetTooLarge, match=r"paling banyak 50\.000 baris"):
        dictionary_load_csv(city=malang, file=data)


def test_a_chart_sheet_named_like_a_data_sheet_is_refused_clearly():
    from openpyxl import Workbook
    from openpyxl.chart import BarChart

    book = Workbook()
    book.active.append(["Kode"])
    chart = book.create_chartsheet("Survei kondisi")
    chart.add_chart(BarChart())
    buffer = io.BytesIO()
    book.save(buffer)
    with open_xlsx(buffer.getvalue()) as opened, pytest.raises(DomainError, match="bukan lembar data"):
        opened["Survei kondisi"]
