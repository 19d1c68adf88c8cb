"""The synthetic province: deterministic (by seed) organisation, subjects and records."""
