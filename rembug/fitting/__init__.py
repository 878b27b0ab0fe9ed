"""Budget fitting: pick the proposals that give the most priority value within Bappeda's indicative ceilings.

Pure Python (numpy + HiGHS via ``highspy``), no Django, so it can be tested and benchmarked on its own.
:func:`fit_budget` solves it as a mixed-integer program to optimality or a proven 0.1 % gap and says why
each proposal was left out; :func:`greedy_fit` is the "highest value first while it fits" rule other
platforms use, kept to show what optimization gains. Both raise ``ValueError`` on invalid input.
"""

from .greedy import greedy_fit
from .highs import MIP_REL_GAP
from .mip import fit_budget
from .problem import FitItem
from .result import FitResult, Reason, ReasonKind

__all__ = ["MIP_REL_GAP", "FitItem", "FitResult", "Reason", "ReasonKind", "fit_budget", "greedy_fit"]
