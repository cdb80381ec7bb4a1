"""Speed machinery: how `treaty validate` gets through thousands of documents, kept apart from what it decides.

One repository validates over 7,000 documents in CI and in pre-commit, where the plain path (libyaml, then
python-jsonschema, in Python) costs about a millisecond a document and start-up is most of a small run, so
this package holds every mechanism that avoids work, and none of them decides a verdict the strict path
would not give: the fast path (`fast`: yaml-rs and jsonschema-rs vouch for documents that are certainly
valid; anything else goes the strict way), the result cache (`cache`: verdicts keyed by content, whole runs
by stat), the entry-point reader (`entry_points`: schema distributions found without importing
`importlib.metadata`) and the progress line of long runs (`progress`). Kept in one place, below validation
and importing only documents, they leave the rest of the toolkit plain to read; docs/performance.md has
the measurements that justify each one.
"""
