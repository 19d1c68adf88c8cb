"""监管行为库: inspections, penalties, licences and coercive measures."""
