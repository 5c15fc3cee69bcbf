"""Graded checks kept apart: each runs against a private copy of the pristine files, and the files the
grader reads are verified after each one.

Learner code runs as the same user as the grader, so it can write wherever the grader can. If the
checks of a run shared one copy of the pristine kata, one student's code could rewrite the suites,
the pytest configuration or the catalog, and every check after it would be graded by forged files.

What every graded check gets (grader.engine.runner.check_sealed):
- **Its own copy**, made just before its process starts, in a folder of its own with a name nobody
  can guess (128 random bits), inside a folder of the run that cannot be listed (mode 0300): the
  pytest configuration, the catalog, its own suite and any conftest.py or __init__.py on the suite's
  way, written from the bytes recorded when the kata was laid out (`Tree.files`), and the learner's
  file, read once before any check of the run started (`Guard`). The copy is the process's working
  folder and every path it is handed is relative to it: its command line, environment, pytest's
  rootdir and sys.path name nothing else. A warm parent (grader.engine.zygote) is handed the folder as
  a descriptor, so it never holds a path of any check.
- **Verification after it ends.** Its copy is compared with what was written, then removed; then the
  grader's own copy of the pristine kata (which the suites were collected from) and the folder the
  pristine files came from (`--pristine DIR`, the kata that `kata grade` runs in) are compared with
  what was recorded (`Tree.look`): each recorded file whose status changed is hashed (SHA-256), and
  the tests/ folders are listed for anything added (a conftest.py, an __init__.py, a compiled cache).

When something changed:
- the grader's own copy is put back at once (nothing reads it any more, but it stays as recorded);
- a check that ran alone from start to end did it: its result is an error, "the code wrote into the
  grader's files" (`wrote_into_grader_files`), and the folder the pristine files came from is put
  back too;
- otherwise the checks that could have done it (the one that ended and, for a change outside its own
  copy, every check still running) are checked again at the end of the run, one at a time with
  nothing else running, and their first results are dropped; the one that writes again alone did it;
- a change in the source folder that no check repeats alone is left as it is (it may be the
  teacher's own edit) and reported as a note (`Tree.incidents`).

What this cannot rule out: checks that run at the same time are processes of the same user. A hostile
check can, in principle, find a running check's copy (the run's folder cannot be listed, but its
owner may change that, and root ignores it; /proc shows every process's working folder) and rewrite
its suite between the moment it is written and the moment pytest imports it, then put it back before
the check ends, which the verification cannot see. What limits that: the names cannot be guessed;
the results are signed with a key only that check's process ever holds, so nothing another process
writes counts as a result; and a copy that is changed and not put back is caught, and its check run
again alone. Installed code (this grader package, pytest, the Python installation) is shared by every
check and not verified here, and a process a check starts in a session of its own outlives the check.
Who needs more grades each submission in its own container or job, as Classroom 50 and Gradescope do.
"""
from __future__ import annotations

import errno
import hashlib
import os
import secrets
import shutil
import stat
import tempfile
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from pathlib import Path, PurePosixPath
from typing import Generic, TypeVar

from grader import catalog as catalog_module
from grader.catalog import Exercise
from grader.results import ExerciseResult, Status

# The files of a kata a graded check reads, and the folder in which anything added could be imported
# with a suite.
KATA_FILES = (catalog_module.CATALOG_FILE, "pyproject.toml")
TESTS = catalog_module.TESTS
CACHES = "__pycache__"
PRIVATE_MODE = 0o700
UNLISTABLE_MODE = 0o300  # its owner may enter it and create in it, not list it
_FOLDER = os.O_RDONLY | os.O_DIRECTORY | getattr(os, "O_NOFOLLOW", 0)
_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)
SHOWN_NAMES = 5

Key = TypeVar("Key", bound=Hashable)
Stamp = tuple[int, int, int, int, int]  # mode, inode, size, mtime_ns, ctime_ns (no one can set ctime back)
Identity = tuple[int, int]  # device and inode of a tree's own folder


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def shown(names: Iterable[str]) -> str:
    """A few names, and how many more."""
    names = sorted(set(names))
    more = len(names) - SHOWN_NAMES
    return ", ".join(names[:SHOWN_NAMES]) + (f" and {more} more" if more > 0 else "")


def wrote_into_grader_files(exercise: Exercise, names: Iterable[str]) -> ExerciseResult:
    return ExerciseResult(exercise, Status.ERROR,
                          f"Not graded: the code wrote into the grader's files ({shown(names)}). An exercise must "
                          "leave the kata's tests, configuration and catalog alone; the grader put them back, and "
                          "no other result was affected.\n"
                          "Hint: remove whatever in this file opens, writes or deletes files outside its own folder.")


# --- Files beneath a folder, never through a symbolic link ---------------------------------------

def _open_folder(root: Path, parts: list[str], *, create: bool, identity: Identity | None = None) -> int:
    """A descriptor of root/parts, each step a real folder; with `create`, whatever is in the way of
    one is replaced by an empty folder. With `identity`, root must still be that folder (not another
    one moved or linked in its place)."""
    fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    try:
        if identity is not None and _identity_of(os.fstat(fd)) != identity:
            raise OSError(errno.ESTALE, "the folder itself was replaced", str(root))
        for part in parts:
            try:
                inner = os.open(part, _FOLDER, dir_fd=fd)
            except OSError:
                if not create:
                    raise
                _remove_at(fd, part)
                os.mkdir(part, PRIVATE_MODE, dir_fd=fd)
                inner = os.open(part, _FOLDER, dir_fd=fd)
            os.close(fd)
            fd = inner
    except BaseException:
        os.close(fd)
        raise
    return fd


def _remove_at(folder: int, name: str) -> None:
    try:
        info = os.stat(name, dir_fd=folder, follow_symlinks=False)
    except FileNotFoundError:
        return
    if stat.S_ISDIR(info.st_mode):
        shutil.rmtree(name, dir_fd=folder)
    else:
        os.unlink(name, dir_fd=folder)


def _identity_of(info: os.stat_result) -> Identity:
    return info.st_dev, info.st_ino


def _read(root: Path, name: str, identity: Identity | None = None) -> bytes | None:
    """The bytes of root/name if it is a regular file reached through real folders, else None."""
    *parts, leaf = name.split("/")
    try:
        folder = _open_folder(root, parts, create=False, identity=identity)
    except OSError:
        return None
    try:
        fd = os.open(leaf, os.O_RDONLY | _NO_FOLLOW, dir_fd=folder)
    except OSError:
        return None
    finally:
        os.close(folder)
    with os.fdopen(fd, "rb") as file:
        return file.read() if stat.S_ISREG(os.fstat(fd).st_mode) else None


def _write(root: Path, name: str, data: bytes, mode: int, identity: Identity | None = None) -> None:
    """root/name as a new regular file holding `data`, whatever was there (a link, a folder) removed."""
    *parts, leaf = name.split("/")
    folder = _open_folder(root, parts, create=True, identity=identity)
    try:
        _remove_at(folder, leaf)
        fd = os.open(leaf, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NO_FOLLOW, mode, dir_fd=folder)
        with os.fdopen(fd, "wb") as file:
            file.write(data)
    finally:
        os.close(folder)


def _remove(root: Path, name: str, identity: Identity) -> None:
    *parts, leaf = name.split("/")
    if parts:
        try:
            folder = _open_folder(root, parts, create=False, identity=identity)
        except FileNotFoundError:
            return  # a folder on its way is gone: removed with it
    else:
        folder = _open_folder(root, [], create=False, identity=identity)
    try:
        _remove_at(folder, leaf)
    finally:
        os.close(folder)


def _stamp(path: Path) -> Stamp | None:
    try:
        info = os.lstat(path)
    except OSError:
        return None
    return info.st_mode, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns


# --- A recorded tree -----------------------------------------------------------------------------

class Tree:
    """Files the checks must leave alone: the bytes each held when recorded, and how to tell a change.

    `owned`: the grader's own copy, put back as soon as a change is seen. Otherwise (the folder the
    pristine files came from) it is put back only once a check is known to have written into it.
    """

    def __init__(self, root: Path, files: Mapping[str, bytes], *, label: str, owned: bool,
                 caches_count: bool = True, trust_stamps: bool = True) -> None:
        self.root = root
        self.files = dict(files)
        self.digests = {name: digest(data) for name, data in self.files.items()}
        self.label = label
        self.owned = owned
        self.caches_count = caches_count
        self.incidents: list[str] = []
        self.identity = _identity_of(os.stat(root))
        self.stamps = {name: _stamp(root / name) for name in self.files}
        self.modes = {name: stat.S_IMODE(s[0]) if s else 0o644 for name, s in self.stamps.items()}
        # Files whose stamp cannot be trusted yet: hashed at the next look (a file written within the
        # clock tick of its stamp could keep it).
        self.unsure: set[str] = set() if trust_stamps else set(self.files)
        self.listing = self._list()  # as recorded
        self.seen_listing = dict(self.listing)  # at the last look

    def _list(self) -> dict[str, str]:
        """Every entry of the tests/ folder, recursively, never through a link: name -> kind."""
        found: dict[str, str] = {}
        pending = [TESTS]
        found[TESTS] = _kind_of(self.root / TESTS)
        if found[TESTS] != "folder":
            return found
        while pending:
            relative = pending.pop()
            try:
                with os.scandir(self.root / relative) as entries:
                    for entry in entries:
                        if entry.name == CACHES and not self.caches_count:
                            continue
                        name = f"{relative}/{entry.name}"
                        kind = ("link" if entry.is_symlink() else "folder" if entry.is_dir(follow_symlinks=False)
                                else "file")
                        found[name] = kind
                        if kind == "folder":
                            pending.append(name)
            except OSError:
                continue
        return found

    def _differs(self, name: str) -> bool:
        content = _read(self.root, name, self.identity)
        return content is None or digest(content) != self.digests[name]

    def look(self) -> list[str]:
        """What changed since the last look: recorded files that no longer hold their bytes, and
        entries of tests/ added, removed or replaced."""
        changed = set()
        for name in self.files:
            stamp = _stamp(self.root / name)
            if name not in self.unsure and stamp == self.stamps[name]:
                continue
            self.stamps[name] = stamp
            self.unsure.discard(name)
            if self._differs(name):
                changed.add(name)
        listing = self._list()
        changed.update(name for name in listing.keys() | self.seen_listing.keys()
                       if name not in self.files and listing.get(name) != self.seen_listing.get(name))
        self.seen_listing = listing
        return sorted(changed)

    def differences(self) -> list[str]:
        """What differs from the record now."""
        listing = self._list()
        extra = {name for name in listing.keys() | self.listing.keys()
                 if name not in self.files and listing.get(name) != self.listing.get(name)}
        return sorted(extra | {name for name in self.files if self._differs(name)})

    def restore(self) -> list[str]:
        """Put back what differs from the record: added entries removed, recorded files rewritten. The
        names put back; a name that could not be is left in the incidents."""
        differing = self.differences()
        removed: list[str] = []
        for name in differing:  # sorted: a folder before what is in it
            if name not in self.files and not any(name.startswith(f"{gone}/") for gone in removed):
                self._try(_remove, name, self.identity)
                removed.append(name)
        for name in differing:
            if name in self.files:
                self._try(_write, name, self.files[name], self.modes[name], self.identity)
        self.unsure.update(self.files)
        self.stamps = {name: _stamp(self.root / name) for name in self.files}
        self.seen_listing = self._list()
        return differing

    def _try(self, action: Callable[..., None], name: str, *args: object) -> None:
        try:
            action(self.root, name, *args)
        except OSError as error:
            self.incidents.append(f"{name} of {self.label} could not be put back: {error.strerror or error}")

    def note(self, text: str) -> None:
        if text not in self.incidents:
            self.incidents.append(text)


def _kind_of(path: Path) -> str:
    try:
        info = os.lstat(path)
    except OSError:
        return "missing"
    return "link" if stat.S_ISLNK(info.st_mode) else "folder" if stat.S_ISDIR(info.st_mode) else "file"


def kata_files(root: Path, names: Iterable[str] | None = None) -> dict[str, bytes]:
    """The regular files of a kata a graded check may read (the catalog, the pytest configuration and
    everything under tests/), or only `names`, as they are now."""
    if names is None:
        tests = root / TESTS
        names = [*KATA_FILES, *(path.relative_to(root).as_posix() for path in sorted(tests.rglob("*"))
                                if path.is_file() and CACHES not in path.parts)]
    found = {name: _read(root, name) for name in names}
    return {name: data for name, data in found.items() if data is not None}


def needed_by(files: Iterable[str], exercise: Exercise) -> list[str]:
    """The pristine files one check reads: the catalog, the pytest configuration, its suite, and any
    conftest.py or __init__.py on the suite's way."""
    suite = PurePosixPath(exercise.test_path.as_posix())
    on_the_way = [folder for folder in suite.parents if folder.parts]
    wanted = {*KATA_FILES, str(suite), *(str(folder / name) for folder in on_the_way
                                          for name in ("conftest.py", "__init__.py"))}
    return sorted(name for name in files if name in wanted)


# --- One check's copy ----------------------------------------------------------------------------

class Copies:
    """The run's folder of check copies: unlistable, each copy in a folder with an unguessable name."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="kata-")).resolve()
        os.chmod(self.folder, UNLISTABLE_MODE)

    def make(self, pristine: Tree, exercise: Exercise, learner: bytes | None) -> Tree:
        """A fresh copy of what `exercise`'s check reads, and the learner's file, if there is one."""
        root = self.folder / secrets.token_hex(16)
        root.mkdir(mode=PRIVATE_MODE)
        files = {name: pristine.files[name] for name in needed_by(pristine.files, exercise)}
        for name, data in files.items():
            _write(root, name, data, pristine.modes[name])
        if learner is not None:
            _write(root, exercise.shown_path, learner, 0o644)
        return Tree(root, files, label="the check's copy of the kata", owned=True, trust_stamps=False)

    @staticmethod
    def remove(copy: Tree) -> None:
        """Remove a check's copy (slow on some disks: the runner does it in a thread)."""
        shutil.rmtree(copy.root, ignore_errors=True)

    def close(self) -> None:
        try:
            os.chmod(self.folder, PRIVATE_MODE)
        except OSError:
            pass
        shutil.rmtree(self.folder, ignore_errors=True)


# --- A run's checks ------------------------------------------------------------------------------

class Outcome(Enum):
    CLEAN = "clean"  # nothing changed: the result stands
    WROTE = "wrote"  # it ran alone and the grader's files changed: it did it
    AGAIN = "again"  # it may have done it, or its copy was changed: check it again alone


@dataclass
class Ended:
    outcome: Outcome
    names: list[str]  # what changed, for the message


class Guard(Generic[Key]):
    """A run's graded checks: the learner files read once, the copies, who ran beside whom, and who
    must be checked again alone."""

    def __init__(self, trees: Iterable[Tree]) -> None:
        self.trees = list(dict.fromkeys(trees))
        self.copies = Copies()
        self.learner: dict[Key, bytes | None] = {}
        self.running: set[Key] = set()
        self.accompanied: set[Key] = set()
        self.again: list[Key] = []

    def read_learner_file(self, key: Key, path: Path) -> None:
        """Read a check's learner file now, before any check of the run starts: its copy is made from these bytes."""
        self.learner[key] = _read(path.parent, path.name)

    def copy_for(self, key: Key, pristine: Tree, exercise: Exercise) -> Tree:
        """A fresh copy for the check (slow on some disks: the runner makes it in a thread)."""
        return self.copies.make(pristine, exercise, self.learner.get(key))

    def start(self, key: Key) -> None:
        """From now until `end`, the check runs."""
        if key in self.again:
            self.again.remove(key)
        self.accompanied.discard(key)
        if self.running:
            self.accompanied.update(self.running, {key})
        self.running.add(key)

    def end(self, key: Key, copy: Tree) -> Ended:
        """The check ended: verify its copy and the recorded trees, and say what that means for it. The
        copy is left for `Copies.remove` (or `close`)."""
        self.running.discard(key)
        own = copy.look()
        elsewhere = self._look_around()
        names = sorted({*own, *(name for changed in elsewhere.values() for name in changed)})
        if names and key not in self.accompanied:
            self._put_back(tree for tree in elsewhere if not tree.owned)
            return Ended(Outcome.WROTE, names)
        if names:
            for suspect in [key, *(self.running if elsewhere else [])]:
                if suspect not in self.again:
                    self.again.append(suspect)
        return Ended(Outcome.AGAIN if key in self.again else Outcome.CLEAN, names)

    def take_again(self) -> list[Key]:
        """The checks to run again (in no particular order), one at a time with nothing else running."""
        return list(self.again)

    def _look_around(self) -> dict[Tree, list[str]]:
        """What changed in each recorded tree since the last look; the grader's own copy is put back."""
        found = {}
        for tree in self.trees:
            if changed := tree.look():
                found[tree] = changed
                if tree.owned:
                    tree.restore()
                    tree.note(f"Code under test wrote into {tree.label} ({shown(changed)}): it was put back at "
                              "once, and the checks that could have done it were checked again, each on its own.")
        return found

    @staticmethod
    def _put_back(trees: Iterable[Tree]) -> None:
        """Trees a check is known to have written into: put back as recorded."""
        for tree in trees:
            if put_back := tree.restore():
                tree.note(f"Code under test wrote into {tree.label} ({shown(put_back)}); those files were put "
                          "back as they were, and the check that did it is reported as an error.")

    def close(self) -> None:
        for tree in self.trees:
            if not tree.owned and (left := tree.differences()):
                tree.note(f"{tree.label[:1].upper()}{tree.label[1:]} changed while grading ({shown(left)}), and "
                          "no check did that when checked on its own: it was left as it is. Check it before "
                          "grading again.")
        self.copies.close()
