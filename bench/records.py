"""Deterministic generator of realistic news page records (about 3.6 KB each, Chinese text, real footers).

    python bench/records.py COUNT [--seed N] [--invalid-share 0.1]    # JSON Lines on stdout

About one record in ten carries one defect (a schema error or a footer problem), as inspection batches do.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from collections.abc import Iterator
from typing import Any

_SENTENCES = [
    "省政府常务会议研究部署进一步优化营商环境工作，要求各地各部门切实抓好政策落实。",
    "会议强调，要坚持以人民为中心的发展思想，持续推进政务公开和政务服务标准化规范化便利化。",
    "近日，省大数据中心完成政务云平台扩容，全省一体化政务服务平台运行平稳。",
    "各市（州）要加强统筹协调，压实工作责任，确保各项任务按时保质完成。",
    "The provincial government held a press conference on the progress of key projects this year.",
]
_SITES = [
    ("www.sc.gov.cn", "四川省人民政府办公厅", "5100000062", "蜀ICP备13001288号", "川公网安备51010402000507号"),
    ("www.gov.cn", "中华人民共和国国务院办公厅", "bm01000001", "京ICP备05070218号", "京公网安备11010202000001号"),
    ("www.guizhou.gov.cn", "贵州省人民政府办公厅", "5200000001", "黔ICP备05001234号-1", "贵公网安备52010202003658号"),
    ("www.gansu.gov.cn", "甘肃省人民政府办公厅", "6200000001", "陇ICP备06000123号", "甘公网安备62010202000123号"),
]
_DEFECTS = [
    ("title", ""),
    ("published_at", "2024-03-05 09:30"),
    ("language", "Chinese"),
    ("footer.icp", "川ICP备13001288号"),
    ("footer.icp", "蜀ICP备1300128号"),
    ("footer.public_security", "川公网安备5101040200050710897号"),
    ("footer.site_code", "510000006"),
    ("footer.unit_in_charge", "XXX单位"),
]


def records(count: int, seed: int = 20261126, invalid_share: float = 0.1) -> Iterator[dict[str, Any]]:
    rng = random.Random(seed)
    for index in range(count):
        host, unit, code, icp, psb = _SITES[index % len(_SITES)]
        body = "".join(rng.choice(_SENTENCES) for _ in range(28))
        record: dict[str, Any] = {
            "id": f"rec-{index:08d}",
            "url": f"https://{host}/zwgk/2024/{index % 12 + 1}/{index}.shtml",
            "title": f"关于印发政务公开工作要点的通知（第{index}号）",
            "language": "zh-CN",
            "section": "政务公开",
            "published_at": f"2024-{index % 12 + 1:02d}-{index % 28 + 1:02d}T09:30:00+08:00",
            "captured_at": "2025-01-15T02:00:00+08:00",
            "body": body,
            "content_sha256": hashlib.sha256(body.encode()).hexdigest(),
            "footer": {
                "unit_in_charge": unit,
                "organizer": "省大数据中心",
                "operator": "中国电信股份有限公司",
                "site_code": code,
                "icp": icp,
                "public_security": psb,
            },
        }
        if rng.random() < invalid_share:
            field, value = rng.choice(_DEFECTS)
            if field.startswith("footer."):
                record["footer"][field[7:]] = value
            else:
                record[field] = value
        yield record


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("count", type=int)
    parser.add_argument("--seed", type=int, default=20261126)
    parser.add_argument("--invalid-share", type=float, default=0.1)
    args = parser.parse_args()
    out = sys.stdout
    for record in records(args.count, args.seed, args.invalid_share):
        out.write(json.dumps(record, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
