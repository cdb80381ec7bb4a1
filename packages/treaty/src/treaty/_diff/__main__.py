"""Write the rule catalog as Markdown: ``python -m treaty._diff > docs/diff-rules.md``."""

import sys

from treaty._diff.reference import render_markdown

sys.stdout.write(render_markdown())
