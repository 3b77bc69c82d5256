"""A realistic catalog export of N rows (xlsx), for timing ``build.py import``: python bench/make_export.py 10000 export.xlsx

``--legacy``: every other row carries a 索引号 in another system's form (another office's prefix, 旧系统 numbers),
as exports from older systems do: python bench/make_export.py 2000 export.xlsx --legacy
"""

from __future__ import annotations

import sys

from openpyxl import Workbook

ORGANS = ["东莞市财政局", "东莞市人民政府办公室", "东莞市公共资源交易中心"]
TITLES = ["关于印发《东莞市第{n}号管理办法》的通知", "关于{n}号项目资金安排情况的公告", "《东莞市第{n}号实施方案》政策解读"]


LEGACY = ["11440300007542163G/{year}-{n:05d}", "000014349/{year}-{n:05d}", "K12-01-{year}-{n:04d}", "440300-{year}-{n:06d}"]
"""Forms real exports carry (docs/import.md#沿用原索引号)."""


def main(rows: int, path: str, legacy: bool = False) -> None:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("目录")
    sheet.append(["索引号", "信息名称", "发布机构", "生成日期", "发布日期", "文号", "主题分类", "公开方式", "有效性", "链接"])
    prefixes = ["114419000073302510", "11441900007330235A", "11441900MB2C12345D"]
    for n in range(1, rows + 1):
        k = n % 3
        year = 2015 + n % 10
        number = LEGACY[(n // 2) % 4].format(year=year, n=n) if legacy and n % 2 else f"{prefixes[k]}/{year}-{n:05d}"
        sheet.append([number, TITLES[k].format(n=n), ORGANS[k], f"{year}-03-01", f"{year}-03-{1 + n % 28:02d}",
                      f"东府办〔{year}〕{n}号" if k == 0 else "", "财政" if k == 0 else "政务公开", "主动公开", "有效", f"https://www.dg.gov.cn/gk/{n}.html"])
    book.save(path)


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2], "--legacy" in sys.argv[3:])
