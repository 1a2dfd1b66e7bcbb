"""Hypothesis profiles: ``ci`` (the default; the same examples on every machine) and ``explore``.

* ``ci``: derandomized (the examples come from a hash of each test, so ten fresh clones draw the
  same ones), no example database (a developer's ``.hypothesis/`` cannot change what runs), no
  deadline (HermiT and pySHACL start-up times vary), the failing example's blob printed. Each
  property test keeps its own bounded ``max_examples`` (``examples(n)`` gives ``n``).
* ``explore`` (``make explore``): fresh random seeds (``--hypothesis-seed`` reproduces one) and
  ``EXPLORE_FACTOR`` times as many examples in the tests that ask through ``examples(n)``. What it
  finds becomes a fixture in tests/data/ replayed by a plain test.

``HYPOTHESIS_PROFILE`` names the profile; without it, ``ci`` (``--hypothesis-profile`` still wins).
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

EXPLORE_FACTOR = int(os.environ.get("ECOONTO_EXPLORE_FACTOR", "10"))
"""How many times more examples ``explore`` runs than ``ci`` (``ECOONTO_EXPLORE_FACTOR``)."""

_RELAXED = [HealthCheck.too_slow, HealthCheck.data_too_large]

settings.register_profile(
    "ci",
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=True,
    suppress_health_check=_RELAXED,
)
settings.register_profile(
    "explore",
    derandomize=False,
    deadline=None,
    print_blob=True,
    suppress_health_check=_RELAXED,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def examples(ci: int) -> int:
    """``ci`` examples under the ``ci`` profile, ``EXPLORE_FACTOR`` times as many under explore.

    >>> examples(20) in (20, 20 * EXPLORE_FACTOR)
    True
    """
    if settings.get_current_profile_name() == "explore":
        return ci * EXPLORE_FACTOR
    return ci
