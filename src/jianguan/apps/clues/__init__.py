"""线索 (clues): raised by rules, models, complaints, IoT or by hand; dispatched to a department,
claimed, verified, disposed of, fed back and closed, on a working-day deadline."""
