import sys

from newsdoc.cli import main

sys.exit(main())
