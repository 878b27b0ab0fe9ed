"""Judgements on Saaty's scale as people write them: "3", "1/3", or "1,5" with the Indonesian decimal comma.

One reader for the page's matrix and the API's numbers, so both accept the same things.
"""

from __future__ import annotations

from fractions import Fraction


def parse_saaty_value(value: str | float | int) -> float:
    """A judgement as a number; ValueError for anything that is not a number or a fraction (or divides by 0)."""
    if isinstance(value, bool):
        raise ValueError("not a number")
    try:
        return float(Fraction(str(value).strip().replace(",", ".")))
    except ZeroDivisionError:
        raise ValueError("division by zero") from None


def parse_saaty_matrix(text: str) -> list[list[float]]:
    """A matrix typed as lines of space-separated judgements (blank lines skipped); ValueError on a bad cell."""
    return [[parse_saaty_value(cell) for cell in line.split()] for line in text.splitlines() if line.strip()]


def format_saaty_value(value: float) -> str:
    """1/3 rather than 0.333333: the way people write judgements on Saaty's scale."""
    return f"1/{round(1 / value):g}" if 0 < value < 1 and abs(1 / value - round(1 / value)) < 0.02 else f"{value:g}"
