import sys

from hl_extract.cli import main

sys.exit(main())
