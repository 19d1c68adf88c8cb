"""Tamper-evident audit log: every write and every sensitive read, chained with SM3."""
