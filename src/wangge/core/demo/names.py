"""Fake but plausible Chinese names, phone numbers, ID card numbers and credit codes.

Scalar helpers serve the small tables (people, places); the ``*_array`` helpers
build whole Arrow string columns at once for customers and the registry, where
a Python loop per row would not scale to a province.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

# Frequent surnames, roughly in order of frequency in northern China.
SURNAMES = list(
    "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
_SURNAME_W = np.array([1.0 / (i + 6) ** 0.9 for i in range(len(SURNAMES))])
SURNAME_P = _SURNAME_W / _SURNAME_W.sum()

GIVEN_CHARS = list(
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂英华建国海春玉红兰志文德庆东晓燕鹏飞辉"
    "宇浩然欣怡子涵雪梅琳婷颖佳慧鑫宁凯旭亮晨阳波斌俊峰岩莉萍倩丹秀云凤洁玲"
)

PHONE_PREFIXES = np.array(
    [*range(130, 140), *(p for p in range(150, 160) if p != 154), *range(180, 190)],
    dtype=np.int64,
)

ID_WEIGHTS = np.array([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2], dtype=np.int64)
ID_CHECK = "10X98765432"

USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = np.array(
    [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28], dtype=np.int64
)

BRANDS = (
    "鑫达 恒泰 华宇 泉润 鲁信 宏远 金桥 瑞丰 "
    "鼎盛 汇通 海川 齐鲁 东岳 明湖 舜华 锦程 "
    "天诚 博远 众合 永康 新元 佳和 嘉禾 同创 "
    "润泽 晟达 裕隆 聚源 正信 立德 诚泰 信达 "
    "康泰 福源 兴业 中科 万和 泰山 千佛 大明"
).split()
TRADES = (
    "商贸 科技 餐饮 建材 物流 电子 信息技术 文化传媒 "
    "医药 机械 服装 食品 装饰工程 汽车服务 教育咨询 印务"
).split()
INDUSTRIES = (
    "批发零售",
    "住宿餐饮",
    "制造业",
    "信息技术",
    "交通物流",
    "建筑业",
    "教育",
    "卫生医疗",
    "金融",
    "房地产",
    "租赁商务服务",
    "公共管理",
)
TRADE_INDUSTRY = [0, 3, 1, 5, 4, 2, 3, 10, 7, 2, 0, 0, 5, 10, 6, 10]
ROADS = (
    "经十路 泉城路 解放路 历山路 山大路 花园路 工业南路 二环东路 "
    "北园大街 舜耕路 英雄山路 经四路 纬二路 堤口路 清河北路 无影山路 "
    "济泺路 黄岗路 旅游路 凤鸣路 大学路 明水路 汇泉路 绣源河路 "
    "锦屏山路 榆山路 纬一路 奥体西路"
).split()
PLACE_PREFIXES = (
    "阳光 锦绣 泉景 鑫苑 绿地 华润 山水 舜华 "
    "奥体 汇金 明湖 千佛 燕山 玉函 兴隆 鲁能 "
    "中海 保利 恒大 龙湖 万达 世纪 和谐 幸福 "
    "东城 西城 南郊 北辰 翡翠 香江 玉兰 丁香 "
    "银座 华府 金色 水岸 御景 名士 书香 怡景"
).split()


def person_name(rng: np.random.Generator) -> str:
    surname = SURNAMES[rng.choice(len(SURNAMES), p=SURNAME_P)]
    k = 1 if rng.random() < 0.3 else 2
    return surname + "".join(GIVEN_CHARS[i] for i in rng.integers(0, len(GIVEN_CHARS), k))


def phone(rng: np.random.Generator) -> str:
    return str(phone_numbers(rng, 1)[0])


def phone_numbers(rng: np.random.Generator, n: int) -> np.ndarray:
    """Eleven-digit mobile numbers as int64 (13x / 15x / 18x prefixes)."""
    prefix = PHONE_PREFIXES[rng.integers(0, len(PHONE_PREFIXES), n)]
    return prefix * 100_000_000 + rng.integers(0, 100_000_000, n)


def id_check_digits(first17: np.ndarray) -> np.ndarray:
    """The GB 11643 check character index (into "10X98765432") for 17-digit numbers."""
    digits = (first17[:, None] // (10 ** np.arange(16, -1, -1, dtype=np.int64))) % 10
    return (digits * ID_WEIGHTS).sum(axis=1) % 11


def id_numbers(
    rng: np.random.Generator, n: int, region_codes: np.ndarray, birth_from: int, birth_to: int
) -> pa.Array:
    """Resident ID numbers: region, birth date (days since epoch), sequence, check."""
    birth = rng.integers(birth_from, birth_to, n).astype("datetime64[D]")
    years = birth.astype("datetime64[Y]").astype(np.int64) + 1970
    months = birth.astype("datetime64[M]").astype(np.int64) % 12 + 1
    days = (birth - birth.astype("datetime64[M]")).astype(np.int64) + 1
    seq = rng.integers(0, 1000, n)
    first17 = (
        region_codes.astype(np.int64) * 10**11 + years * 10**7 + months * 10**5 + days * 10**3 + seq
    )
    check = pa.array(list(ID_CHECK)).take(pa.array(id_check_digits(first17)))
    return pc.binary_join_element_wise(pc.cast(pa.array(first17), pa.string()), check, "")


def id_number(rng: np.random.Generator, region_code: int, birth_from: int, birth_to: int) -> str:
    born = date(1970, 1, 1) + timedelta(days=int(rng.integers(birth_from, birth_to)))
    first17 = f"{region_code:06d}{born:%Y%m%d}{int(rng.integers(0, 1000)):03d}"
    total = sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS.tolist(), strict=True))
    return first17 + ID_CHECK[total % 11]


def credit_code_chars(rng: np.random.Generator, n: int, region_codes: np.ndarray) -> np.ndarray:
    """Unified social credit codes as an (n, 18) character array: "91", region, body, check."""
    body = rng.integers(0, 10, (n, 9))
    region = (region_codes.astype(np.int64)[:, None] // (10 ** np.arange(5, -1, -1))) % 10
    values = np.concatenate([np.tile([9, 1], (n, 1)), region, body], axis=1)
    check = (31 - (values * USCC_WEIGHTS).sum(axis=1) % 31) % 31
    chars = np.array(list(USCC_CHARS))
    return np.concatenate([chars[values], chars[check][:, None]], axis=1)


def chars_to_strings(chars: np.ndarray) -> pa.Array:
    if len(chars) == 0:
        return pa.array([], pa.string())
    return pa.array(np.ascontiguousarray(chars).view(f"<U{chars.shape[1]}").ravel())


def credit_codes(rng: np.random.Generator, n: int, region_codes: np.ndarray) -> pa.Array:
    return chars_to_strings(credit_code_chars(rng, n, region_codes))


def uscc_is_valid(code: str) -> bool:
    if len(code) != 18 or any(c not in USCC_CHARS for c in code):
        return False
    values = np.array([USCC_CHARS.index(c) for c in code[:17]])
    return USCC_CHARS[(31 - int((values * USCC_WEIGHTS).sum()) % 31) % 31] == code[17]


def id_is_valid(code: str) -> bool:
    if len(code) != 18 or not code[:17].isdigit():
        return False
    return ID_CHECK[int(id_check_digits(np.array([int(code[:17])]))[0])] == code[17]


def take(words: list[str] | tuple[str, ...], idx: np.ndarray) -> pa.Array:
    return pa.array(list(words), pa.string()).take(pa.array(idx))


def join(*parts: pa.Array | str) -> pa.Array:
    """Concatenate string columns and literals element-wise."""
    return pc.binary_join_element_wise(*parts, "")


def digits(values: np.ndarray) -> pa.Array:
    return pc.cast(pa.array(values), pa.string())


def person_names_array(rng: np.random.Generator, n: int) -> pa.Array:
    surname = take(SURNAMES, rng.choice(len(SURNAMES), n, p=SURNAME_P))
    g1 = take(GIVEN_CHARS, rng.integers(0, len(GIVEN_CHARS), n))
    g2 = take(GIVEN_CHARS, rng.integers(0, len(GIVEN_CHARS), n))
    two = pa.array(rng.random(n) < 0.7)
    return join(surname, g1, pc.if_else(two, g2, pa.scalar("")))


def mask(values: np.ndarray) -> pa.Array:
    return pa.array(values.astype(bool))
