"""Settings, database and unit of work, errors, ids, clock and working-day calendar."""
