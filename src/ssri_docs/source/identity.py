"""Check ``site.yaml``'s identity and contact keys: logo, brand colour, how to get in touch.

Every key is optional; a value that is there must be right, because it is printed on
paper that clinics hand out. Each problem is a located SourceError naming the key's
line and what to write instead (docs/source-format.md shows every key).
"""

from __future__ import annotations

import math
import re
import struct
import zlib
from pathlib import Path

import yaml
from lxml import etree

from ..colour import WHITE, contrast_ratio, hex_channels
from ..errors import SourceError
from ..identity import BrandColour, ContactDetails, Logo
from .fields import LocatedMapping
from .problems import Problems

IDENTITY_KEYS = (
    "logo",
    "logo-alt",
    "brand-colour",
    "telephone",
    "helpline-hours",
    "address",
    "email",
    "charity-number",
)

# WCAG 2 1.4.3 (AA) for text in the colour at all; 1.4.6 (AAA) before headings use it.
MIN_CONTRAST = 4.5
TEXT_CONTRAST = 7.0
MAX_ADDRESS_LINES = 8
_SVG_ROOT = "{http://www.w3.org/2000/svg}svg"
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_TELEPHONE = re.compile(r"\+?[0-9][0-9 ()-]*[0-9]")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")
_CHARITY_NUMBER = re.compile(r"[A-Z]{0,2}[0-9][0-9 -]*[0-9]")
_HEX = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")


def read_identity(data: LocatedMapping, found: Problems) -> dict[str, object]:
    """The ``logo``, ``brand_colour`` and ``contact_details`` of ``Site``, from ``data``.

    Each problem is added to ``found`` (a located SourceError); a key with a problem
    is left out of the result (its default), so the other keys are still checked.
    """
    values: dict[str, object] = {
        "logo": found.attempt(_logo, data),
        "brand_colour": found.attempt(_brand_colour, data),
    }
    contact = {
        "telephone": found.attempt(_telephone, data),
        "helpline_hours": found.attempt(data.text, "helpline-hours", required=False),
        "address": found.attempt(_address, data) or (),
        "email": found.attempt(_matching, data, "email", _EMAIL, "name@example.org"),
        "charity_number": found.attempt(
            _matching, data, "charity-number", _CHARITY_NUMBER, "1234567 or SC012345"
        ),
    }
    values["contact_details"] = ContactDetails(**contact)
    return values


def _error(data: LocatedMapping, key: str, message: str, hint: str) -> SourceError:
    field = data.fields.get(key)
    return SourceError(message, path=data.path, line=field.line if field else data.line, hint=hint)


def _raw(data: LocatedMapping, key: str) -> str | None:
    """The value as written, before YAML reads it as a number: 0300... keeps its 0."""
    field = data.fields.get(key)
    if field is None or field.value is None:
        return None
    if isinstance(field.node, yaml.ScalarNode) and not isinstance(field.value, str):
        return " ".join(str(field.node.value).split()) or None
    return data.text(key, required=False)


def _matching(data: LocatedMapping, key: str, pattern: re.Pattern, example: str) -> str | None:
    value = _raw(data, key)
    if value is not None and not pattern.fullmatch(value):
        raise _error(data, key, f"'{key}' is not valid: {value!r}", f"write it like {example}.")
    return value


def _telephone(data: LocatedMapping) -> str | None:
    value = _matching(data, "telephone", _TELEPHONE, "0300 000 0000")
    digits = sum(character.isdigit() for character in value or "")
    if value is not None and not 7 <= digits <= 15:
        raise _error(
            data,
            "telephone",
            f"'telephone' has {digits} digits: {value!r}",
            "write the whole number, with its area code, like 0300 000 0000.",
        )
    return value


def _address(data: LocatedMapping) -> tuple[str, ...]:
    """The postal address, one line each: a ``|`` block of lines or a list."""
    field = data.fields.get("address")
    if field is None or field.value is None:
        return ()
    hint = "write 'address: |' and then each line of the address indented by two spaces."
    if isinstance(field.value, list):
        if not all(isinstance(line, str | int) for line in field.value):
            raise _error(data, "address", "'address' lines must be text", hint)
        lines = [str(line) for line in field.value]
    elif isinstance(field.value, str):
        lines = field.value.splitlines()
    else:
        raise _error(data, "address", "'address' must be lines of text", hint)
    lines = [" ".join(line.split()) for line in lines if line.strip()]
    if not lines:
        raise _error(data, "address", "'address' is empty", hint)
    if len(lines) > MAX_ADDRESS_LINES:
        raise _error(
            data,
            "address",
            f"'address' has {len(lines)} lines",
            f"use at most {MAX_ADDRESS_LINES}.",
        )
    return tuple(lines)


def _brand_colour(data: LocatedMapping) -> BrandColour | None:
    field = data.fields.get("brand-colour")
    if field is None:
        return None
    hint = 'write it in quotes, like brand-colour: "#1d4f91" (YAML reads a bare # as a comment).'
    value = data.text("brand-colour", required=False)
    if value is None or not _HEX.fullmatch(value):
        shown = "empty" if value is None else f"not a colour: {value!r}"
        raise _error(data, "brand-colour", f"'brand-colour' is {shown}", hint)
    channels = hex_channels(value)
    hex_value = "#" + "".join(f"{channel:02x}" for channel in channels)
    ratio = contrast_ratio(channels, WHITE)
    if ratio < MIN_CONTRAST:
        # Rounded down, so a colour just short of 4.5:1 never reads "4.50:1".
        shown = math.floor(ratio * 100) / 100
        raise _error(
            data,
            "brand-colour",
            f"'brand-colour' {value} has a contrast ratio of {shown:.2f}:1 against white; "
            f"text in it needs at least {MIN_CONTRAST}:1 (WCAG 1.4.3)",
            "choose a darker shade of the colour.",
        )
    return BrandColour(hex_value, round(ratio, 2))


def _logo(data: LocatedMapping) -> Logo | None:
    src = data.text("logo", required=False)
    alt_field = data.fields.get("logo-alt")
    if src is None:
        if alt_field is not None:
            raise _error(
                data,
                "logo-alt",
                "'logo-alt' is given but there is no 'logo'",
                "add 'logo: your-logo.svg' or remove 'logo-alt'.",
            )
        return None
    decorative = alt_field is not None and alt_field.value == ""
    alt = data.text("logo-alt", required=False)
    if alt is None and not decorative:
        raise _error(
            data,
            "logo" if alt_field is None else "logo-alt",
            "the logo has no text alternative ('logo-alt')",
            "add 'logo-alt: ' and what the logo says or shows, or 'logo-alt: \"\"' when it "
            "only shows the publisher's name (printed beside it).",
        )
    folder = data.path.resolve().parent
    path = (folder / src).resolve()
    where = None
    if not path.is_relative_to(folder):
        where = "it is outside the source folder"
    elif path.suffix.lower() not in (".svg", ".png"):
        where = "only SVG and PNG logos can be used"
    elif not path.is_file():
        where = "there is no such file"
    if where:
        raise _error(
            data,
            "logo",
            f"the logo {src!r} cannot be used ({where})",
            "save the logo as SVG or PNG in the source folder and write just its name.",
        )
    media_type = _check_svg(path) if path.suffix.lower() == ".svg" else _check_png(path)
    if media_type is None:
        raise _error(
            data,
            "logo",
            f"the logo {src!r} is damaged or not really a {path.suffix[1:].upper()} file",
            "open it in an image editor and save it again as SVG or PNG.",
        )
    return Logo(src, path, media_type, alt or "", decorative)


def _check_svg(path: Path) -> str | None:
    """image/svg+xml when ``path`` is well-formed XML with an <svg> root, else None."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        root = etree.parse(str(path), parser).getroot()
    except (etree.XMLSyntaxError, OSError):
        return None
    return "image/svg+xml" if root.tag == _SVG_ROOT else None


def _check_png(path: Path) -> str | None:
    """image/png when ``path`` is a whole PNG, else None.

    Walked chunk by chunk (each CRC checked, IHDR first, IEND last) and the image data
    inflated to its end, so a truncated or altered file is caught here rather than
    drawn half-way (Pillow can be set, process-wide, to accept truncated images).
    """
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if not data.startswith(_PNG_SIGNATURE):
        return None
    position, kinds, image = len(_PNG_SIGNATURE), [], b""
    while position + 12 <= len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        body = data[position + 8 : position + 8 + length]
        crc = data[position + 8 + length : position + 12 + length]
        if len(body) != length or len(crc) != 4 or zlib.crc32(kind + body) != int.from_bytes(crc):
            return None
        kinds.append(kind)
        image += body if kind == b"IDAT" else b""
        position += 12 + length
        if kind == b"IEND":
            break
    if not kinds or kinds[0] != b"IHDR" or kinds[-1] != b"IEND" or not image:
        return None
    inflater = zlib.decompressobj()
    try:
        inflater.decompress(image)
    except zlib.error:
        return None
    return "image/png" if inflater.eof else None
