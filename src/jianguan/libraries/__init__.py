"""N个主题库: the thematic libraries (items, subjects, behaviours, personnel, complaints, credit)."""
