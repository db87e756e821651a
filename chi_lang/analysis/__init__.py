"""Analysis of an evaluated index: what drives it, what changed, how robust it is.

* ``cells``       one (period, unit) of the long table as a tree, and re-aggregation
* ``decompose``   contributions (pillar → metric), shortfall and headroom
* ``whatif``      change raw values, re-score and re-aggregate without re-reading data
* ``attribution`` period-over-period change of the index attributed exactly to metrics
* ``sensitivity`` seeded Monte Carlo over weights (and alternative normalisations)
* ``specdiff``    semantic diff of two resolved specs, and its effect on the results

Everything here works on a resolved ``model.Index`` and a ``results.Evaluation``;
nothing re-reads data.  Formatting for people lives in ``report_*`` modules.
"""

from __future__ import annotations

from .attribution import Attribution, attribute, explain_changes

__all__ = ["Attribution", "attribute", "explain_changes"]
