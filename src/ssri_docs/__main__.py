"""Allow ``python -m ssri_docs``."""

import sys

from .cli import main

sys.exit(main())
