"""`python -m dcdsl.cli`: the same as `dcc`."""

from dcdsl.cli import main

main()
