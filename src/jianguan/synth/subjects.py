"""Valid identifiers for tests, benchmarks and examples."""

from __future__ import annotations

import random

from jianguan.standard.identifiers import org_code_check_char, uscc_check_char


def make_uscc(rng: random.Random, region_code: str, department: str = "9", kind: str = "1") -> str:
    """A valid GB 32100 code: registering department, subject type, region, org code, check."""
    body = "".join(rng.choice("0123456789") for _ in range(8))
    first17 = f"{department}{kind}{region_code}{body}{org_code_check_char(body)}"
    return first17 + uscc_check_char(first17)
