"""What a query matches, and the index tokens that find it. No MkDocs here.

The specification is docs/search.md ("搜索的含义"); gk-search.js repeats every
function here, and tests/search_vectors.json holds cases both must agree on
(tests/test_search_semantics.py runs them in Python and in Chromium).

- *Folding*: ``tokenize.normalize`` (NFKC, lower case, traditional → simplified).
- *Match text* of a field: the folded text with every run of punctuation and
  spaces between two Han characters removed (“三公”经费 → 三公经费); a line
  break is a hard boundary and stays. Fields are joined by line breaks.
- *Query words*: the folded query split at spaces, each turned into match
  text, with punctuation at its ends dropped (a closing bracket whose opening
  one is in the word stays: 国发〔2017〕).
- A word *matches* a text when it occurs in the match text and, where it
  begins or ends with a letter or digit, the text does not continue it with
  another (2017 is not found in 20170, 0.5万元 not in 10.5万元).
- A word that looks like a 索引号 (or its 年份-流水号 part) matches the entry
  whose 索引号 it is, never body text; a query of single Han characters only
  searches titles (the title field: title, 文号, 主题词).

Tokens are units and pairs of neighbouring units of match text, a unit being
one Han character or a run of letters and digits: 预算, 第2, 发〔2017, 25.16,
2016. A pair includes the (at most two, non-space) characters between its
units, so a pair token is present exactly when those characters are: a word
of one or two units is found exactly by its token; a longer word by its
pairs, then checked in the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from collections.abc import Mapping

from .tokenize import normalize

HAN = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
"""Han characters (CJK unified ideographs, extensions, compatibility ideographs, 〇)."""
RUN = re.compile(f"([{HAN}]+)|([^\\W_{HAN}]+)")
"""A run of Han characters, or a run of other letters and digits (must match gk-search.js)."""
ALNUM = re.compile(f"[^\\W_{HAN}]")
_BETWEEN_HAN = re.compile(f"(?<=[{HAN}])(?:(?!\\n)[\\W_])+(?=[{HAN}])")
_LEAD = re.compile("^[\\W_]+")
MAX_WORD = 32
"""Letter/digit runs are cut to this length in tokens (a 索引号 prefix of 18 characters fits)."""
MAX_GAP = 2
"""Pairs of units are tokens when at most this many non-space characters lie between them."""
CLOSERS = {"〕": "〔", "]": "[", ")": "(", "】": "【", "」": "「", "』": "『", "》": "《", "〉": "〈", "”": "“", "’": "‘"}
INDEX_NO = re.compile(r"(?:[0-9a-z]{9}|[0-9a-z]{18})/[0-9]{4}(?:[0-9]{2})?-[0-9]{5}|[0-9]{4}(?:[0-9]{2})?-[0-9]{5}")
"""A query word that is a 索引号 (统一社会信用代码/年份-流水号) or its 年份-流水号 part (folded)."""
INDEX_MARK = "#"
"""Index tokens of a 索引号 start with this (no other token can: it is punctuation)."""
MAX_QUERY_TOKENS = 4
"""A query fetches at most this many shards; what it leaves out is checked in the text."""


def match_text(folded: str) -> str:
    """Folded text with punctuation and spaces between Han characters removed."""
    return _BETWEEN_HAN.sub("", folded)


def field_text(*fields: str) -> str:
    """Match text of several fields (a line break between them is a boundary)."""
    return match_text(normalize("\n".join(fields)))


def tokens(text: str, *, unigrams: bool = False) -> list[str]:
    """Tokens of match text, in order, with repeats: Han pairs, letter/digit runs, pairs across a short gap.

    With ``unigrams`` (the title field) also every single Han character, so a
    one-character query can search titles.
    """
    out: list[str] = []
    tail, end = "", -1
    for m in RUN.finditer(text):
        han, word = m.group(1), m.group(2)
        if han:
            if unigrams:
                out.extend(han)
            if len(han) > 1:
                out += [han[i : i + 2] for i in range(len(han) - 1)]
            head, last = han[0], han[-1]
        else:
            head = last = word[:MAX_WORD]
            out.append(head)
        if tail:
            gap = text[end : m.start()]
            if len(gap) <= MAX_GAP and not any(c.isspace() for c in gap):
                out.append(tail + gap + head)
        tail, end = last, m.end()
    return out


def index_tokens(index_no: str) -> list[str]:
    """The tokens of an entry's 索引号: the whole of it and its 年份-流水号 part."""
    folded = normalize(index_no).strip()
    if not folded:
        return []
    return list(dict.fromkeys([INDEX_MARK + folded, INDEX_MARK + folded.rsplit("/", 1)[-1]]))


def strip_word(word: str) -> str:
    """A query word without punctuation at its ends (a closing bracket opened inside it stays)."""
    word = _LEAD.sub("", word)
    while word and not RUN.match(word[-1]):
        opener = CLOSERS.get(word[-1])
        if opener and opener in word:
            break
        word = word[:-1]
    return word


def query_words(query: str) -> list[str]:
    """The words of a query, as match text; duplicates and words without a letter, digit or Han character go."""
    out: list[str] = []
    for raw in normalize(query).split():
        word = strip_word(match_text(raw))
        if word and RUN.search(word) and word not in out:
            out.append(word)
    return out


def found(word: str, text: str) -> bool:
    """``word`` occurs in match text ``text`` and no letter or digit continues it there."""
    lead, trail = bool(ALNUM.match(word[0])), bool(ALNUM.match(word[-1]))
    at = text.find(word)
    while at >= 0:
        end = at + len(word)
        if (not lead or at == 0 or not ALNUM.match(text[at - 1])) and (not trail or end == len(text) or not ALNUM.match(text[end])):
            return True
        at = text.find(word, at + 1)
    return False


def is_index_no(word: str) -> bool:
    return INDEX_NO.fullmatch(word) is not None


def index_matches(word: str, index_no: str) -> bool:
    folded = normalize(index_no).strip()
    return bool(folded) and (folded == word or folded.endswith("/" + word))


def units(word: str) -> list[tuple[str, int, int]]:
    """(unit, start, end) of match text: single Han characters and letter/digit runs."""
    out: list[tuple[str, int, int]] = []
    for m in RUN.finditer(word):
        if m.group(1):
            out += [(c, m.start() + i, m.start() + i + 1) for i, c in enumerate(m.group(1))]
        else:
            out.append((m.group(2)[:MAX_WORD], m.start(), m.end()))
    return out


@dataclass
class Word:
    text: str
    """The word as match text."""
    tokens: list[str]
    """Tokens every entry containing the word has (pairs; or its one unit)."""
    exact: bool
    """Entries with these tokens are exactly the entries containing the word."""
    index_no: bool = False
    single: bool = False
    """One Han character: no token of its own outside titles."""


@dataclass
class Query:
    words: list[Word]
    tokens: list[str] = field(default_factory=list)
    """The tokens fetched (at most MAX_QUERY_TOKENS)."""
    title_only: bool = False
    exact: bool = True
    """The entries with every fetched token are exactly the matches: nothing to check."""


def parse_word(word: str) -> Word:
    if is_index_no(word):
        return Word(word, [INDEX_MARK + word], True, index_no=True)
    parts = units(word)
    bare = parts[0][1] == 0 and parts[-1][2] == len(word)  # no bracket kept at an end (国发〔2017〕): tokens don't hold it
    if len(parts) == 1:
        unit = parts[0][0]
        if RUN.fullmatch(unit).group(1):  # type: ignore[union-attr]
            return Word(word, [unit], bare, single=True)
        return Word(word, [unit], bare and parts[0][2] - parts[0][1] <= MAX_WORD)
    pairs: list[str] = []
    exact = bare and len(parts) == 2
    for (a, _, a_end), (b, b_start, _) in zip(parts, parts[1:]):
        gap = word[a_end:b_start]
        if len(gap) <= MAX_GAP:
            pairs.append(a + gap + b)
        else:  # no token spans this gap: the units themselves (letters and digits only)
            exact = False
            pairs += [u for u in (a, b) if not RUN.fullmatch(u).group(1)]  # type: ignore[union-attr]
    exact = exact and all(end - start <= MAX_WORD for _, start, end in parts)
    return Word(word, list(dict.fromkeys(pairs)), exact)


def cover(length: int) -> list[int]:
    """Starts of the pairs fetched for a word of ``length`` pairs + 1 units: non-overlapping, plus the last."""
    starts = list(range(0, length - 1, 2))
    if starts and starts[-1] != length - 2:
        starts.append(length - 2)
    return starts


def parse_query(query: str, common: Mapping[str, int] | None = None) -> Query:
    """The words of a query and the tokens gk-search.js fetches for it.

    Any subset of a word's pair tokens keeps recall at 100%, so a long word
    fetches a covering set of pairs, swapped for rarer ones when the manifest
    lists them as ``common`` (token → entries); at most MAX_QUERY_TOKENS in all.
    """
    common = common or {}
    words = [parse_word(w) for w in query_words(query)]
    if words and all(w.single for w in words):
        return Query(words, list(dict.fromkeys(w.tokens[0] for w in words)), title_only=True, exact=all(w.exact for w in words))
    required: list[str] = []
    exact = True
    for word in words:
        if word.single:
            exact = False
            continue
        if len(word.tokens) > 2:
            starts = cover(len(word.tokens) + 1)
            order = [word.tokens[i] for i in starts] + [t for i, t in enumerate(word.tokens) if i not in starts]
            required += sorted(order, key=lambda t: common.get(t, 0))[: len(starts)]
        else:
            required += word.tokens
        exact = exact and word.exact
    required = list(dict.fromkeys(required))
    if len(required) > MAX_QUERY_TOKENS:
        keep = set(sorted(required, key=lambda t: common.get(t, 0))[:MAX_QUERY_TOKENS])
        required = [t for t in required if t in keep]
        exact = False
    return Query(words, required, exact=exact)


def matches(query: Query | str, heading: str, text: str, index_no: str = "") -> bool:
    """The decision the browser makes before showing an entry: every word is in it.

    ``heading`` and ``text`` are the raw title and body fields (line breaks between fields).
    """
    parsed = parse_query(query) if isinstance(query, str) else query
    if not parsed.words:
        return False
    title = field_text(heading)
    body = title if parsed.title_only else title + "\n" + field_text(text)
    return all(index_matches(w.text, index_no) if w.index_no else found(w.text, body) for w in parsed.words)


SUBJECTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("预算", ("budget",)),
    ("决算", ("final_account",)),
    ("三公", ("three_public",)),
    ("采购", ("procurement",)),
    ("招标", ("procurement",)),
    ("中标", ("procurement",)),
    ("解读", ("interpretation",)),
    ("年报", ("annual_report",)),
    ("年度报告", ("annual_report",)),
    ("征求意见", ("consultation",)),
)
"""A query word containing one of these names the subject of these kinds: their entries rank first."""


def subject_kinds(parsed: Query) -> list[str]:
    """Kinds whose subject the query names, in SUBJECTS order."""
    out: list[str] = []
    for subject, kinds in SUBJECTS:
        if any(subject in w.text for w in parsed.words if not w.index_no):
            out += [k for k in kinds if k not in out]
    return out


def query_tokens(query: str, common: Mapping[str, int] | None = None) -> tuple[list[str], bool]:
    """(tokens fetched, title_only) of a query — what gk-search.js ``parseQuery`` fetches."""
    parsed = parse_query(query, common)
    return parsed.tokens, parsed.title_only
