"""The reviewer sees a one-character change to a Chinese paragraph as that character, and never a personal number."""

from __future__ import annotations

from plugins.core.review import textdiff
from plugins.core.review.report import cell

PARAGRAPH = "本机关2024年共主动公开政府信息1280条，其中政策文件56件，通过政府网站发布的占全部公开信息的百分之九十。"


def test_one_character_changed_in_a_long_paragraph_is_that_character() -> None:
    new = PARAGRAPH.replace("56件", "58件")
    changes = textdiff.paragraphs("第一段。\n" + PARAGRAPH + "\n末段。", "第一段。\n" + new + "\n末段。")
    assert len(changes) == 1 and changes[0][0] == 2
    segments = changes[0][1]
    assert [s for s in segments if s[0] != "="] == [["-", "6"], ["+", "8"]]
    assert "<del>6</del><ins>8</ins>" in textdiff.as_markup(segments, cell)
    assert "[-6-]{+8+}" in textdiff.as_text(segments)


def test_a_phrase_changed_shows_as_one_phrase_and_numbers_stay_masked() -> None:
    segments = textdiff.inline("联系电话：13912345678，由办公室负责。", "联系电话：13912345679，由综合科负责。")
    shown = textdiff.as_text(segments)
    assert "13912345678" not in shown and "13912345679" not in shown
    assert "[-办公室-]{+综合科+}" in shown
