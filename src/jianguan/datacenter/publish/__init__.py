"""Publishing: accepted, standardised rows into the thematic libraries, with lineage."""
