"""The guard in front of free SPARQL: no text on which it and the engine read SERVICE or FROM differently.

What must never run is a SERVICE clause (the engine would call the endpoint itself) or a
FROM / FROM NAMED naming a graph the store does not hold. Updates (INSERT, LOAD...) cannot
run whatever the guard says: the engine is only ever asked `Store.query` (or a remote
store's query endpoint), whose grammar has no update; the guard refuses them as 403 so
the client learns why. Deep nesting is refused too: the engine's parser and evaluator
recurse, and 5,000 nested groups overflow a worker's stack.

The engine (pyoxigraph 0.5) offers no parser to ask, and a second parser (rdflib's) reads
some texts differently: it expands `\\u` escapes across the whole text, the engine only in
strings and IRIs. So the guard reads the text once with the SPARQL 1.1 terminals
(grammar section 19.8) and makes sure every way it could be misreading the text is refused:

1. Any `\\u` or `\\U` escape is refused: without them both readers see the same characters.
2. The engine matches a keyword without a word boundary (`SERVICEl:x` is SERVICE `l:x`,
   `trueSERVICE` is `true` then SERVICE, `FROMNAMED` is FROM NAMED). So a word that
   *contains* SERVICE or FROM is refused, as is a prefixed name containing SERVICE that is
   followed within three tokens by `{` (SERVICE, SILENT and the IRI may hide in the name)
   and a prefixed name containing FROM outside braces (where a dataset clause can stand).
3. The one terminal a reader cannot tell by itself is `<`: an IRI (`<'x>` is a valid IRI)
   or less-than. Reading left to right, the guard and the engine agree until the first `<`
   the guard takes for an IRI where the engine may see an operator: right after a value,
   inside parentheses (the only place a comparison can stand). If the text from there on
   contains the letters SERVICE or FROM at all, the query is refused with a hint (a space
   after `<`); otherwise nothing could be hidden, and the limits are counted on the raw text.

Apart from those, every token the guard reads is one the engine reads the same way, so
its verdict is the engine's. A remote store with another parser (Jena's ARQ, say) reads
tokens by longest match as the guard does, with word boundaries; the rules above are a
superset of what it could read as SERVICE or FROM too. The verdict depends only on the text (the graph is immutable
per process), so it is kept per text in an LRU cache: a repeated query costs a dict lookup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .errors import DutygraphError, QueryRejected, UnsupportedQueryForm

UPDATE_KEYWORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
QUERY_FORMS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}
NO_SERVICE = "SERVICE (federated query) is not allowed: this endpoint makes no outbound requests"
MAX_DEPTH = 64  # nested { ( [ ; the engine overflows its stack near 3,000
MAX_OPERATORS = 1000  # operators, UNION, MINUS, OPTIONAL: each nests the algebra one level (crash near 3,000)

# SPARQL 1.1 grammar, section 19.8
_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_U = _BASE + "_"
_CHARS = _U + r"\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_PREFIX = f"[{_BASE}](?:[{_CHARS}.]*[{_CHARS}])?"
_LOCAL = f"(?:[{_U}:0-9]|{_PLX})(?:(?:[{_CHARS}.:]|{_PLX})*(?:[{_CHARS}:]|{_PLX}))?"
_ECHAR = r"""\\[tbnrf\\"']"""
_TOKEN = re.compile(
    rf"""
    (?P<ws>[\x20\t\r\n]+)
  | (?P<comment>\#[^\r\n]*)
  | (?P<string>'''(?:(?:'|'')?(?:[^'\\]|{_ECHAR}))*'''|\"\"\"(?:(?:"|"")?(?:[^"\\]|{_ECHAR}))*\"\"\"
               |'(?:[^'\\\r\n]|{_ECHAR})*'|"(?:[^"\\\r\n]|{_ECHAR})*")
  | (?P<iri><[^<>"{{}}|^`\\\x00-\x20]*>)
  | (?P<pname>(?:{_PREFIX})?:(?:{_LOCAL})?)
  | (?P<bnode>_:[{_U}0-9](?:[{_CHARS}.]*[{_CHARS}])?)
  | (?P<var>[?$][{_U}0-9][{_U}0-9\u00b7\u0300-\u036f\u203f-\u2040]*)
  | (?P<langtag>@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*)
  | (?P<number>[0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?|[0-9]+\.[eE][+-]?[0-9]+)
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<op>&&|\|\||!=|<=|>=|[=<>+\-*/|^!])
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_ESCAPE = re.compile(r"\\[uU]")
_HIDDEN = re.compile("service|from", re.IGNORECASE)
_RAW_OPENERS = re.compile(r"[{(\[]")
_RAW_OPERATORS = re.compile(r"&&|\|\||!=|<=|>=|[=<>+\-*/|^!]|union|minus|optional", re.IGNORECASE)
_ABSOLUTE = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
_OPERAND = {"var", "string", "iri", "pname", "bnode", "number", "langtag"}
_CHAINING = {"UNION", "MINUS", "OPTIONAL"}


@dataclass(frozen=True)
class QueryInfo:
    """What the guard learnt about a query: its form and the graphs its dataset clause names."""

    form: str
    from_graphs: tuple[str, ...] = field(default=())
    from_named: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class _Refusal:
    error: type[DutygraphError]
    detail: str
    extra: tuple[tuple[str, object], ...] = ()


def inspect_query(
    text: str, known_graphs: set[str] | frozenset[str] | None = None, max_bytes: int = 100_000
) -> QueryInfo:
    """Refuse what a read-only, no-egress endpoint must not run; return the query form and dataset."""
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        raise QueryRejected(f"query is {size} bytes; the limit is {max_bytes} bytes")
    result = verdict(text)
    if isinstance(result, _Refusal):
        raise result.error(result.detail, **dict(result.extra))
    if known_graphs is not None:
        for named, graphs in ((False, result.from_graphs), (True, result.from_named)):
            for graph in graphs:
                if graph not in known_graphs:
                    raise QueryRejected(
                        f"FROM{' NAMED' if named else ''} <{graph}> names a graph this store does not hold; "
                        "no remote or local documents are loaded",
                        valid=sorted(known_graphs),
                    )
    return result


@lru_cache(maxsize=2048)
def verdict(text: str) -> QueryInfo | _Refusal:
    """The guard's reading of one query text: its form and dataset, or why it is refused (cached)."""
    try:
        return _read(text)
    except DutygraphError as exc:
        return _Refusal(type(exc), exc.detail, tuple(exc.extra.items()))


def _read(text: str) -> QueryInfo:
    if not text.strip():
        raise QueryRejected("empty query")
    escape = _ESCAPE.search(text)
    if escape:
        raise QueryRejected(
            f"\\u and \\U escapes are not accepted (line {_line(text, escape.start())}): readers of SPARQL "
            "disagree on where they apply; write the character itself"
        )
    tokens = [(m.lastgroup or "other", m.group(), m.start()) for m in _TOKEN.finditer(text)]
    code = [t for t in tokens if t[0] not in ("ws", "comment")]
    prefixes: dict[str, str] = {}
    form = None
    from_graphs: list[str] = []
    from_named: list[str] = []
    stack: list[str] = []  # "{", "[", "(" (expression), "row" (a VALUES row), "values" (a VALUES block)
    values_next = False
    depth = operators = 0
    unsure_at: int | None = None
    for i, (kind, value, start) in enumerate(code):
        upper = value.upper()
        before = code[i - 1] if i else ("", "", 0)
        if kind == "iri" and unsure_at is None and stack and stack[-1] == "(" and _ends_operand(before):
            unsure_at = start  # `<` here may be less-than to the engine
        if value in "{([" and kind == "other":
            if value == "{":
                stack.append("values" if values_next else "{")
                values_next = False
            elif value == "(":
                stack.append("row" if stack and stack[-1] == "values" else "(")
            else:
                stack.append("[")
            depth = max(depth, len(stack))
        elif value in "})]" and kind == "other" and stack:
            stack.pop()
        elif kind == "op" or (kind == "word" and upper in _CHAINING):
            operators += 1
        if kind == "word":
            if "SERVICE" in upper:
                raise QueryRejected(NO_SERVICE if upper == "SERVICE" else f"{NO_SERVICE} (read in {value!r})")
            if "FROM" in upper and upper != "FROM":
                raise QueryRejected(f"FROM is glued to the next word in {value!r}; write FROM <graph IRI>")
            if upper == "VALUES":
                values_next = True
            elif upper == "PREFIX" and i + 2 < len(code) and code[i + 1][0] == "pname" and code[i + 2][0] == "iri":
                prefixes[code[i + 1][1][:-1]] = code[i + 2][1][1:-1]
            elif form is None and upper in UPDATE_KEYWORDS:
                raise UnsupportedQueryForm(f"{upper} is a SPARQL Update operation; this endpoint is read-only")
            elif form is None and upper in QUERY_FORMS:
                form = upper
            elif upper == "FROM":
                named, graph = _dataset_clause(code, i, prefixes)
                (from_named if named else from_graphs).append(graph)
        elif kind == "pname" and not (before[0] == "word" and before[1].upper() == "PREFIX"):
            lower = value.lower()
            following = [t[1] for t in code[i + 1 : i + 4]]  # [SILENT] [IRI or variable] {
            # a SERVICE clause has nothing but SILENT and an IRI or variable before its `{`: a `.`, `;` or `,`
            # between the name and the brace ends a triple pattern, so no SERVICE can be read there
            reach = following[: following.index("{")] if "{" in following else following
            if "service" in lower and "{" in following and not {".", ";", ","} & set(reach):
                raise QueryRejected(f"{NO_SERVICE} (read in {value!r} before '{{')")
            if "from" in lower and not stack:
                raise QueryRejected(f"FROM may be read in {value!r} outside braces; write FROM <graph IRI>")
    if unsure_at is not None:
        rest = text[unsure_at:]
        if _HIDDEN.search(rest):
            raise QueryRejected(
                f"'<' at line {_line(text, unsure_at)} follows a value inside parentheses, so it may be less-than or "
                "the start of an IRI, and the text after it mentions SERVICE or FROM: put a space after '<' when "
                "it means less-than"
            )
        depth = max(depth, len(stack) + len(_RAW_OPENERS.findall(rest)))
        operators += len(_RAW_OPERATORS.findall(rest))
    if depth > MAX_DEPTH:
        raise QueryRejected(f"the query nests brackets {depth} deep; the limit is {MAX_DEPTH} levels of nesting")
    if operators > MAX_OPERATORS:
        raise QueryRejected(
            f"the query chains {operators} operators (including UNION, MINUS, OPTIONAL); the limit is {MAX_OPERATORS}"
        )
    if form is None:
        raise QueryRejected("not a SPARQL query: expected SELECT, ASK, CONSTRUCT or DESCRIBE")
    return QueryInfo(form, tuple(from_graphs), tuple(from_named))


def _ends_operand(token: tuple[str, str, int]) -> bool:
    kind, value, _ = token
    return kind in _OPERAND or value in (")", "]") or (kind == "word" and value.upper() in ("TRUE", "FALSE"))


def _dataset_clause(code: list[tuple[str, str, int]], i: int, prefixes: dict[str, str]) -> tuple[bool, str]:
    """FROM [NAMED] <graph>: whether it is NAMED, and the graph IRI (refused if it is not plainly written)."""
    after = code[i + 1] if i + 1 < len(code) else ("", "", 0)
    named = after[0] == "word" and after[1].upper() == "NAMED"
    if not named and after[1].upper().startswith("NAMED"):
        raise QueryRejected(f"FROM NAMED is glued to the next word in {after[1]!r}; write FROM NAMED <graph IRI>")
    target = code[i + 2] if named and i + 2 < len(code) else after
    kind, value, _ = target
    graph = None
    if kind == "iri":
        graph = value[1:-1]
    elif kind == "pname":
        prefix, _, local = value.partition(":")
        if prefix in prefixes and "\\" not in local and "%" not in local:
            graph = prefixes[prefix] + local
    if graph is None:
        raise QueryRejected(f"FROM must name a graph IRI, got {value!r}")
    if not _ABSOLUTE.match(graph):
        raise QueryRejected(f"FROM <{graph}> is a relative IRI; name a graph of this store by its full IRI")
    return named, graph


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1
