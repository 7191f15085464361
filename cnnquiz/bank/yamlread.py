"""Safe YAML reading that remembers the line of every mapping and key, for file:line errors."""

from __future__ import annotations

import re
from typing import Any

import yaml

from cnnquiz.errors import BankError

# The C parser when PyYAML was built with libyaml; both are SafeLoader: only plain data is built.
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class LineDict(dict):
    """A mapping from YAML that knows its own line and the line of each key (1-based)."""

    line: int = 0
    key_lines: dict[Any, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class _LineLoader(_Base):  # type: ignore[misc, valid-type]
    """SafeLoader whose mappings are LineDicts and which rejects duplicate keys."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode):
    data = LineDict()
    data.line = node.start_mark.line + 1
    data.key_lines = {}
    yield data
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, (str, int, float, bool)) and key is not None:
            raise yaml.constructor.ConstructorError(None, None, "a mapping key must be a plain value",
                                                    key_node.start_mark)
        if key in data:
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key '{key}'", key_node.start_mark)
        data[key] = loader.construct_object(value_node, deep=True)
        data.key_lines[key] = key_node.start_mark.line + 1


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
# YAML 1.1 reads 25.6e6 and 1e9 as strings; accept YAML 1.2 exponent floats, as people write them.
_LineLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?[eE][-+]?[0-9]+$"),
    list("-+0123456789."),
)


MAX_FILE_BYTES = 5 * 1024 * 1024  # the built-in bank is ~0.5 MB in all; a bigger deck is a mistake or an attack
MAX_DEPTH = 64  # a bank file nests 5 levels; deeper nesting would reach Python's recursion limit
ALIAS_BUDGET = 10_000  # nodes that aliases may add once expanded ("billion laughs" adds billions)
# YAML events (values, keys, list and mapping starts/ends) in one file: the largest built-in file has ~4,200,
# ~280 a question. A 5 MB list of 2.6 M numbers took 28 s and 1.1 GB to compose; counting events is cheap.
MAX_EVENTS = 500_000


def count_events(text: str, path: str) -> None:
    """Refuse a file with more than MAX_EVENTS YAML events before composing it (parsing only)."""
    loader = _LineLoader(text)
    try:
        n = 0
        while loader.check_event():
            event = loader.get_event()
            n += 1
            if n > MAX_EVENTS:
                raise BankError(path, event.start_mark.line + 1,
                                f"more than {MAX_EVENTS:,} YAML values by this line; a bank file of even a "
                                "thousand questions has far fewer")
    finally:
        loader.dispose()


def _wrap_scalar(tag: str) -> None:
    """Make a scalar constructor's ValueError/OverflowError a ConstructorError that knows its line."""
    original = _LineLoader.yaml_constructors[tag]

    def construct(loader, node):
        try:
            return original(loader, node)
        except (ValueError, OverflowError) as exc:
            raise yaml.constructor.ConstructorError(
                None, None, f"invalid {tag.rsplit(':', 1)[-1]} {node.value[:40]!r}: {exc}", node.start_mark) from None

    _LineLoader.add_constructor(tag, construct)


for _tag in ("int", "float", "timestamp", "binary"):
    _wrap_scalar(f"tag:yaml.org,2002:{_tag}")


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def check_shape(root: yaml.Node | None, path: str) -> None:
    """Refuse nesting deeper than MAX_DEPTH and aliases whose expansion adds more than ALIAS_BUDGET nodes."""
    if root is None:
        return
    sizes: dict[int, int] = {}  # expanded size of each node, memoised by identity (aliases share nodes)
    seen = 0  # composed nodes, each counted once
    first_alias: list[yaml.Node] = []

    def size(node: yaml.Node, depth: int) -> int:
        nonlocal seen
        if depth > MAX_DEPTH:
            raise BankError(path, _line(node), f"nesting deeper than {MAX_DEPTH} levels; a bank file needs 5")
        key = id(node)
        if key in sizes:
            if not first_alias:
                first_alias.append(node)
            return sizes[key]
        seen += 1
        total = 1
        if isinstance(node, yaml.SequenceNode):
            total += sum(size(child, depth + 1) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            total += sum(size(k, depth + 1) + size(v, depth + 1) for k, v in node.value)
        sizes[key] = total
        if total - seen > ALIAS_BUDGET:
            where = _line(first_alias[0]) if first_alias else _line(node)
            raise BankError(path, where, f"YAML aliases (of the anchor here) expand to more than {ALIAS_BUDGET:,} extra values; "
                                         "write the values out instead of using & and *")
        return total

    size(root, 0)


def read_yaml(text: str, path: str) -> Any:
    """Parse YAML text safely, within size, depth and alias bounds; every problem is a BankError at path:line."""
    if len(text) > MAX_FILE_BYTES:
        raise BankError(path, None, f"the file has {len(text) / 1e6:.1f} M characters; "
                                    f"bank files are limited to {MAX_FILE_BYTES // (1024 * 1024)} MB")
    loader = _LineLoader(text)
    try:
        count_events(text, path)
        node = loader.get_single_node()
        check_shape(node, path)
        return loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or exc.context or "invalid YAML"
        kind = "YAML error" if isinstance(exc, yaml.constructor.ConstructorError) else "YAML syntax error"
        raise BankError(path, line, f"{kind}: {problem}") from None
    except yaml.YAMLError as exc:
        raise BankError(path, None, f"YAML error: {exc}") from None
    except RecursionError:
        raise BankError(path, None, "the YAML nests too deeply to read") from None
    except (ValueError, OverflowError, MemoryError) as exc:
        raise BankError(path, None, f"invalid YAML value: {exc}") from None
    finally:
        loader.dispose()
