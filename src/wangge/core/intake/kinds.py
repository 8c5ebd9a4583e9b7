"""What each kind of operator file carries, in our words and in theirs.

A kind lists its fields: our name, the parser of its cells, whether it must be
filled, and the headers operators' BSS, CRM and billing systems give it (the
Chinese ones first). Rows refer to each other by the operator's codes (unit
code, staff number, customer code, subscription code), never by our ids: the
web layer resolves codes against the database when it stages an import.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from wangge.core import schema
from wangge.core.intake import values as v

UNIT_KIND_NAMES = {
    "地市": "city",
    "地市公司": "city",
    "市公司": "city",
    "营销中心": "center",
    "区域营销中心": "center",
    "中心": "center",
    "县分公司": "county",
    "县公司": "county",
    "片区": "area",
    "网格": "grid",
    "虚拟": "virtual",
    "虚拟网格": "virtual",
    **{k: k for k in schema.UNIT_KINDS},
}
POST_NAMES = {
    "网格经理": "grid_manager",
    "社区经理": "community_manager",
    "商客经理": "business_manager",
    "客户经理": "customer_manager",
    "服务总监": "service_director",
    "后台支撑": "back_office",
    "后台": "back_office",
    "中心主任": "center_director",
    "区域营销中心主任": "center_director",
    "县分公司经理": "center_director",
    "市场经营部": "marketing_department",
    **{k: k for k in schema.POSTS},
}
LEVEL_NAMES = {
    "初级": "junior",
    "中级": "intermediate",
    "高级": "senior",
    "信息化顾问": "it_consultant",
    **{k: k for k in schema.LEVELS},
}
PLACE_KIND_NAMES = {
    "楼宇": "building",
    "商务楼宇": "building",
    "园区": "park",
    "产业园区": "park",
    "聚类市场": "cluster_market",
    "专业市场": "cluster_market",
    "小区": "community",
    "住宅小区": "community",
    "行政村": "village",
    "村": "village",
    "校园": "campus",
    "学校": "campus",
    **{k: k for k in schema.PLACE_KINDS},
}
CHANNEL_KIND_NAMES = {
    "中心营业厅": "central_hall",
    "自办厅": "self_run_hall",
    "自有营业厅": "self_run_hall",
    "合作厅": "partner_hall",
    "合作店": "partner_hall",
    "代办点": "agent_point",
    **{k: k for k in schema.CHANNEL_KINDS},
}
CUSTOMER_KIND_NAMES = {
    "个人": "individual",
    "个人客户": "individual",
    "家庭": "household",
    "家庭客户": "household",
    "政企": "business",
    "集团": "business",
    "企业": "business",
    "商客": "business",
    **{k: k for k in schema.CUSTOMER_KINDS},
}
OWNERSHIP_NAMES = {
    "在网": "ours",
    "本网": "ours",
    "他网": "competitor",
    "异网": "competitor",
    "潜在": "potential",
    "潜在客户": "potential",
    **{k: k for k in schema.OWNERSHIPS},
}
PRODUCT_LINE_NAMES = {
    "移动": "mobile",
    "移动业务": "mobile",
    "手机": "mobile",
    "宽带": "broadband",
    "固话": "fixed",
    "固定电话": "fixed",
    "IPTV": "iptv",
    "iptv": "iptv",
    "天翼高清": "iptv",
    "专线": "dataline",
    "数据专线": "dataline",
    **{k: k for k in schema.PRODUCT_LINES},
}
# Operators' status words differ by system; a profile can add its own.
STATUS_NAMES = {
    "在用": "active",
    "正常": "active",
    "在网": "active",
    "停机": "suspended",
    "欠费停机": "suspended",
    "拆机": "disconnected",
    "销户": "cancelled",
    "注销": "cancelled",
    **{k: k for k in schema.SUBSCRIPTION_STATUSES},
}
GRID_CLASS_NAMES = {"A": "A", "B": "B", "A类": "A", "B类": "B", "a": "A", "b": "B"}
URBAN_NAMES = {"城区": "true", "城市": "true", "农村": "false", "true": "true", "false": "false"}


@dataclass(frozen=True)
class Field:
    """One column of a kind; ``headers`` are the names operators give it."""

    name: str
    parse: v.Parser
    label: str
    headers: tuple[str, ...] = ()
    required: bool = False


@dataclass(frozen=True)
class Kind:
    """A kind of file: its fields, the natural key of a row, and whether it is monthly."""

    name: str
    label: str
    fields: tuple[Field, ...]
    key: tuple[str, ...]
    monthly: bool = False
    notes: str = ""
    by_name: Mapping[str, Field] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_name", {f.name: f for f in self.fields})
        unknown = set(self.key) - set(self.by_name)
        if unknown:
            raise ValueError(f"kind {self.name}: key fields {sorted(unknown)} are not fields")

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields if f.required)


def _f(name: str, parse: v.Parser, label: str, *headers: str, required: bool = False) -> Field:
    return Field(name, parse, label, headers, required)


_VALID_FROM = _f("valid_from", v.day, "生效日期", "生效时间", "起始日期", "valid from")

UNIT = Kind(
    "unit",
    "组织单元",
    (
        _f(
            "code",
            v.code,
            "单元编码",
            "组织编码",
            "部门编码",
            "网格编码",
            "unit code",
            required=True,
        ),
        _f(
            "name",
            v.text,
            "单元名称",
            "组织名称",
            "部门名称",
            "网格名称",
            "unit name",
            required=True,
        ),
        _f(
            "kind", v.choice(UNIT_KIND_NAMES), "层级", "单元类型", "组织类型", "kind", required=True
        ),
        _f("parent_code", v.code, "上级编码", "上级单元编码", "上级部门编码", "parent code"),
        _f("grid_class", v.choice(GRID_CLASS_NAMES), "网格类别", "网格分类", "grid class"),
        _f("grid_type", v.choice(schema.GRID_TYPES), "网格类型", "grid type"),
        _f("urban", v.choice(URBAN_NAMES), "城乡", "城区农村", "urban"),
        _f("lon", v.coordinate, "经度", "longitude"),
        _f("lat", v.coordinate, "纬度", "latitude"),
        _f("households", v.integer_not_negative, "户数", "住户数", "households"),
        _f("population", v.integer_not_negative, "人口", "常住人口", "population"),
        _f("enterprises", v.integer_not_negative, "企业数", "企业数量", "enterprises"),
        _VALID_FROM,
    ),
    key=("code",),
    notes="一行一个单元；上级编码给出自生效日期起的隶属关系。",
)

PERSON = Kind(
    "person",
    "人员及归属",
    (
        _f("staff_no", v.code, "员工编号", "工号", "人员编码", "staff number", required=True),
        _f("name", v.text, "姓名", "员工姓名", "name", required=True),
        _f("post", v.choice(POST_NAMES), "岗位", "岗位名称", "post", required=True),
        _f("level", v.choice(LEVEL_NAMES), "等级", "能力等级", "职级", "level"),
        _f("phone", v.phone, "手机号", "联系电话", "电话", "phone"),
        _f("id_number", v.code, "身份证号", "证件号码", "id number"),
        _f("hired_on", v.day, "入职日期", "入职时间", "hired on"),
        _f("unit_code", v.code, "所属单元编码", "所属网格编码", "归属单元", "unit code"),
        _VALID_FROM,
    ),
    key=("staff_no",),
)

PLACE = Kind(
    "place",
    "场所",
    (
        _f("code", v.code, "场所编码", "楼宇编码", "小区编码", "place code", required=True),
        _f("name", v.text, "场所名称", "楼宇名称", "小区名称", "place name", required=True),
        _f("kind", v.choice(PLACE_KIND_NAMES), "场所类型", "类型", "kind", required=True),
        _f("grid_code", v.code, "所属网格编码", "网格编码", "grid code", required=True),
        _f("lon", v.coordinate, "经度", "longitude", required=True),
        _f("lat", v.coordinate, "纬度", "latitude", required=True),
        _f("households", v.integer_not_negative, "户数", "住户数", "households"),
        _f("enterprises", v.integer_not_negative, "企业数", "入驻企业数", "enterprises"),
        _VALID_FROM,
    ),
    key=("code",),
)

CHANNEL = Kind(
    "channel",
    "渠道",
    (
        _f("code", v.code, "渠道编码", "网点编码", "channel code", required=True),
        _f("name", v.text, "渠道名称", "网点名称", "channel name", required=True),
        _f("kind", v.choice(CHANNEL_KIND_NAMES), "渠道类型", "网点类型", "kind", required=True),
        _f(
            "grid_code",
            v.code,
            "支撑网格编码",
            "所属网格编码",
            "网格编码",
            "grid code",
            required=True,
        ),
        _f("lon", v.coordinate, "经度", "longitude", required=True),
        _f("lat", v.coordinate, "纬度", "latitude", required=True),
    ),
    key=("code",),
)

CUSTOMER = Kind(
    "customer",
    "客户",
    (
        _f("code", v.code, "客户编码", "客户编号", "customer code", required=True),
        _f("name", v.text, "客户名称", "客户姓名", "customer name", required=True),
        _f("kind", v.choice(CUSTOMER_KIND_NAMES), "客户类型", "客户类别", "kind", required=True),
        _f("ownership", v.choice(OWNERSHIP_NAMES), "在网状态", "归属", "ownership"),
        _f("grid_code", v.code, "所属网格编码", "网格编码", "grid code", required=True),
        _f("place_code", v.code, "场所编码", "楼宇编码", "小区编码", "place code"),
        _f("phone", v.phone, "联系电话", "手机号", "联系号码", "phone"),
        _f("id_number", v.code, "证件号码", "身份证号", "统一社会信用代码", "id number"),
        _f("industry", v.text, "行业", "所属行业", "industry"),
        _f("address", v.text, "地址", "装机地址", "联系地址", "address"),
        _VALID_FROM,
    ),
    key=("code",),
)

SUBSCRIPTION = Kind(
    "subscription",
    "用户（业务）",
    (
        _f("code", v.code, "用户编码", "用户标识", "产品实例", "subscription code", required=True),
        _f("customer_code", v.code, "客户编码", "客户编号", "customer code", required=True),
        _f(
            "product_line",
            v.choice(PRODUCT_LINE_NAMES),
            "业务类型",
            "产品线",
            "product line",
            required=True,
        ),
        _f("product", v.text, "套餐名称", "产品名称", "套餐", "product"),
        _f("number", v.phone, "号码", "业务号码", "接入号", "number"),
        _f(
            "monthly_fee_cents", v.money_not_negative, "月费(元)", "套餐月费", "月租", "monthly fee"
        ),
        _f("start_date", v.day, "入网时间", "入网日期", "开户日期", "start date", required=True),
        _f("end_date", v.day, "拆机时间", "离网日期", "end date"),
        _f("contract_end", v.day, "合约到期", "合约到期日", "协议到期时间", "contract end"),
        _f("status", v.choice(STATUS_NAMES), "状态", "用户状态", "status", required=True),
        _f("channel_code", v.code, "发展渠道编码", "受理渠道编码", "channel code"),
        _f("sold_by", v.code, "发展人工号", "发展人编号", "sold by"),
    ),
    key=("code",),
)

SUBSCRIPTION_MONTH = Kind(
    "subscription_month",
    "月度用户账务",
    (
        _f("month", v.month, "账期", "月份", "统计月份", "month", required=True),
        _f("code", v.code, "用户编码", "用户标识", "产品实例", "subscription code", required=True),
        _f(
            "status",
            v.choice(STATUS_NAMES),
            "状态",
            "月末状态",
            "用户状态",
            "status",
            required=True,
        ),
        _f("status_since", v.day, "状态时间", "状态变更时间", "status since"),
        _f("billed_cents", v.money, "出账收入", "出账收入(元)", "应收", "billed", required=True),
        _f("paid_cents", v.money, "实收", "实收收入", "实收(元)", "paid"),
        _f("arrears_cents", v.money_not_negative, "欠费", "欠费金额", "arrears"),
        _f(
            "arrears_over_90_cents",
            v.money_not_negative,
            "90天以上欠费",
            "超90天欠费",
            "arrears over 90",
        ),
        _f("usage", v.integer_not_negative, "使用量", "流量(MB)", "usage"),
        _f("complaints", v.integer_not_negative, "投诉次数", "complaints"),
    ),
    key=("month", "code"),
    monthly=True,
)

MARKETING_INPUT = Kind(
    "marketing_input",
    "营销投入",
    (
        _f("month", v.month, "账期", "月份", "month", required=True),
        _f("grid_code", v.code, "网格编码", "grid code", required=True),
        _f("commission_cents", v.money_not_negative, "佣金", "渠道佣金", "commission"),
        _f("subsidy_cents", v.money_not_negative, "补贴", "终端补贴", "subsidy"),
        _f("promotion_cents", v.money_not_negative, "营销费用", "促销费用", "promotion"),
        _f("labour_cents", v.money_not_negative, "人工成本", "直接人工", "labour"),
    ),
    key=("month", "grid_code"),
    monthly=True,
)

COMPLAINT = Kind(
    "complaint",
    "投诉",
    (
        _f("code", v.code, "投诉单号", "工单号", "complaint code", required=True),
        _f("customer_code", v.code, "客户编码", "customer code", required=True),
        _f("subscription_code", v.code, "用户编码", "subscription code"),
        _f("opened_at", v.day, "受理时间", "投诉时间", "opened at", required=True),
        _f("due_at", v.day, "时限", "要求完成时间", "due at"),
        _f("resolved_at", v.day, "办结时间", "归档时间", "resolved at"),
        _f("category", v.text, "投诉类别", "投诉类型", "category"),
    ),
    key=("code",),
)

REGISTRY = Kind(
    "registry",
    "工商登记",
    (
        _f("name", v.text, "企业名称", "名称", "name", required=True),
        _f("credit_code", v.credit_code, "统一社会信用代码", "信用代码", "credit code"),
        _f("legal_person", v.text, "法定代表人", "法人", "legal person"),
        _f("address", v.text, "住所", "注册地址", "地址", "address"),
        _f("industry", v.text, "行业", "所属行业", "国民经济行业", "industry"),
        _f("registered_on", v.day, "成立日期", "注册日期", "registered on"),
        _f("capital_cents", v.money_not_negative, "注册资本(元)", "注册资本", "capital"),
        _f("status", v.text, "登记状态", "经营状态", "status"),
        _f("phone", v.phone, "联系电话", "电话", "phone"),
        # where the entry lies, when the extract was geocoded: for a prospect's grid
        _f("place_code", v.code, "场所编码", "楼宇编码", "place code"),
        _f("lon", v.coordinate, "经度", "longitude"),
        _f("lat", v.coordinate, "纬度", "latitude"),
    ),
    key=("credit_code", "name"),
    notes="注册资本按元填写；以万元为单位的导出请在映射中换算或改表头。",
)

GRID_LINK = Kind(
    "grid_link",
    "网格归属历史",
    (
        _f("customer_code", v.code, "客户编码", "客户编号", "customer code"),
        _f("place_code", v.code, "场所编码", "楼宇编码", "小区编码", "place code"),
        _f("grid_code", v.code, "网格编码", "所属网格编码", "grid code", required=True),
        _f("valid_from", v.day, "生效日期", "生效时间", "起始日期", "valid from", required=True),
        _f("valid_to", v.day, "失效日期", "失效时间", "截止日期", "valid to"),
    ),
    key=("customer_code", "place_code", "valid_from"),
    notes="一行一段归属：客户或场所自生效日期起（至失效日期前）属于该网格；"
    "文件中出现的客户或场所，其归属历史以文件为准。",
)

KINDS: Mapping[str, Kind] = {
    k.name: k
    for k in (
        UNIT,
        PERSON,
        PLACE,
        CHANNEL,
        CUSTOMER,
        SUBSCRIPTION,
        SUBSCRIPTION_MONTH,
        MARKETING_INPUT,
        COMPLAINT,
        REGISTRY,
        GRID_LINK,
    )
}


def kind(name: str) -> Kind:
    try:
        return KINDS[name]
    except KeyError:
        raise ValueError(f"unknown kind {name!r}; one of {', '.join(KINDS)}") from None
