"""执法人员库: enforcement personnel with their certificates and business lines."""
