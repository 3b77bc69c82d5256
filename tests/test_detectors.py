"""Detectors: planted personal data is all caught; real published text is never flagged."""

from __future__ import annotations

import datetime
import random
from pathlib import Path

import pytest

from plugins.core.problems import detectors
from plugins.core.problems import textview
from plugins.core.problems.detectors import id_check_digit, is_id_number, luhn_ok, mask, scan

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
ADDRESS_CODES = ["110101", "310104", "440306", "441900", "510107", "650102", "120103", "370212", "330106", "820000"]


def make_id(rng: random.Random) -> str:
    born = datetime.date(1940, 1, 1) + datetime.timedelta(days=rng.randrange(30000))
    body = rng.choice(ADDRESS_CODES) + born.strftime("%Y%m%d") + f"{rng.randrange(1000):03d}"
    return body + id_check_digit(body)


def make_card(rng: random.Random, length: int = 19, prefix: str = "622202") -> str:
    body = prefix + "".join(str(rng.randrange(10)) for _ in range(length - len(prefix) - 1))
    for check in "0123456789":
        if luhn_ok(body + check):
            return body + check
    raise AssertionError("unreachable")


def make_mobile(rng: random.Random) -> str:
    return rng.choice(["138", "139", "150", "186", "177", "199", "166", "147"]) + "".join(str(rng.randrange(10)) for _ in range(8))


def planted() -> list[tuple[str, str, str]]:
    """(detector, text with the value embedded, normalised value): varied formats and contexts."""
    rng = random.Random(20240601)
    cases = []
    for i in range(40):
        value = make_id(rng)
        shown = [value, value.lower(), f"{value[:6]} {value[6:14]} {value[14:]}", value.translate(str.maketrans("0123456789X", "０１２３４５６７８９Ｘ"))][i % 4]
        text = ["申请人身份证号码：{}，住所地东莞。", "{}", "经核查，当事人（公民身份号码{}）已缴纳罚款。", "| 张某 | {} | 男 |"][i % 4].format(shown)
        cases.append(("id-number", text, value))
    cases.append(("id-number", "身份证号：11010519491231002X。", "11010519491231002X"))
    for i in range(30):
        value = make_mobile(rng)
        shown = [value, f"{value[:3]} {value[3:7]} {value[7:]}", f"{value[:3]}-{value[3:7]}-{value[7:]}", f"+86 {value}", f"+86-{value}",
                 value.translate(str.maketrans("0123456789", "０１２３４５６７８９")), f"86{value}", f"(+86){value}"][i % 8]
        text = ["联系人：王某，手机{}。", "电话:{}", "如有疑问请致电{}（工作日）", "{}"][i % 4].format(shown)
        cases.append(("mobile", text, value))
    for i in range(30):
        value = make_card(rng, length=[16, 19, 19, 17][i % 4], prefix=["622202", "621700", "436742", "955880"][i % 4])
        shown = value if i % 2 else " ".join(value[j: j + 4] for j in range(0, len(value), 4))
        text = ["收款账号：{}", "开户行：工商银行东莞分行，银行卡号 {}", "请将补贴打入本人社保卡银行账户{}。", "户名：李某 卡号：{}"][i % 4].format(shown)
        cases.append(("bank-card", text, value))
    for text, value in [
        ("机密★1年", "机密★1年"), ("秘密★5年\n\n东府办〔2016〕1号", "秘密★5年"), ("绝密★长期", "绝密★长期"), ("机密 ★ 10年", "机密 ★ 10年"),
        ("秘密★", "秘密★"), ("  绝密  \n关于……的通知", "绝密"), ("【机密】", "【机密】"), ("密级：秘密", "密级：秘密"), ("密 级：机密", "密 级：机密"),
        ("内部资料 注意保存", "内部资料 注意保存"), ("内部资料，注意保存", "内部资料，注意保存"), ("（内部资料）", "（内部资料）"),
        ("标题\n内部资料\n正文", "内部资料"), ("注意保存", "注意保存"), ("【内部文件】请勿外传", "【内部文件】"), ("机密☆2年", "机密☆2年"),
        ("绝密★启用前", "绝密★"), ("本材料系内部资料，请勿外传", "内部资料，请勿外传"), ("秘密★一年", "秘密★一年"),
    ]:
        cases.append(("classification-marking", text, value))
    return cases


def published_texts() -> dict[str, str]:
    """Real published documents: the seed documents, OCDS releases and every file of the demo catalog."""
    texts = {p.name: p.read_text(encoding="utf-8", errors="replace") for p in sorted(SEEDS.glob("*.txt"))}
    for path in sorted((SEEDS.parent / "data").rglob("*.json")):  # real procurement releases (OCDS samples)
        texts[path.name] = path.read_text(encoding="utf-8", errors="replace")
    for path in sorted((ROOT / "catalog").rglob("*")):
        if path.is_file() and path.suffix in (".md", ".yml", ".yaml", ".txt", ".csv") and path.name != "negative-list.yml":
            texts[path.relative_to(ROOT).as_posix()] = path.read_text(encoding="utf-8", errors="replace")
    return texts


def test_every_planted_value_is_caught():
    cases = planted()
    missed = []
    for detector, text, value in cases:
        hits = [h for h in scan(text) if h.detector == detector]
        expected = value if detector == "classification-marking" else value.upper().replace(" ", "")
        if not hits or hits[0].value.upper() != expected.upper():
            missed.append((detector, text, [(h.detector, h.value) for h in scan(text)]))
    assert len(cases) >= 110
    assert not missed, missed


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seed documents not available")
def test_real_published_documents_are_not_flagged():
    texts = published_texts()
    assert len(texts) >= 10 and sum(map(len, texts.values())) > 40_000
    flagged = {name: [(h.detector, h.masked) for h in scan(text)] for name, text in texts.items()}
    assert not {k: v for k, v in flagged.items() if v}


@pytest.mark.parametrize(
    "text",
    [
        "订单号 441900199001011232",  # an ID-shaped number whose check digit is wrong
        "合同编号 440306202401019999 已备案",
        "流水号 2024010112345678901",
        "索引号 11441900007330235A/2024-00001，统一社会信用代码 114419000073302510",
        "预算金额 13800000000元，其中 15000000000.00 为专项",
        "批准文号 ¥13912345678",
        "咨询电话：0769-22831234，传真 0769-22831235",
        "采购项目编号 DGCG2024-0186，包号 1",
        "6222020200112233445",  # a Luhn-valid number with no bank context
        "依法保守国家秘密，做好保密审查，妥善处理好政务公开与保守秘密的关系",
        "不得将涉密信息和内部资料在互联网上发布；请注意保存好票据",
        "秘密级、机密级和绝密级国家秘密的保密期限",
        "会议纪要（征求意见稿）",
        "2016年5月23日 2018-12-22 22:25:34",
    ],
)
def test_look_alikes_are_not_flagged(text):
    assert scan(text) == []


def test_id_number_needs_a_real_date_and_check_digit():
    assert is_id_number("360426199101010071")  # the GB 11643 test vector in the domain notes
    assert not is_id_number("360426199102300071")  # 2月30日
    assert not is_id_number("360426199101010072")  # check digit
    assert not is_id_number("990426199101010071")  # no such province
    future = (datetime.date.today() + datetime.timedelta(days=400)).strftime("%Y%m%d")
    body = "440306" + future + "123"
    assert not is_id_number(body + id_check_digit(body))


def test_masks_show_only_the_last_two_characters():
    assert mask("441900199001011234") == "****************34"
    assert mask("13800138000") == "*********00"
    assert mask("6222021234567890128") == "*****************28"
    assert detectors.describe("13800138000") == "共 11 位，末两位 00"
    assert not hasattr(scan("13800138000")[0], "digest")  # no hash of a value anywhere
    assert "13800138000" not in repr(scan("13800138000")[0])


def test_hit_carries_offsets_of_the_original_text():
    text = "第一行\n身份证：１１０１０５１９４９１２３１００２Ｘ 备注"
    (hit,) = scan(text)
    assert text[hit.start: hit.end] == "１１０１０５１９４９１２３１００２Ｘ"
    assert hit.value == "11010519491231002X"


def test_detectors_are_fast_enough_for_100000_entries():
    """A 900-character body per entry: the detectors take well under a second per 10,000."""
    import time

    rng = random.Random(1)
    texts = published_texts()
    sentences = [s for t in texts.values() for s in t.split("。") if 10 < len(s) < 120]
    bodies = ["。".join(rng.choices(sentences, k=12)) for _ in range(10_000)]
    started = time.perf_counter()
    for body in bodies:
        scan(body)
    elapsed = time.perf_counter() - started
    assert elapsed < 2.5, f"{elapsed:.2f}s for 10,000 bodies"


# --- what a person sees: evasions by ordinary typing ------------------------------------------

MOB = "15913572468"
ID_X = "44030619851120106X"
assert id_check_digit(ID_X[:17]) == "X"


@pytest.mark.parametrize(
    "text, detector, value",
    [
        (f"手机\u3000{MOB[:3]}\u3000{MOB[3:7]}\u3000{MOB[7:]}", "mobile", MOB),  # ideographic spaces
        (f"手机 {MOB[:3]}\u00a0{MOB[3:7]}\u00a0{MOB[7:]}", "mobile", MOB),  # no-break spaces
        (f"手机{MOB[:5]}\u200b{MOB[5:]}", "mobile", MOB),  # zero-width space
        (f"手机{MOB[:4]}\u2060\ufeff{MOB[4:8]}\u00ad{MOB[8:]}", "mobile", MOB),  # word joiner, BOM, soft hyphen
        (f"手机{MOB[:3]}\u2009{MOB[3:7]}\u202f{MOB[7:]}", "mobile", MOB),  # thin and narrow spaces
        (f"电话 {MOB[:3]}\uff0d{MOB[3:7]}\uff0d{MOB[7:]}", "mobile", MOB),  # full-width hyphens among half-width digits
        (f"电话 {MOB[:3]}\u2014{MOB[3:7]}\u2212{MOB[7:]}", "mobile", MOB),  # em dash and minus sign
        (f"电话 {MOB[:3]}\u2010{MOB[3:7]}\u2013{MOB[7:]}", "mobile", MOB),
        ("电话 " + MOB[:6].translate(str.maketrans("0123456789", "０１２３４５６７８９")) + MOB[6:], "mobile", MOB),  # mixed widths
        (f"联系人王某，电话 {MOB[:3]} {MOB[3:7]}\n{MOB[7:]}，地址略", "mobile", MOB),  # wrapped across lines
        (f"| 王某 | {MOB[:3]} {MOB[3:7]} | {MOB[7:]} |", "mobile", MOB),  # split in two Markdown cells
        (f"王某\t{MOB[:7]}\t{MOB[7:]}\t男", "mobile", MOB),  # split in two tab-separated cells
        ("电话 " + "\u3000".join(MOB), "mobile", MOB),  # spaced digit by digit
        (f"电话 {MOB[:4]}-{MOB[4:7]}-{MOB[7:]}", "mobile", MOB),
        (f"身份证号\u3000{ID_X[:6]}\u3000{ID_X[6:14]}\u3000{ID_X[14:]}", "id-number", ID_X),
        (f"身份证号 {ID_X[:10]}\n{ID_X[10:17]}ｘ", "id-number", ID_X),
        (f"公民身份号码：{ID_X[:9]}\u200c{ID_X[9:]}", "id-number", ID_X),
        (f"| 张某 | {ID_X[:6]} | {ID_X[6:]} |", "id-number", ID_X),
    ],
)
def test_numbers_are_seen_through_spaces_dashes_and_breaks(text, detector, value):
    hits = [h for h in scan(text) if h.detector == detector]
    assert [h.value for h in hits] == [value], scan(text)
    assert detectors.worth_scanning(text)
    (hit,) = hits  # offsets point into the original text: its first and last digits
    assert text[hit.start] in "1４０１２３４５６７８９+(4" and text[hit.end - 1] in "0123456789Xxｘ"


@pytest.mark.parametrize(
    "text, value",
    [
        ("秘\u3000密", "秘\u3000密"),  # GB/T 9704: a full-width space between the characters, alone on a line
        ("机\u3000密★1年\n关于……的通知", "机\u3000密★1年"),
        ("绝 密★长期", "绝 密★长期"),
        ("秘\u00a0密\u2605\uff15年", "秘\u00a0密\u2605\uff15年"),  # NBSP, full-width 5
        ("机\u200b密★", "机\u200b密★"),
        ("【内部】关于调整值班安排的通知", "【内部】"),
        ("［内部］", "［内部］"),
        ("〔内部〕会议纪要", "〔内部〕"),
        ("内部★", "内部★"),
        ("（内\u3000部\u3000资\u3000料）", "（内\u3000部\u3000资\u3000料）"),
        ("标题\n内部资料\u3000注意保存\n正文", "内部资料\u3000注意保存"),
    ],
)
def test_spaced_and_bracketed_markings_are_caught(text, value):
    hits = [h for h in scan(text) if h.detector == "classification-marking"]
    assert [h.value for h in hits] == [value]
    assert detectors.worth_scanning(text)


@pytest.mark.parametrize(
    "text",
    [
        "依法保守国家秘密，严格执行保密制度。",
        "任何单位和个人都有保守秘密的义务，秘密 一词在本文中指国家秘密。",
        "内部控制制度、内部审计和内部管理",
        "序号\n1\t13800\t138000\n2\t21000\t15000",  # a table of amounts with a 序号 column
        "| 1 | 3800 | 1380000 |",
        "1500\t2300000\t3400",  # adjacent amounts: 15002300000 is not typed by anyone
        "15002\n300000\n41000",  # a column of figures
        "订单号\u3000441900199001011232",  # check digit wrong, even behind an ideographic space
        "金额 138\u3000001\u30003800 元",
        "合计 13 800 138 000",  # spaces for thousands
        "1 3 8 0 0 1 3 8 0 0 0 元",
        "2024-01-02\n2024-01-03\n2024-01-04",
        "电话 0769\u201122831234",
    ],
)
def test_normalising_does_not_add_false_positives(text):
    assert scan(text) == []


def test_normalised_offsets_map_back_to_the_original():
    text = "甲\u200b\u200b乙\u3000１２３ＡＢ丙\u00ad丁"
    norm = textview.normalise(text)
    assert norm.text == "甲乙 123AB丙丁"
    for i, ch in enumerate(norm.text):
        original = text[norm.original(i)]
        assert textview.normalise(original).text in (ch, "")
    assert norm.original(len(norm.text)) == len(text)


def test_plain_text_skips_normalisation_and_the_precheck_stays_cheap():
    assert textview.normalise("plain ascii 123").text == "plain ascii 123"
    assert not detectors.worth_scanning("2024年5月23日，预算金额 1,234.56 万元。")
    assert not detectors.worth_scanning("这是一段普通的正文，没有号码，也没有标志。")
