"""公众端: the public portal, no login, showing what 一公开 and 双公示 allow."""
