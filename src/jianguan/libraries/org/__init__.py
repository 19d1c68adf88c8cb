"""Regions (GB/T 2260 tree), departments (functional lines) and their agencies."""
