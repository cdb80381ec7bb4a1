"""Documents: YAML and JSON files read into JSON data with positions, and the findings that locate problems.

The toolkit's bottom layer: nothing here imports the rest of it but `treaty.exceptions`. `document` is what
every reader shares (a loaded document, its limits, how a plain scalar reads; no PyYAML), `loader` is the
strict loader built on libyaml (which leaves JSON to `json_reader`), `files` names the files a run reads
(and holds the one glob dialect), `atomic` writes files whole, and `findings` is the record every layer
reports in.
"""
