"""dome-binder: dome's binder on DuckDB, reproducing the contract's replay vectors exactly."""

from dome_binder.store import BINDER_VERSION, Binder, IngestReport, Rejection

__all__ = ["BINDER_VERSION", "Binder", "IngestReport", "Rejection"]
