"""Hypothesis settings shared by the property tests, with its caches kept out of the project tree."""
from __future__ import annotations

import atexit
import shutil
import tempfile

from hypothesis import HealthCheck, settings
from hypothesis.configuration import set_hypothesis_home_dir

# Hypothesis keeps caches (examples, constants) in a home directory: keep it out of the project tree.
_HYPOTHESIS_HOME = tempfile.mkdtemp(prefix="infratrack-hypothesis-")
set_hypothesis_home_dir(_HYPOTHESIS_HOME)
atexit.register(shutil.rmtree, _HYPOTHESIS_HOME, ignore_errors=True)

COMMON = settings(deadline=None, database=None,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
