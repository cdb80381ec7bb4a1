"""The fuzz driver (`nox -s fuzz`) and the invariants it checks; nothing here is collected as a test."""
