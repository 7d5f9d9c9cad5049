from newsdoc.cli import main
import sys

sys.exit(main())
