"""重点应用: risk warning and clues, 双随机 inspections, tasks, evaluation, IoT, exchange.

Each application is a package here; applications talk to each other through services only.
"""
