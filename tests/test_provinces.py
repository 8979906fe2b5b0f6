"""The province table and its look-ups (DOMAIN.md §2, province table)."""

from __future__ import annotations

import pytest

from validator.provinces import (
    ICP_ABBRS,
    PROVINCES,
    PSB_ABBRS,
    Province,
    by_code,
    by_english,
    by_english_name,
    by_icp_abbr,
    by_psb_abbr,
)

# The table exactly as DOMAIN.md gives it: code, ICP abbreviation, public-security abbreviation.
DOMAIN_TABLE = (
    "11 京京 · 12 津津 · 13 冀冀 · 14 晋晋 · 15 蒙蒙 · 21 辽辽 · 22 吉吉 · 23 黑黑 · 31 沪沪 · 32 苏苏 · "
    "33 浙浙 · 34 皖皖 · 35 闽闽 · 36 赣赣 · 37 鲁鲁 · 41 豫豫 · 42 鄂鄂 · 43 湘湘 · 44 粤粤 · 45 桂桂 · "
    "46 琼琼 · 50 渝渝 · 51 蜀川 · 52 黔贵 · 53 滇滇 · 54 藏藏 · 61 陕陕 · 62 陇甘 · 63 青青 · 64 宁宁 · "
    "65 新新"
)


def _domain_rows() -> list[tuple[str, str, str]]:
    rows = []
    for item in DOMAIN_TABLE.split(" · "):
        code, abbrs = item.split(" ")
        rows.append((code, abbrs[0], abbrs[1]))
    return rows


def test_table_matches_domain_notes() -> None:
    rows = _domain_rows()
    assert len(rows) == 31
    assert [(p.code, p.icp_abbr, p.psb_abbr) for p in PROVINCES] == rows


def test_codes_and_abbreviations_are_unique() -> None:
    assert len({p.code for p in PROVINCES}) == 31
    assert len({p.icp_abbr for p in PROVINCES}) == 31
    assert len({p.psb_abbr for p in PROVINCES}) == 31
    assert len({p.name_en.casefold() for p in PROVINCES}) == 31


def test_province_is_frozen_and_slotted() -> None:
    sichuan = by_code("51")
    assert sichuan == Province("51", "蜀", "川", "四川", "Sichuan", ("Shu", "Chuan"))
    with pytest.raises(AttributeError):
        sichuan.code = "52"  # type: ignore[misc]
    assert not hasattr(sichuan, "__dict__")


@pytest.mark.parametrize(("code", "icp", "psb"), _domain_rows())
def test_every_row_round_trips_through_the_lookups(code: str, icp: str, psb: str) -> None:
    province = by_code(code)
    assert province is not None
    assert by_icp_abbr(icp) is province
    assert by_psb_abbr(psb) is province
    assert province in by_english(province.name_en)
    assert by_english_name(province.name_en) is province
    for word in province.pinyin:
        assert province in by_english(word)


def test_unknown_values() -> None:
    assert by_code("99") is None
    assert by_code("") is None
    assert by_icp_abbr("萌") is None
    assert by_psb_abbr("萌") is None
    assert by_english("Atlantis") == ()
    assert by_english("") == ()
    assert by_english_name("Ji") is None  # pinyin is not a name


@pytest.mark.parametrize(("licence_plate", "name"), [("川", "Sichuan"), ("贵", "Guizhou"), ("甘", "Gansu")])
def test_licence_plate_characters_are_not_icp_abbreviations(licence_plate: str, name: str) -> None:
    assert by_icp_abbr(licence_plate) is None
    assert licence_plate not in ICP_ABBRS
    province = by_psb_abbr(licence_plate)
    assert province is not None and province.name_en == name


def test_icp_abbreviations_of_the_three_special_provinces() -> None:
    assert by_icp_abbr("蜀") == by_code("51")
    assert by_icp_abbr("黔") == by_code("52")
    assert by_icp_abbr("陇") == by_code("62")
    assert by_icp_abbr("滇") == by_code("53")


def test_guizhou_public_security_accepts_both_gui_and_qian() -> None:
    assert by_psb_abbr("贵") is by_code("52")
    assert by_psb_abbr("黔") is by_code("52")
    assert {"贵", "黔"} <= PSB_ABBRS
    assert by_psb_abbr("蜀") is None  # Sichuan's ICP abbreviation is not its public-security one
    assert by_psb_abbr("陇") is None


def test_abbreviation_sets() -> None:
    assert frozenset(p.icp_abbr for p in PROVINCES) == ICP_ABBRS
    assert frozenset(p.psb_abbr for p in PROVINCES) | {"黔"} == PSB_ABBRS


@pytest.mark.parametrize(
    ("word", "codes"),
    [
        ("Ji", ("13", "22")),
        ("JI", ("13", "22")),
        ("jin", ("12", "14")),
        ("Yu", ("41", "50")),
        ("Gan", ("36", "62")),
        ("Gui", ("45", "52")),
        ("Min", ("35",)),
        ("Shu", ("51",)),
        ("Chuan", ("51",)),
        ("Qian", ("52",)),
        ("Long", ("62",)),
        ("Dian", ("53",)),
        ("Shaan", ("61",)),
        ("Jing", ("11",)),
        ("Hebei", ("13",)),
        ("Jilin", ("22",)),
        ("sichuan", ("51",)),
        ("SICHUAN", ("51",)),
        ("Shanxi", ("14",)),
        ("Shaanxi", ("61",)),
        ("Inner Mongolia", ("15",)),
        ("inner  mongolia", ("15",)),
        ("Tibet", ("54",)),
        ("Xizang", ("54",)),
        (" Fujian ", ("35",)),
    ],
)
def test_by_english(word: str, codes: tuple[str, ...]) -> None:
    assert tuple(p.code for p in by_english(word)) == codes


def test_shanxi_and_shaanxi_are_different_provinces() -> None:
    shanxi, shaanxi = by_code("14"), by_code("61")
    assert shanxi is not None and shaanxi is not None
    assert (shanxi.name_en, shanxi.name_zh, shanxi.pinyin) == ("Shanxi", "山西", ("Jin",))
    assert (shaanxi.name_en, shaanxi.name_zh, shaanxi.pinyin) == ("Shaanxi", "陕西", ("Shaan",))


def test_pinyin_named_in_the_brief() -> None:
    expected = {
        "51": ("Shu", "Chuan"),
        "35": ("Min",),
        "13": ("Ji",),
        "22": ("Ji",),
        "12": ("Jin",),
        "14": ("Jin",),
        "50": ("Yu",),
        "41": ("Yu",),
        "52": ("Qian", "Gui"),
        "62": ("Long", "Gan"),
        "53": ("Dian",),
        "61": ("Shaan",),
    }
    for code, pinyin in expected.items():
        province = by_code(code)
        assert province is not None and province.pinyin == pinyin
