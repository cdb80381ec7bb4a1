"""cwom-store: CWOM objects in SQLite or PostgreSQL, through SQLAlchemy 2 and Alembic.

A Treaty integrator example. `Store` writes documents checked against the installed cwom contract
(``contract``) as rows of a table per kind and join tables for lists of Refs (``schema``, ``rows``), and reads
them back unchanged; ContextPackets and ConstraintSnapshots are never updated, by the API and by database
triggers. ``adapters`` are what pytest-treaty runs the contract's fixtures and sets through.
"""

from cwom_store.errors import ContractViolation, ImmutableObjectError, Problem, StoreError
from cwom_store.store import Store, engine_for, migrate

__version__ = "0.1.0"

__all__ = [
    "ContractViolation",
    "ImmutableObjectError",
    "Problem",
    "Store",
    "StoreError",
    "__version__",
    "engine_for",
    "migrate",
]
