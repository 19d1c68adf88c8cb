"""The same linkage on DuckDB and on Spark: one model code, the same clusters."""

from __future__ import annotations

import pytest

from jianguan.datacenter.linkage import link_mention_details
from tests.datacenter.test_linkage_subjects import mention_list


@pytest.mark.slow
def test_duckdb_and_spark_give_the_same_clusters() -> None:
    mentions, truth = mention_list(subjects=300, seed=11)
    duck = link_mention_details(mentions, engine="duckdb")
    spark = link_mention_details(mentions, engine="spark")
    assert duck.links == spark.links > 0
    assert duck.clusters.equals(spark.clusters)
    assert len(set(duck.clusters.column("cluster_id").to_pylist())) < len(truth)
