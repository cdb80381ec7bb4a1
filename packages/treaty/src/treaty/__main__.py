"""``python -m treaty``: the command line."""

import sys

from treaty._cli import main

sys.exit(main())
