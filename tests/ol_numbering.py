"""How a browser or reading system numbers an ``<ol>``, computed from its attributes the
HTML way (never from the model), to compare with ``ListBlock.labels()``."""

from __future__ import annotations


def counted_labels(attributes: dict[str, str], count: int) -> tuple[str, ...]:
    """The labels a browser or reading system prints for an ``<ol>`` with these
    attributes and ``count`` items, computed the HTML way (not from the model): start
    defaults to 1, or to the item count when ``reversed``; type picks the counting."""
    reversed_ = "reversed" in attributes
    start = int(attributes.get("start", count if reversed_ else 1))
    kind = attributes.get("type", "1")
    step = -1 if reversed_ else 1
    return tuple(f"{_html_counter(start + step * n, kind)}." for n in range(count))


def _html_counter(number: int, kind: str) -> str:
    # CSS counter styles: lower-alpha/upper-alpha are alphabetic (1 = a, 27 = aa), roman
    # is additive up to 3999; outside their range both fall back to decimal.
    if kind in "aA" and number >= 1:
        text = ""
        while number:
            number, rest = divmod(number - 1, 26)
            text = "abcdefghijklmnopqrstuvwxyz"[rest] + text
        return text.upper() if kind == "A" else text
    if kind in "iI" and 1 <= number <= 3999:
        values = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                  (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"),
                  (1, "i")]  # fmt: skip
        text = ""
        for value, symbol in values:
            while number >= value:
                text, number = text + symbol, number - value
        return text.upper() if kind == "I" else text
    return str(number)
