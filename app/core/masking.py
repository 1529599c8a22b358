"""Privacy masks for printed labels, per GB/T 41833-2022 《快递电子运单》.

A label must hide at least 1 character of each name, at least 6 digits of each phone
number and the unit/room part of the address. Every function here:

- never raises, whatever text it gets;
- never prints platform ciphertext (it becomes a fixed placeholder);
- never "unmasks": characters already hidden stay hidden, and a mask that hides too
  little (``138****1234`` hides 4 digits) is widened;
- is idempotent: ``mask(mask(x)) == mask(x)``, so masked copies can be masked again safely.

Style choices (kept close to what Douyin/Kuaishou print):

- names keep the surname and hide the given name, one ``*`` per hidden character:
  ``王小明`` → ``王**``, ``欧阳娜娜`` → ``欧阳**``; a name that is only a surname still hides a
  character (``欧阳`` → ``欧*``, ``张`` → ``*``); Latin names keep each word's initial:
  ``John Smith`` → ``J*** S****``;
- phones keep the first 3 and last 2 digits of a mobile (``138******78``), the area code
  and last 2 digits of a landline (``0571-******56``) and the whole extension of a virtual
  number (``184******65-7576``): the courier dials it after the main number;
- addresses keep the road, house number and community name and replace everything from
  the first building/unit/room marker with ``****``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from app.core.pii import Phone, clean_phone_text, is_bare_mobile, is_cipher, normalize_phone

__all__ = [
    "ADDRESS_PLACEHOLDER",
    "COMPOUND_SURNAMES",
    "NAME_PLACEHOLDER",
    "PHONE_PLACEHOLDER",
    "mask_address",
    "mask_full_address",
    "mask_name",
    "mask_phone",
]

MASK = "*"
#: printed instead of platform ciphertext
NAME_PLACEHOLDER = "***"
PHONE_PLACEHOLDER = "*" * 11
ADDRESS_PLACEHOLDER = "****"

#: 复姓 kept whole when the name is longer than the surname
_COMPOUND_SURNAMES_TEXT = """
欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 令狐 澹台 公冶 申屠 太史
端木 轩辕 呼延 南宫 独孤 万俟 闻人 赫连 第五 钟离 濮阳 西门 拓跋 司空 东郭 百里 左丘 公羊
公良 仲孙 单于 淳于 宗政 鲜于 羊舌 微生 梁丘 谷梁 乐正 漆雕 壤驷 公西 巫马 颛孙 段干 子车
亓官 司寇 东门 南门 呼衍 贺兰 叱干 完颜 纳兰
歐陽 司馬 諸葛 尉遲 公孫 長孫 鍾離 軒轅 東方 南宮 獨孤 萬俟 聞人 拓拔
"""
#: 复姓: kept whole when the name is longer than the surname (欧阳娜娜 → 欧阳**)
COMPOUND_SURNAMES = frozenset(_COMPOUND_SURNAMES_TEXT.split())

_NAME_SEPARATORS = frozenset("·•・.‧ー-")


def _clean_name(text: str) -> str:
    return " ".join(str(text).replace("＊", MASK).split())


def _is_cjk(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F") or "\u3400" <= ch <= "\u9fff"


def _mask_word(word: str, keep: int) -> str:
    """Keep the first ``keep`` characters, hide the rest except separators like ``·``."""
    out = list(word[:keep])
    out.extend(ch if ch in _NAME_SEPARATORS else MASK for ch in word[keep:])
    masked = "".join(out)
    if MASK not in masked:  # nothing hideable was left: hide all but separators, at least one
        masked = "".join(ch if ch in _NAME_SEPARATORS else MASK for ch in word)
        if MASK not in masked:
            masked = MASK * len(word)
    return masked


def mask_name(name: str) -> str:
    """Hide at least one character of a person's name (GB/T 41833: ≥1 character)."""
    try:
        if name is None:
            return ""
        s = _clean_name(name)
        if not s:
            return ""
        if is_cipher(s):
            return NAME_PLACEHOLDER
        if MASK in s:
            return s  # already masked: keep every hidden character hidden
        words = s.split(" ")
        if len(words) > 1 and all(_is_cjk(c) for w in words for c in w):
            words = ["".join(words)]  # "张 三" is one Chinese name written with a space
        if len(words) == 1:
            w = words[0]
            keep = 2 if len(w) > 2 and w[:2] in COMPOUND_SURNAMES else 1
            return _mask_word(w, keep)
        return " ".join(_mask_word(w, 1) for w in words)
    except Exception:  # a label must still print: hide everything instead
        return NAME_PLACEHOLDER


# --------------------------------------------------------------------------- phones

_CC_PREFIX = re.compile(r"^(?:(?:\+|00)\s*86[\s\-]*|86[\s\-]+(?=[0-9*]))")
_PHONEISH = re.compile(r"[0-9*\s\-()._]+(?:\s*(?:转|分机|ext\.?|x|#)\s*[0-9]+)?", re.IGNORECASE)
_EXT_SPLIT = re.compile(
    r"(?P<main>.*?)\s*(?:-|_|转|分机|ext\.?|x|#|\s)\s*(?P<ext>[0-9]{1,6})", re.IGNORECASE
)
_AREA_SPLIT = re.compile(r"\(?(?P<area>010|02[0-9]|0[3-9][0-9]{2})\)?[\s\-.]*(?P<rest>.*)")


def _is_slot(ch: str) -> bool:
    """A digit position: an ASCII digit or a digit already hidden."""
    return "0" <= ch <= "9" or ch == MASK


def _slots(text: str) -> str:
    return "".join(ch for ch in text if _is_slot(ch))


def _keep_counts(n: int) -> tuple[int, int]:
    """How many leading/trailing digit slots stay visible in a number of ``n`` slots:
    at least 6 are hidden, all of them below 7; 11+ keep 3 + 2 like platform masks."""
    if n < 7:
        return 0, 0
    if n >= 11:
        return 3, 2
    keep = n - 6
    tail = min(2, keep)
    return keep - tail, tail


def _mask_slots(slots: str) -> str:
    head, tail = _keep_counts(len(slots))
    n = len(slots)
    return slots[:head] + MASK * (n - head - tail) + slots[n - tail:]


def _ext_allowed(main_slots: str, ext: str) -> bool:
    """Same extension rules as :func:`normalize_phone`, applied to partly masked numbers."""
    n, first = len(main_slots), main_slots[:1]
    if n == 11 and first == "1":
        return 3 <= len(ext) <= 5  # virtual number
    if first == "0" and 10 <= n <= 12:
        return True  # landline with area code
    if 7 <= n <= 8 and first in "23456789*":
        return True  # local landline
    return n == 10 and first in ("4", "8")  # 400/800 with extension


def _mask_compact(body: str) -> str:
    """A number made of digits, masks and separators: rebuild it as area-main-ext."""
    main, ext = body, ""
    m = _EXT_SPLIT.fullmatch(body)
    if m and _ext_allowed(_slots(m.group("main")), m.group("ext")):
        main, ext = m.group("main"), m.group("ext")
    area = ""
    a = _AREA_SPLIT.fullmatch(main.strip())
    if a and 7 <= len(_slots(a.group("rest"))) <= 8:
        area, main = a.group("area"), a.group("rest")
    out = _mask_slots(_slots(main))
    if area:
        out = f"{area}-{out}"
    return f"{out}-{ext}" if ext else out


def _is_any_slot(ch: str) -> bool:
    """A digit position in free text: any Unicode decimal digit (ASCII, full-width ``１``,
    Arabic-Indic …) or a digit already hidden. Same as :func:`_is_slot` for ASCII text."""
    return ch.isdecimal() or ch in (MASK, "＊")


def _mask_inline(text: str, is_slot: Callable[[str], bool] = _is_slot) -> str:
    """Free text with digits in it: hide digits where they stand, by the same slot rule."""
    positions = [i for i, ch in enumerate(text) if is_slot(ch)]
    head, tail = _keep_counts(len(positions))
    chars = list(text)
    for k, i in enumerate(positions):
        if head <= k < len(positions) - tail:
            chars[i] = MASK
    return "".join(chars)


def _mask_parsed(p: Phone) -> str:
    if p.kind == "landline" and p.area_code:
        out = f"{p.area_code}-{_mask_slots(p.local_number)}"
    else:
        out = _mask_slots(p.main)
    return f"{out}-{p.extension}" if p.extension else out


def mask_phone(phone: str) -> str:
    """Hide at least 6 digits of a phone number (GB/T 41833), keeping a virtual number's
    extension visible because the courier must dial it."""
    if type(phone) is str and is_bare_mobile(phone):  # most numbers: no parse needed
        return _mask_slots(phone)
    try:
        t = clean_phone_text(str(phone)) if phone is not None else ""
        if not t:
            return ""
        if is_cipher(t):
            return PHONE_PLACEHOLDER
        if MASK not in t:
            parsed = normalize_phone(t)
            if parsed is not None:
                return _mask_parsed(parsed)
        body = _CC_PREFIX.sub("", t, count=1)
        if body and _PHONEISH.fullmatch(body):
            return _mask_compact(body)
        return _mask_inline(t)
    except Exception:  # a label must still print: hide everything instead
        return PHONE_PLACEHOLDER


# --------------------------------------------------------------------------- addresses

_NUM = r"[0-9一二三四五六七八九十百零〇两]+"  # text is NFKC: digits are ASCII
_UNIT_PATTERNS = (
    # 3号楼, 2号院, 5号房, 1幢, 7栋, B座, 2单元, 5层, 3楼, 301室, 12户, 3门, 3#楼, 5#
    rf"(?:{_NUM}|[A-Za-z]{{1,2}}(?:{_NUM})?)\s*(?:号楼|号院|号房|号门|幢|栋|棟|座|单元|單元|楼|樓|层|層|室|户|戶|门|#)",
    # 12-3-401, 10-2-302, B1-1203 (not a house-number range such as 1-3号)
    r"[A-Za-z]?[0-9]+(?:\s*[-－—–~]\s*[A-Za-z]?[0-9]+)+(?![0-9]|\s*号)",
    # room number straight after the house number: 望京东路1号302
    r"(?<=号)\s*[A-Za-z]?[0-9]{3,}",
    # English: Room 501, Flat 3, Apt 5B, Unit 2, Bldg 7, Floor 12
    r"(?i:\b(?:room|rm|flat|apt|apartment|unit|suite|ste|bldg|building|block|blk|floor|fl)\b\.?\s*[0-9A-Za-z])",
)
_UNIT_RE = re.compile("|".join(f"(?:{p})" for p in _UNIT_PATTERNS))
_TAIL_RUN = re.compile(r"[0-9A-Za-z\-#]+$")


def _mask_address_once(s: str) -> str:
    m = _UNIT_RE.search(s)
    if m:
        return s[: m.start()].rstrip() + ADDRESS_PLACEHOLDER
    if s.endswith(MASK):
        return s  # platform-masked tail (文一西路****): nothing visible to hide
    run = _TAIL_RUN.search(s)
    start = min(run.start() if run else len(s), len(s) - 4)
    return s[: max(start, 0)] + ADDRESS_PLACEHOLDER


def mask_address(detail: str) -> str:
    """Hide the unit/room part of a detail address (GB/T 41833); when none is recognisable,
    hide the trailing number run or at least the last 4 characters, so something always is."""
    try:
        if detail is None:
            return ""
        s = " ".join(unicodedata.normalize("NFKC", str(detail)).split())
        if not s:
            return ""
        if is_cipher(s):
            return ADDRESS_PLACEHOLDER
        # repeat until stable: each pass only shortens the visible prefix, so it ends,
        # and the result is a fixed point (idempotent)
        for _ in range(len(s) + 2):
            nxt = _mask_address_once(s)
            if nxt == s:
                break
            s = nxt
        return s
    except Exception:  # a label must still print: hide everything instead
        return ADDRESS_PLACEHOLDER


def mask_full_address(
    province: str = "",
    city: str = "",
    district: str = "",
    street: str = "",
    detail: str = "",
    sep: str = " ",
) -> str:
    """One printable line: the administrative parts as they are (they are not personal),
    then the masked detail. A repeated part (直辖市 ``北京市 北京市``) is printed once and a
    part that is ciphertext is left out."""
    parts: list[str] = []
    for part in (province, city, district, street):
        p = " ".join(str(part or "").split())
        if not p or is_cipher(p) or (parts and parts[-1] == p):
            continue
        parts.append(p)
    masked = mask_address(detail or "")
    if masked:
        parts.append(masked)
    return sep.join(parts)


# --------------------------------------------------------------------------- free text

#: a run of digits, in any script (``\d`` is every Unicode decimal digit: ASCII, full-width
#: ``１３８…`` typed on a Chinese IME, Arabic-Indic …), with spaces or dashes between them
#: digits with the separators people type, and stars where a platform already hid some
_DIGIT_RUN = re.compile(r"\d[\d\s\-－*＊]{5,}\d")


def mask_free_text(text: str) -> str:
    """Buyer messages and remarks may carry a phone ("到了打我电话139…", also typed in
    full-width digits "１３９…", or half-hidden by the platform "138****1234"): every run of
    7 or more digits is masked as a phone would be, digits staying in the script they
    were typed in. Shorter numbers (quantities, sizes) stay."""
    if not text:
        return ""
    try:
        def repl(m: re.Match[str]) -> str:
            run = m.group(0)
            digits = sum(ch.isdecimal() for ch in run)
            return _mask_inline(run, _is_any_slot) if digits >= 7 else run

        return _DIGIT_RUN.sub(repl, str(text))
    except Exception:
        return "***"
