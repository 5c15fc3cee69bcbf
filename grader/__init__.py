"""The asyncio kata: the `kata` command-line grader and the pytest harness its suites use."""
