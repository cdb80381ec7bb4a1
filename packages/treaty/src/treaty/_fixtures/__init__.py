"""Fixtures: the documents and behaviour vectors every family version must keep, and checking them.

`cases` reads a kind's ``cases.yaml`` and a version's sets and holds documents to their stated verdicts,
`vectors` does the same for contract functions, `distributions` finds the installed fixture distributions,
and `export` writes them as plain files for consumers in any language. Nothing here needs the author's
tooling: the pytest-treaty plugin runs on it in an integrator's environment.
"""
