"""``python -m ddsim`` is the ``ddsim`` command."""

import sys

from ddsim.cli import main

sys.exit(main())
