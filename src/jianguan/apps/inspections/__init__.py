"""双随机一公开 (random inspections): verifiable draws and inspector assignment.

`digest` fixes what a plan publishes before its draw (canonical snapshots, SM3 digests, seed
commitment, rules) and derives the keys; `draw` holds the stratified draw and verifies a
published one; `assign` forms the teams under 回避, team size and workload limits. All are
pure functions over Arrow tables; docs/draw.md specifies the algorithm byte by byte.
"""
