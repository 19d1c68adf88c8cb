"""监管对象库: the one registry of regulated subjects, with identifiers and name history."""
