import sys

from newsdoc.cli.app import main

sys.exit(main())
