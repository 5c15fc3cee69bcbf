"""The process that runs one exercise's suite: `python -m grader.engine.child <pytest args>`.

It sets limits that protect the machine from the learner's code, then hands over to pytest. The
grader trusts nothing this process says through its exit code; only the results file counts.
"""
import signal
import sys

try:
    import resource
except ImportError:  # Windows: no resource limits to set
    resource = None  # type: ignore[assignment]

# A runaway print loop must not fill the disk: past this size a write fails with EFBIG (instead of
# killing the process with SIGXFSZ), and the test that printed fails.
MAX_FILE_BYTES = 64 * 1024 * 1024


def main() -> int:
    if resource is not None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        _, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
        limit = MAX_FILE_BYTES if hard == resource.RLIM_INFINITY else min(MAX_FILE_BYTES, hard)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))

    import pytest

    return pytest.main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
