"""Load the built-in bank (importlib.resources) and users' bank folders into one checked Bank."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from cnnquiz.bank import cache
from cnnquiz.bank.schema import Difficulty, Question
from cnnquiz.errors import BankError, UnknownNameError, UsageError, close_matches

BUILTIN_PREFIX = "questions"


def builtin_files() -> list[tuple[str, str]]:
    """(display path, text) of every built-in bank file, read from the installed package."""
    root = resources.files("cnnquiz.questions")
    entries = sorted((e for e in root.iterdir() if e.name.endswith(".yaml")), key=lambda e: e.name)
    return [(f"{BUILTIN_PREFIX}/{e.name}", e.read_text(encoding="utf-8")) for e in entries]


BANK_SUFFIXES = (".yaml", ".yml", ".json")  # JSON is YAML: `cnnquiz export json` output loads as a bank file


def dir_files(directory: Path) -> list[tuple[str, str]]:
    """(path, text) of every *.yaml / *.yml / *.json file in a user's bank folder (or a single file).

    A folder with no bank file, a file name that is not UTF-8 and a file over the size bound are errors.
    """
    from cnnquiz.bank.yamlread import MAX_FILE_BYTES

    if directory.is_file():
        paths = [directory]
    elif directory.is_dir():
        paths = sorted(p for p in directory.iterdir() if p.suffix in BANK_SUFFIXES and p.is_file())
        if not paths:
            raise UsageError(f"{directory}: no bank files here (*.yaml, *.yml or *.json)")
    else:
        raise UsageError(f"{directory}: no such bank folder or file")
    out = []
    for p in paths:
        shown = os.fsdecode(p).encode("utf-8", "backslashreplace").decode("utf-8")
        try:
            os.fsdecode(p).encode("utf-8")
        except UnicodeEncodeError:
            raise BankError(shown, None, "the file name is not valid UTF-8; rename the file") from None
        try:
            if p.stat().st_size > MAX_FILE_BYTES:
                raise BankError(str(p), None, f"the file has {p.stat().st_size / 1e6:.1f} MB; bank files are "
                                              f"limited to {MAX_FILE_BYTES // (1024 * 1024)} MB")
            out.append((str(p), p.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError) as exc:
            raise BankError(str(p), None, f"cannot read the file: {exc}") from None
    return out


def parse_files(files: Iterable[tuple[str, str]], use_cache: bool = True) -> list[Question]:
    """Parse and validate files one by one (each question knows its file and line).

    A bank whose files are unchanged is read from the JSON cache: YAML parsing is most of the
    start-up time of `practice` and `bank list`.
    """
    files = list(files)
    key = cache.digest(files) if use_cache else ""
    cached = cache.load(key) if use_cache else None
    if cached is not None:
        return cached
    from cnnquiz.bank.documents import check_documents, documents_from_yaml, titled
    from cnnquiz.bank.validate import questions_from_document
    from cnnquiz.bank.yamlread import read_yaml

    questions: list[Question] = []
    documents = []
    path_of: dict[str, str] = {}
    for path, text in files:
        doc = read_yaml(text, path)
        questions.extend(questions_from_document(doc, path))
        for d in documents_from_yaml(doc, path):
            documents.append(d)
            path_of.setdefault(d.file, path)
    questions = titled(questions, check_documents(documents, path_of))
    if use_cache:
        cache.store(key, questions)
    return questions


def check_consistency(questions: Sequence[Question], known_ids: Iterable[str] = ()) -> None:
    """Duplicate ids and dangling or self `related` ids are errors (known_ids: other banks' ids)."""
    first: dict[str, Question] = {}
    for q in questions:
        if q.id in first:
            other = first[q.id]
            raise BankError(q.origin, q.line, f"duplicate id '{q.id}' (first defined at {other.origin}:{other.line})")
        first[q.id] = q
    valid = set(first) | set(known_ids)
    for q in questions:
        for rid in q.related:
            if rid == q.id:
                raise BankError(q.origin, q.line, f"question '{q.id}' lists itself as related")
            if rid not in valid:
                raise BankError(q.origin, q.line, f"question '{q.id}' has related id '{rid}' that no question has")


@dataclass
class Bank:
    """The questions in use, in file order, with lookups by id, filters and search."""

    questions: tuple[Question, ...]
    _by_id: dict[str, Question] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._by_id = {q.id: q for q in self.questions}

    def __len__(self) -> int:
        return len(self.questions)

    def __contains__(self, qid: object) -> bool:
        return qid in self._by_id

    @property
    def ids(self) -> list[str]:
        return [q.id for q in self.questions]

    def get(self, qid: str) -> Question:
        """The question with this id; an unknown id raises with close matches."""
        try:
            return self._by_id[qid]
        except KeyError:
            raise UnknownNameError("question id", qid, close_matches(qid, self.ids)) from None

    def documents(self) -> list[str]:
        return sorted({q.source.document for q in self.questions})

    def filter(self, topics: Sequence[str] = (), source: str | None = None,
               difficulty: str | Difficulty | None = None) -> list[Question]:
        """Questions having any of the topics, from the source document, at the difficulty."""
        out = list(self.questions)
        if topics:
            from cnnquiz.bank.schema import TOPICS

            for t in topics:
                if t not in TOPICS and not any(t in q.topics for q in self.questions):
                    raise UnknownNameError("topic", t, close_matches(t, list(TOPICS)))
            wanted = set(topics)
            out = [q for q in out if wanted.intersection(q.topics)]
        if source:
            doc = self.resolve_document(source)
            out = [q for q in out if q.source.document == doc]
        if difficulty:
            try:
                level = Difficulty(difficulty)
            except ValueError:
                raise UsageError(f"difficulty '{difficulty}' must be easy, medium or hard") from None
            out = [q for q in out if q.difficulty is level]
        return out

    def document_names(self) -> dict[str, str]:
        """file -> what people call it: the short name from the `documents:` table, else the file's stem."""
        return {q.source.document: q.source.label for q in self.questions}

    def resolve_document(self, name: str) -> str:
        """A document named by its short name, its file name, its stem or a unique prefix such as `004`."""
        docs = self.documents()
        names = self.document_names()
        for doc in docs:
            if name in (doc, Path(doc).stem, names[doc]):
                return doc
        hits = [d for d in docs if d.startswith(name) or names[d].startswith(name)]
        if len(hits) == 1:
            return hits[0]
        shown = sorted(names[d] for d in hits) or close_matches(name, sorted(set(names.values())))
        raise UnknownNameError("source document", name, shown)


def load_dir(directory: Path, known_ids: Iterable[str] = ()) -> list[Question]:
    """Parse and check a user's bank folder on its own (related ids may point at known_ids)."""
    questions = parse_files(dir_files(directory), use_cache=False)
    check_consistency(questions, known_ids)
    return questions


def check_folder(directory: Path, alone: bool = False) -> list[Question]:
    """`bank check DIR`: the folder's questions, validated with the built-in bank (unless alone) for related
    ids; an id that the built-in bank already uses is a BankError at that question's file:line."""
    known = [] if alone else load_bank().ids
    questions = load_dir(directory, known_ids=known)
    clash = set(known) & {q.id for q in questions}
    if clash:
        q = next(q for q in questions if q.id in clash)
        raise BankError(q.origin, q.line, f"id '{q.id}' is already used by the built-in bank; choose another")
    return questions


def load_bank(extra_dirs: Sequence[Path] = (), only_extra: bool = False, use_cache: bool = True) -> Bank:
    """The built-in bank plus extra folders (or the extra folders alone), checked together.

    use_cache=False parses and validates every file again (what `bank check` wants).
    """
    if only_extra and not extra_dirs:
        raise UsageError("--only needs a bank folder: pass --bank DIR or set CNNQUIZ_BANK")
    files: list[tuple[str, str]] = [] if only_extra else builtin_files()
    for d in extra_dirs:
        files.extend(dir_files(Path(d)))
    questions = parse_files(files, use_cache=use_cache)
    check_consistency(questions)
    return Bank(tuple(questions))
