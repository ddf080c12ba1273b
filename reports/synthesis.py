"""Section I.2 as the department edits it: a synthesis per part of the plan, not every unit's text.

Per part (libraries, museums, cultural houses and clubs, each group of solutions): the part's key
figures (the provincial totals of its indicators for the period, from the report's data), then per
task the units' sentences, those written alike by several units said once under their names
("UBND các huyện Tam Đường, Sìn Hồ: ..."), and at the end the tasks no unit reported on, once.
The units' full texts stay on their submissions' pages and, if the department chooses, in an
appendix of the PDF (``full_texts``).
"""
import difflib
import re
import unicodedata
from collections import defaultdict

from laichau_plan import formatting as fmt

# Two sentences are "near-identical" from this ratio (difflib.SequenceMatcher on the normalised
# text) when they also carry the same figures. Units copying a common wording differ by a word or
# two: measured on the demo's sentences of 100–130 characters, "các xã, thị trấn" → "các xã,
# phường" scores 0.96, "Đã chỉ đạo" → "Đơn vị đã chỉ đạo" 0.97, "học sinh" → "thanh thiếu niên"
# 0.91, while the demo's three different sentences score 0.37–0.44 against each other. 0.9
# merges a word or two changed and keeps apart what says something else.
# A figure is never merged away: "12 cuộc" and "21 cuộc" score 0.98 in a long sentence, so
# sentences whose numbers differ are kept apart whatever their ratio (``alike``).
NEAR_IDENTICAL = 0.9

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def normalise(sentence):
    """The sentence as compared: NFC, lower case, punctuation dropped, whitespace collapsed."""
    text = unicodedata.normalize("NFC", sentence).casefold()
    text = "".join(" " if unicodedata.category(ch).startswith("P") else ch for ch in text)
    return " ".join(text.split())


def split_sentences(text):
    """A unit's text as sentences (whitespace collapsed; each ends with its own punctuation)."""
    text = " ".join(unicodedata.normalize("NFC", text or "").split())
    return [part for part in _SENTENCE_END.split(text) if part.strip()]


def alike(a, b):
    """True when the normalised sentences are the same, or near-identical (``NEAR_IDENTICAL``)
    with the same figures."""
    if _NUMBER.findall(a) != _NUMBER.findall(b):
        return False
    a, b = normalise(a), normalise(b)
    if a == b:
        return True
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() >= NEAR_IDENTICAL


def merge_sentences(texts):
    """``[(unit, text)]`` → ``[(units, sentences)]``: each sentence once, under every unit that
    wrote it (or one alike); a unit set's sentences together, in the order they first appear. The
    wording kept is the first unit's."""
    groups = []  # [sentence, [units]]
    for unit, text in texts:
        for sentence in split_sentences(text):
            for group in groups:
                if alike(group[0], sentence):
                    if unit not in group[1]:
                        group[1].append(unit)
                    break
            else:
                groups.append([sentence, [unit]])
    by_units = {}
    for sentence, units in groups:
        by_units.setdefault(tuple(units), []).append(sentence)
    return [(list(units), sentences) for units, sentences in by_units.items()]


def join_vi(items):
    """``A``, ``A và B``, ``A, B và C``."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " và " + items[-1]


DISTRICT_PREFIX = "UBND huyện "
CITY_PREFIX = "UBND thành phố "


def unit_names(units):
    """The units as an officer names them: district People's Committees together ("UBND các huyện
    Tam Đường, Sìn Hồ"; "UBND thành phố Lai Châu và các huyện Tam Đường, Sìn Hồ"), the others by
    their full names, joined by ", " and " và ". ``units``: names, in the report's order."""
    districts = [name[len(DISTRICT_PREFIX):] for name in units if name.startswith(DISTRICT_PREFIX)]
    cities = [name[len(CITY_PREFIX):] for name in units if name.startswith(CITY_PREFIX)]
    others = [name for name in units if not name.startswith((DISTRICT_PREFIX, CITY_PREFIX))]
    people = []
    if len(districts) > 1:
        people.append(f"các huyện {', '.join(districts)}")
    elif districts:
        people.append(f"huyện {districts[0]}")
    if cities:
        people.insert(0, f"thành phố {join_vi(cities)}")
    if not people:
        return join_vi(others)
    committees = f"UBND {join_vi(people)}"
    if " và " in committees and others:  # "Thư viện tỉnh, UBND thành phố Lai Châu và các huyện ..."
        return ", ".join(others + [committees])
    return join_vi(others + [committees])


def key_figures(indicator_codes, data):
    """``Tổng số sách bổ sung: 6.052 bản; ...``: the provincial totals for the period of the
    indicators counted by sums (the report's own figures), in the plan's order; '' when none
    has a figure. An indicator's total is the sum over its targets' distinct scopes (the
    provincial library and the district ones), each institution counted once."""
    parts = []
    for indicator in data["indicators"]:
        if indicator["code"] not in indicator_codes or indicator["aggregation"] != "sum":
            continue
        seen, total = set(), None
        for target in indicator["targets"]:
            scope = repr(sorted(target["scope"].items())) if target["scope"] else ""
            if scope in seen or target["actual"] is None:
                continue
            seen.add(scope)
            total = (total or 0) + target["actual"]
        if total is not None:
            parts.append(f"{indicator['name']}: {fmt.number(total, separators=fmt.VI_SEPARATORS)} {indicator['unit']}")
    return "; ".join(parts)


def synthesis(tasks, texts_by_task, data, year_phrase):
    """The synthesis as lines of text (one paragraph each).

    ``tasks``: the plan's tasks in order (``code``, ``section``, ``section_title``,
    ``indicator_codes``); ``texts_by_task``: {task code: [(unit name, text)]} in the report's unit
    order; ``data``: the report data; ``year_phrase``: "năm 2019". No unit's words, no lines: the
    section stays empty (and issuing asks for it to be written) rather than list every task as
    not reported."""
    if not any(texts_by_task.values()):
        return []
    parts = defaultdict(list)
    titles = {}
    for task in tasks:
        parts[task["section"]].append(task)
        titles.setdefault(task["section"], task["section_title"])
    lines = []
    for index, (section, part_tasks) in enumerate(parts.items()):
        letter = _LETTERS[index] if index < len(_LETTERS) else str(index + 1)
        lines.append(f"{letter}) {titles[section]}")
        codes = {code for task in part_tasks for code in task["indicator_codes"]}
        figures = key_figures(codes, data)
        if figures:
            lines.append(f"Số liệu chủ yếu {year_phrase}: {figures}.")
        silent, said_by_tasks = [], {}
        for task in part_tasks:
            texts = texts_by_task.get(task["code"])
            if not texts:
                silent.append(task["code"])
                continue
            said = " ".join(
                f"{unit_names(units)}: {' '.join(sentences)}" for units, sentences in merge_sentences(texts)
            )
            said_by_tasks.setdefault(said, []).append(task["code"])  # tasks said alike: once
        for said, codes in said_by_tasks.items():
            lines.append(f"- Nhiệm vụ {', '.join(codes)}: {said}")
        if silent:
            lines.append(f"- Chưa có đơn vị báo cáo: nhiệm vụ {', '.join(silent)}.")
    return lines


def full_texts(tasks, texts_by_task):
    """The appendix of the units' full texts: [(task heading, [unit lines])] for tasks with text."""
    return [
        (f"{task['code']}. {task['text']}", [f"- {unit}: {' '.join(text.split())}" for unit, text in texts])
        for task in tasks
        if (texts := texts_by_task.get(task["code"]))
    ]
