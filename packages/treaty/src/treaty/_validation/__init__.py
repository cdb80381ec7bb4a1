"""Validation: the catalog of installed schemas, choosing one per document, and runs with their reports.

`catalog` finds and verifies the schema distributions (`refs` follows references between their files),
`select` chooses a schema for each document, `validator` checks it against python-jsonschema, `vocabulary`
applies the rules a schema states with ``x-treaty-*`` keywords, `policies` loads the rules a family states
as code (one document) and `collection` applies its rules over the set, `run` drives a validation run over
many files (with `treaty._speed` beneath it) and `report` renders its verdicts.
"""
