"""Users, roles, data scope (region subtree × department), API keys and console sessions."""
