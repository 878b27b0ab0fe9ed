"""A Rembug held on paper, entered from an Excel file: the downloadable template and its all-or-nothing import.

Many RT, RW and Pokmas still meet with paper and pen; the kelurahan operator types the meeting's list into the
template and uploads it. Every bad cell of every sheet is reported at once, by sheet, row and column, and nothing
is saved unless the whole file is valid. A valid file is then written through the same services as a Rembug held
in the app (open, record, order, delegates, finalize), in one transaction: if any of them refuses, nothing stays.

An import starts a holder's Rembug; it never edits one. It is refused when the holder's Rembug of the year is already
finalized (a correction is a revision, made online), or when the holder already has proposals or attendance
recorded for the year (the data then lives in the app: edit it online, so the two records never mix).

template.py  the downloadable workbook; reader.py  sheets, rows and cells of a filled one; validator.py  what the
cells say, checked with the proposal services' field rules; importer.py  the all-or-nothing save; layout.py  what
the template and the import agree on.
"""
