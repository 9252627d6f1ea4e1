"""`python -m generator`: the same as the `paper-atlas` command."""

import sys

from .cli import main

sys.exit(main())
