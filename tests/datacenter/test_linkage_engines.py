"""The same linkage on DuckDB and on Spark: one model code, the same clusters."""

from __future__ import annotations

import pytest

from jianguan.datacenter.linkage import link_mention_details, link_new_mentions
from tests.datacenter.test_linkage_subjects import mention_list


@pytest.mark.spark
@pytest.mark.slow
def test_duckdb_and_spark_give_the_same_clusters() -> None:
    mentions, truth = mention_list(subjects=300, seed=11)
    duck = link_mention_details(mentions, engine="duckdb")
    spark = link_mention_details(mentions, engine="spark")
    assert duck.links == spark.links > 0
    assert duck.clusters.equals(spark.clusters)
    assert len(set(duck.clusters.column("cluster_id").to_pylist())) < len(truth)


@pytest.mark.spark
@pytest.mark.slow
def test_an_incremental_batch_links_alike_on_both_engines() -> None:
    mentions, _ = mention_list(subjects=300, seed=12)
    cut = mentions.num_rows * 2 // 3
    earlier, later = mentions.slice(0, cut), mentions.slice(cut)
    first = link_mention_details(earlier)
    known = earlier.append_column("subject_id", first.clusters.column("cluster_id"))
    # DuckDB's model is not Spark's (its SQL is DuckDB's): Spark retrains, as DuckDB does here.
    duck = link_new_mentions(later, known, engine="duckdb")
    spark = link_new_mentions(later, known, model=first.model, engine="spark")
    assert spark.model is not None and spark.model["sql_dialect"] == "spark"
    assert duck.links == spark.links > 0
    assert duck.clusters.equals(spark.clusters)
