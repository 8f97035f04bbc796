"""``python -m ddsim`` is the ``ddsim`` command."""

import sys

from .cli import main

sys.exit(main())
