"""一个中心: the supervision big-data center (sources, landing, validation, linkage, publishing)."""
