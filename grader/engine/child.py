"""The process that runs one exercise's suite: `python -m grader.engine.child <pytest args>`.

It sets limits that protect the machine from the learner's code, then hands over to pytest. The
grader trusts nothing this process says through its exit code; only the results file counts.

`python -m grader.engine.child --warm FD PLUGIN ...` is the warm parent instead (grader.engine.zygote):
it preloads, then forks a child per check, and each child comes back here to run the same main()
as a spawned one, with its check's pytest arguments.
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


def main(argv: list[str]) -> int:
    if argv[:1] == ["--warm"]:
        from grader.engine import zygote

        job = zygote.run(int(argv[1]), argv[2:])
        if job is None:
            return 0  # the warm parent, once the grader is gone
        argv = job.args  # a forked child: from here on, exactly what a spawned child does
    if resource is not None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        _, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
        limit = MAX_FILE_BYTES if hard == resource.RLIM_INFINITY else min(MAX_FILE_BYTES, hard)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))

    import pytest

    return pytest.main(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
