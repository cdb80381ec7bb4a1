"""Validation: the catalog of installed schemas, choosing one per document, and runs with their reports.

`catalog` finds and verifies the schema distributions (`refs` follows references between their files),
`select` chooses a schema for each document, `validator` checks it against python-jsonschema, `policies`
and `collection` apply the rules JSON Schema cannot say (one document, then the set), `run` drives a
validation run over many files (with `treaty._speed` beneath it) and `report` renders its verdicts.
"""
