"""The people side's defaults (*ours*), seeded into a new company's database and the
demo city, every one editable afterwards in the admin:

* the standardisation checklist, its items summing to the audit scheme's sections
  (hardware environment 30, indicators 50, internal management 20);
* skill items with what each level means, the competency model of the front-line
  posts, and the courses that teach the skills;
* a customer satisfaction questionnaire on the ten-point scale.

The texts are the company's own content (Chinese, as a Chinese operator writes them),
not interface strings.
"""

from __future__ import annotations

from fractions import Fraction

from wangge.core.people.audit import DEFAULT_SECTIONS

#: (code, section, text, maximum points)
CHECKLIST = (
    ("HW-01", "hardware", "门头、标识与网格公示牌规范", 10),
    ("HW-02", "hardware", "网格作战图上墙并按月更新", 10),
    ("HW-03", "hardware", "办公与营销物料摆放整洁、台账相符", 10),
    ("IN-01", "indicators", "名单制营销执行（清单下发、走访、回单）", 20),
    ("IN-02", "indicators", "重点指标按月跟踪与通报", 20),
    ("IN-03", "indicators", "营销支撑工具使用率", 10),
    ("IM-01", "internal_management", "晨会、周例会与工作日志", 10),
    ("IM-02", "internal_management", "人员分工、考勤与培训记录", 10),
)

#: (code, name, {level: what it means})
SKILLS = (
    ("sales", "营销技巧", {
        "junior": "能介绍主推产品和资费",
        "intermediate": "能按客户需求组合推荐",
        "senior": "能策划并带领片区营销活动",
    }),
    ("service", "装维与服务规范", {
        "junior": "熟悉服务流程与投诉处理",
        "intermediate": "能独立处理一般投诉",
        "senior": "能指导他人处理复杂投诉",
    }),
    ("tools", "网格工具使用", {
        "junior": "会用名单、走访与工单功能",
        "intermediate": "会看网格报表找问题",
        "senior": "能用分析结果安排团队工作",
    }),
    ("it", "政企信息化方案", {
        "intermediate": "能介绍专线、组网与云产品",
        "senior": "能设计中小企业信息化方案",
        "it_consultant": "能主导行业客户整体方案",
    }),
)  # fmt: skip

#: (post, skill, level required)
REQUIREMENTS = (
    ("grid_manager", "sales", "senior"),
    ("grid_manager", "service", "intermediate"),
    ("grid_manager", "tools", "senior"),
    ("grid_manager", "it", "intermediate"),
    ("community_manager", "sales", "intermediate"),
    ("community_manager", "service", "intermediate"),
    ("community_manager", "tools", "intermediate"),
    ("business_manager", "sales", "intermediate"),
    ("business_manager", "it", "senior"),
    ("customer_manager", "service", "senior"),
    ("customer_manager", "sales", "intermediate"),
)

#: (code, name, hours, skills taught)
COURSES = (
    ("C-SALES", "营销技巧与客户沟通", 8, ("sales",)),
    ("C-SERVICE", "装维服务规范与投诉处理", 4, ("service",)),
    ("C-TOOLS", "网格化管理与营销工具", 8, ("tools",)),
    ("C-IT", "政企信息化解决方案", 16, ("it", "sales")),
)

SURVEY = ("CSAT", "客户满意度调查", 10)
#: (code, question, weight)
QUESTIONS = (
    ("overall", "总体满意度", 2),
    ("network", "网络质量", 1),
    ("install", "装维服务", 1),
    ("manager", "网格经理服务", 1),
)


def checklist_sections() -> dict[str, Fraction]:
    """Each section's maximum on the default checklist (equal to the scheme's weights)."""
    out = {s: Fraction(0) for s in DEFAULT_SECTIONS}
    for _code, section, _text, top in CHECKLIST:
        out[section] += top
    return out
