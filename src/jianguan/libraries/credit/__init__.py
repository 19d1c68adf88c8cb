"""信用信息库: credit-list events (listing and removal) per subject."""
