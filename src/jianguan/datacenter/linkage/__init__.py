"""Entity resolution: mentions of regulated subjects linked into one registry.

`link` clusters any table of records under a `LinkageSpec` (Splink's Fellegi–Sunter model,
trained without labels, plus certain and forbidden links); `link_mentions` is that for subject
mentions as departments send them, with Chinese name and address normalisation.
"""

from jianguan.datacenter.linkage.model import LinkageSpec
from jianguan.datacenter.linkage.service import (
    LinkResult,
    blocking_keys,
    link,
    link_details,
    link_incremental,
)
from jianguan.datacenter.linkage.subjects import (
    SUBJECT_SPEC,
    link_mention_details,
    link_mentions,
    link_new_mentions,
    prepare_mentions,
)

__all__ = [
    "SUBJECT_SPEC",
    "LinkResult",
    "LinkageSpec",
    "blocking_keys",
    "link",
    "link_details",
    "link_incremental",
    "link_mention_details",
    "link_mentions",
    "link_new_mentions",
    "prepare_mentions",
]
