"""How big a number Rembug accepts, in one place: every form and API field that takes a number uses these.

A value past a column's range reaches the database and fails there (SQLite: OverflowError; PostgreSQL:
NumericValueOutOfRange), a 500 for what is only a typing mistake. The bounds are generous for the domain and
well inside the columns that hold them (PositiveIntegerField: 2^31 − 1; PositiveBigIntegerField: 2^63 − 1).
"""

from __future__ import annotations

#: Rupiah amounts: costs, funding shares, ceilings (pagu), budgets. A city's whole APBD is below 10^14.
MAX_RUPIAH = 10**15
#: People: beneficiaries, attendance counts.
MAX_PEOPLE = 100_000_000
#: Anything else whole that is stored: ids, versions, years (the largest signed 64-bit integer).
MAX_INTEGER = 2**63 - 1
#: The largest integer a 32-bit column (PositiveIntegerField, IntegerField) holds.
MAX_INTEGER_32 = 2**31 - 1


def out_of_range(value: object, limit: int = MAX_INTEGER) -> bool:
    """True for an int (or a string of ASCII digits) larger than `limit` in magnitude; anything else is not."""
    if isinstance(value, bool):
        return False
    if isinstance(value, str):
        text = value.strip().lstrip("+-")
        if not (text.isascii() and text.isdigit()):
            return False
        if len(text) > 19:  # no 64-bit integer has more digits (and int() of thousands of digits is refused)
            return True
        value = int(text)
    return isinstance(value, int) and abs(value) > limit
