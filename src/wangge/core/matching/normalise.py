"""Chinese-aware normalisation of company names and addresses.

The same company is written 深圳市华为技术有限公司 in one system and
华为技术（深圳）有限公司 or 華為技術有限責任公司 in another: the province and city,
the company form, the bracket style, full-width digits and traditional characters
all vary while the distinctive core (华为技术) does not. Comparing cores, and
addresses token by token (district, road, number, building), is what lets a
probabilistic matcher weigh real agreement.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import zhconv
import zhconv.zhconv

PROVINCES = (
    "北京 天津 上海 重庆 河北 山西 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 "
    "广东 海南 四川 贵州 云南 陕西 甘肃 青海 台湾 内蒙古 广西 西藏 宁夏 新疆 香港 澳门"
).split()
CITIES = (
    "北京 天津 上海 重庆 深圳 广州 东莞 佛山 珠海 杭州 宁波 温州 南京 苏州 无锡 常州 南通 "
    "济南 青岛 烟台 潍坊 淄博 临沂 济宁 泰安 威海 日照 德州 聊城 滨州 菏泽 枣庄 东营 "
    "武汉 长沙 成都 西安 郑州 合肥 福州 厦门 泉州 南昌 昆明 贵阳 南宁 海口 太原 石家庄 "
    "唐山 保定 沈阳 大连 长春 哈尔滨 兰州 西宁 银川 乌鲁木齐 拉萨 呼和浩特 包头"
).split()
COMPANY_FORMS = ("股份有限公司", "有限责任公司", "有限公司", "集团公司", "公司")

_SUFFIX = "(?:省|市|自治区|壮族自治区|回族自治区|维吾尔自治区)?"
_PROVINCES = "|".join(sorted(PROVINCES, key=len, reverse=True))
_PROVINCE_RE = re.compile("^(?:" + _PROVINCES + ")" + _SUFFIX)
_CITY_RE = re.compile(
    "^(?:(?:"
    + "|".join(sorted(CITIES, key=len, reverse=True))
    + ")市?|[\u4e00-\u9fff]{2,3}市(?![区县]))"
)
_BRACKET_RE = re.compile(r"\(([^()]*)\)")
_DISTRICT_RE = re.compile(r"^([\u4e00-\u9fff]{1,6}?(?:新区|区|县|旗|市))(?=[\u4e00-\u9fff0-9])")
_ROAD_RE = re.compile(r"([\u4e00-\u9fff0-9]{1,10}?(?:大道|大街|路|街|道|巷|胡同|弄))")
_NUMBER_RE = re.compile(r"(\d+)号(?:院)?")
_DETAIL_RE = re.compile(r"\d+(?:号楼|栋|幢|座|单元|层|楼|室|号)|[A-Z]座")


def to_half_width(text: str) -> str:
    """Full-width ASCII (０-９, Ａ-Ｚ, （）) and the ideographic space as their half-width forms."""
    out = []
    for ch in text:
        code = ord(ch)
        if 0xFF01 <= code <= 0xFF5E:
            out.append(chr(code - 0xFEE0))
        elif code == 0x3000:
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)


_TRADITIONAL: frozenset[str] | None = None


def _traditional() -> frozenset[str]:
    """Characters the zh-cn table changes: a string without any is left as it is (fast)."""
    global _TRADITIONAL
    if _TRADITIONAL is None:
        table = zhconv.zhconv.getdict("zh-cn")
        _TRADITIONAL = frozenset(k[0] for k in table)
    return _TRADITIONAL


def simplify(text: str) -> str:
    """Traditional characters as simplified ones (華為 → 华为)."""
    if _traditional().isdisjoint(text):
        return text
    return zhconv.convert(text, "zh-cn")


def clean(text: str | None) -> str:
    """Half-width, simplified, upper-case, without spaces or punctuation other than brackets."""
    if not text:
        return ""
    text = simplify(to_half_width(text))
    text = text.replace("【", "(").replace("】", ")").replace("〔", "(").replace("〕", ")")
    return re.sub(r"[\s·,，.。、\-_/'\"“”]", "", text).upper()


def strip_region(text: str) -> str:
    """Drop a leading province and then a leading city (广东省深圳市华为 → 华为)."""
    text = _PROVINCE_RE.sub("", text, count=1)
    return _CITY_RE.sub("", text, count=1)


@dataclass(frozen=True)
class Name:
    core: str  # the distinctive part: 华为技术
    branch: bool  # a 分公司 / 分店 / 营业部
    form: str  # 有限公司, 股份有限公司 ... or ""


def normalise_name(name: str | None) -> Name:
    """The comparable core of a company name, with its branch flag and company form.

    有限责任公司 and 有限公司 are the same form for matching (the law allows both
    for a limited company); 股份有限公司 is kept apart as a form but never in the core.
    """
    text = clean(name)
    branch = False
    kept = []
    for inner in _BRACKET_RE.findall(text):
        if "分公司" in inner or "分店" in inner or "营业部" in inner:
            branch = True
        elif not (_PROVINCE_RE.match(inner) or _CITY_RE.match(inner)) and len(inner) > 3:
            kept.append(inner)
    text = _BRACKET_RE.sub("", text)
    for tail in ("分公司", "分店", "营业部"):
        if text.endswith(tail):
            branch = True
            text = text.removesuffix(tail)
            # 某某有限公司济南分公司: drop the branch's city too
            for form in COMPANY_FORMS:
                at = text.rfind(form)
                if at > 0:
                    text = text[: at + len(form)]
                    break
    form = ""
    for f in COMPANY_FORMS:
        if text.endswith(f):
            form = "有限公司" if f == "有限责任公司" else f
            text = text.removesuffix(f)
            break
    core = strip_region(text) or text
    return Name(core + "".join(kept), branch, form)


@dataclass(frozen=True)
class Address:
    district: str
    road: str
    number: int | None
    building: str


def tokenise_address(address: str | None) -> Address:
    """District, road, door number and building of a Chinese address.

    Floors, rooms and units (16层37室, 3号楼2单元) are dropped from the building: a
    customer record carries them, the registry's 住所 usually does not.
    """
    text = strip_region(clean(address))
    district = ""
    m = _DISTRICT_RE.match(text)
    if m:
        district = m.group(1)
        text = text[m.end() :]
    road = ""
    m = _ROAD_RE.search(text)
    if m:
        road = m.group(1)
        text = text[m.end() :]
    number = None
    m = _NUMBER_RE.match(text) or _NUMBER_RE.search(text)
    if m:
        number = int(m.group(1))
        text = text[: m.start()] + text[m.end() :]
    building = _DETAIL_RE.sub("", text)
    building = re.sub(r"\d+", "", building)
    return Address(district, road, number, building)


_CREDIT_RE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")


_BIRTH_RE = re.compile(r"^(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])$")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def is_id_card(text: str) -> bool:
    """A resident ID number (18 digits, last a check digit or X), as typed where a code belongs."""
    if len(text) != 18 or not text[:17].isdigit() or not _BIRTH_RE.match(text[6:14]):
        return False
    total = sum(int(d) * w for d, w in zip(text[:17], _ID_WEIGHTS, strict=True))
    return "10X98765432"[total % 11] == text[17]


def credit_code(value: str | None) -> str:
    """A unified social credit code in canonical form, or "" when the value is not one.

    Customer records often hold the owner's ID card number in the code's place;
    that is no code, so it neither agrees nor disagrees with the registry's.
    """
    text = clean(value)
    return text if _CREDIT_RE.match(text) and not is_id_card(text) else ""
