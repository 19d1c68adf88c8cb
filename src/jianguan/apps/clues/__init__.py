"""线索 (clues): raised by rules, models, complaints, IoT or by hand; dispatched to a department,
claimed, verified, disposed of, fed back and closed, on a working-day deadline."""

# Subscribes clues to the registry's merge events wherever clues are loaded.
from jianguan.apps.clues import events as _events  # noqa: F401
