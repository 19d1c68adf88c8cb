"""The ``jianguan`` command: one group per area."""
