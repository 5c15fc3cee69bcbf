"""`python -m grader` is the same as `kata`."""
import sys

from grader.cli import main

sys.exit(main())
