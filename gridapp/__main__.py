import sys

from gridapp.cli import main

sys.exit(main())
