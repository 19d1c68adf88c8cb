"""风险预警: learned risk models (calibrated, with per-subject factors), backtests, a registry.

`model` fits and explains, `backtest` measures on a time split (Chicago's schedule protocol
included), `registry` keeps versions on disk, `service` ties them together, `chicago` maps
Chicago's food inspections into the platform's terms and trains on them.
"""
