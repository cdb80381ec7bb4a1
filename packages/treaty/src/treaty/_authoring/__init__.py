"""Authoring: the contract repository's working tree, and every file Treaty generates from it.

`workspace` finds the repository and its model families, `export` writes their schemas and manifests,
`templates` a filled example per kind, `release` the lock that freezes a version, `sources` reads a
version's schemas from models, folders or git, `codegen` generates models from pinned schemas, and
`extras` names the optional install a command needs.
"""
