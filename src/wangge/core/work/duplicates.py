"""Whether a customer about to be created is already on file: the same credit code
(统一社会信用代码, kept in ``id_number``), the same phone, or a close name at the same
address. Names and addresses are compared after normalising what people type
differently: full-width letters, digits and brackets (ＡＢＣ１２３（）), spaces, and the
legal-form suffixes (有限公司, 有限责任公司, 股份有限公司) and a branch mark
((分公司), (xx分公司)) that the same business carries on one sheet and not on another.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

#: longest first, so that 股份有限公司 is stripped whole and not as 有限公司
LEGAL_SUFFIXES = ("股份有限公司", "有限责任公司", "有限公司")
_BRANCH = re.compile(r"\([^()]*分公司\)$")
#: "…有限公司历下分公司": the branch after the company's legal form, without brackets
_BARE_BRANCH = re.compile(r"^(.*?(?:股份有限公司|有限责任公司|有限公司))[^()]+分公司$")
_SPACES = re.compile(r"[\s\u3000]+")

#: what each reason of a match is called in the rule (the pages word them)
SAME_CREDIT_CODE = "credit_code"
SAME_PHONE = "phone"
CLOSE_NAME_SAME_ADDRESS = "name_address"


def half_width(text: str) -> str:
    """Full-width ASCII (ＡＢＣ１２３（）) and the ideographic space as plain ASCII."""
    return unicodedata.normalize("NFKC", text or "")


def normalise_text(text: str) -> str:
    """Half-width, without spaces, lower case: for comparing addresses and codes."""
    return _SPACES.sub("", half_width(text)).lower()


def normalise_name(name: str) -> str:
    """A business name without its branch mark and legal-form suffix:
    "济南阳光科技有限公司（历下分公司）" and "济南阳光科技" are the same name."""
    text = normalise_text(name)
    changed = True
    while changed and text:
        changed = False
        stripped = _BARE_BRANCH.sub(r"\1", _BRANCH.sub("", text))
        for suffix in LEGAL_SUFFIXES:
            if stripped.endswith(suffix) and len(stripped) > len(suffix):
                stripped = stripped[: -len(suffix)]
                break
        if stripped != text and stripped:
            text, changed = stripped, True
    return text


def normalise_phone(phone: str) -> str:
    """Digits only, without a leading +86 / 0086 country code."""
    digits = "".join(ch for ch in half_width(phone) if ch.isdigit())
    for prefix in ("0086", "86"):
        if digits.startswith(prefix) and len(digits) - len(prefix) == 11:
            return digits[len(prefix) :]
    return digits


def close_names(a: str, b: str) -> bool:
    """The same normalised name, or one containing the other (at least two characters:
    "阳光科技" and "济南阳光科技"), so that an abbreviation still finds the record."""
    na, nb = normalise_name(a), normalise_name(b)
    if not na or not nb:
        return False
    if na == nb:
        return True
    short, long = sorted((na, nb), key=len)
    return len(short) >= 2 and short in long


@dataclass(frozen=True)
class Known:
    """A customer on file, as far as the rule needs it."""

    key: int
    name: str
    phone: str = ""
    credit_code: str = ""
    address: str = ""


@dataclass(frozen=True)
class Candidate:
    key: int
    reasons: tuple[str, ...]


def candidates(
    known: Iterable[Known], *, name: str, phone: str = "", credit_code: str = "", address: str = ""
) -> list[Candidate]:
    """The known customers that the new one may be, each with why, in the order given.
    An empty phone, code or address matches nothing."""
    code = normalise_text(credit_code)
    tel = normalise_phone(phone)
    where = normalise_text(address)
    found = []
    for k in known:
        reasons = []
        if code and normalise_text(k.credit_code) == code:
            reasons.append(SAME_CREDIT_CODE)
        if tel and normalise_phone(k.phone) == tel:
            reasons.append(SAME_PHONE)
        if where and normalise_text(k.address) == where and close_names(name, k.name):
            reasons.append(CLOSE_NAME_SAME_ADDRESS)
        if reasons:
            found.append(Candidate(k.key, tuple(reasons)))
    return found
