"""Vietnamese text helpers: NFC storage, accent-folded search keys, Vietnamese sort order."""
import unicodedata

_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_ORDER = {ch: index for index, ch in enumerate(_ALPHABET)}
# Tone marks sort after the bare letter, in the order of the dictionary: ngang, huyền, hỏi, ngã, sắc, nặng.
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
# Marks that make a different letter (ă, â, ê, ô, ơ, ư), kept with the letter.
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}


def nfc(value):
    """Return ``value`` NFC-normalised and stripped (None stays None)."""
    if value is None:
        return None
    return unicodedata.normalize("NFC", str(value)).strip()


def fold(value):
    """Lower-case, accent-free form for searching: 'Thư viện Đoàn Kết' -> 'thu vien doan ket'."""
    if not value:
        return ""
    text = unicodedata.normalize("NFD", str(value).lower()).replace("đ", "d")
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.split())


def _split_letter(chars):
    """Yield (base letter with its letter marks, tone) for each letter of an NFD string."""
    result = []
    for ch in chars:
        if unicodedata.combining(ch):
            if not result:
                continue
            base, tone = result[-1]
            if ch in _LETTER_MARKS:
                result[-1] = (unicodedata.normalize("NFC", base + ch), tone)
            elif ch in _TONES:
                result[-1] = (base, _TONES[ch])
        else:
            result.append((ch, 0))
    return result


def _letter_rank(letter):
    """Spaces first (so names compare word by word), then the Vietnamese alphabet, then the rest."""
    if letter.isspace():
        return (-1, 0)
    if letter in _ORDER:
        return (0, _ORDER[letter])
    return (1, ord(letter[0]))


def vi_sort_key(value):
    """Key that sorts Vietnamese names in dictionary order: letters first, tones second."""
    text = unicodedata.normalize("NFD", (value or "").lower())
    letters = _split_letter(text)
    primary = tuple(_letter_rank(letter) for letter, _ in letters)
    secondary = tuple(tone for _, tone in letters)
    return (primary, secondary)


EXCERPT_CHARS = 50


def _excerpt(value, limit, quote):
    from django.utils.translation import ngettext

    from .formatting import number

    text = "" if value is None else str(value)
    if len(text) <= limit:
        return f"{quote}{text}{quote}"
    start = text[:limit].rstrip()
    rest = len(text) - len(start)
    return ngettext("%(start)s (… còn %(count)s ký tự)", "%(start)s (… còn %(count)s ký tự)", rest) % {
        "start": f"{quote}{start}{quote}", "count": number(rest),
    }


def quoted(value, limit=EXCERPT_CHARS):
    """A cell's text for a message, in quotes: whole when short, else its first ``limit`` characters
    and how many more there are, outside the quotes: 'Thư viện …' (… còn 29.950 ký tự). A workbook's
    bad cell may hold 32,767 characters; the message stays a line."""
    return _excerpt(value, limit, "'")


def shortened(value, limit=EXCERPT_CHARS):
    """``quoted`` without the quotes, for a code named where no quotes stand."""
    return _excerpt(value, limit, "")
