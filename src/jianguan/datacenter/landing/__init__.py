"""Landing: receive files and pushed batches, keep the raw bytes, land rows as text."""
