"""Source systems: the departments' own systems that send records to the center."""
