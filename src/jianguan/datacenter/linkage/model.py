"""What a linkage run is told: how records compare, which pairs are looked at, what is certain."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from splink.internals.comparison_creator import ComparisonCreator

Columns = tuple[str, ...]


@dataclass(frozen=True)
class LinkageSpec:
    """A Fellegi–Sunter model (Splink, trained without labels) and the rules around it.

    - `comparisons`: how two records are compared, field by field (Splink comparison creators).
    - `blocking`: which pairs are scored at all: those equal on every column of some entry.
    - `exact_keys`: columns whose equal non-null values make two records one entity outright.
    - `distinct_keys`: columns whose different non-null values keep two records apart: no
      probabilistic link joins clusters holding different values (two valid USCCs are two
      subjects until a reviewer says otherwise).
    - `deterministic` and `recall`: pairs almost surely matching, and the share of all matches
      they find, to estimate the prior that two random records match.
    - `training`: blocking for the EM passes estimating the m probabilities; each pass trains
      the comparisons its columns do not fix.
    - `threshold`: match probability at or above which a scored pair links; pairs from
      `review_from` up to it go to a data steward instead.
    - `max_block`: a blocking value shared by more records than this is too common to block
      on (a switchboard number, a generic name): dropped from blocking, kept for comparison.
    - `exact_only`: a column whose non-null value means the record links by its exact keys
      alone, never by a score (a device known by its number is not whatever shares its owner's
      name and phone).
    """

    comparisons: Sequence[ComparisonCreator]
    blocking: Sequence[Columns]
    deterministic: Sequence[Columns]
    training: Sequence[Columns]
    exact_keys: Columns = ()
    distinct_keys: Columns = ()
    recall: float = 0.8
    threshold: float = 0.9
    review_from: float = 0.5
    max_block: int = 500
    u_sample_pairs: float = 2e6
    exact_only: str | None = None

    def blocking_columns(self) -> Columns:
        """Every column some blocking entry reads, once, in order of first use."""
        return tuple(dict.fromkeys(column for entry in self.blocking for column in entry))
