"""documentation/README.txt: a short guide inside every package, for a reader who has never seen pav."""

from __future__ import annotations

from validator import __version__

README = f"""\
About this package / 关于本档案包
================================

This folder is one archived web page, packaged by pav {__version__} (an archival-compliance validator for
Chinese government and news pages). It is a BagIt bag (RFC 8493) whose payload, data/, is an E-ARK
information package: a submission information package (SIP) following E-ARK CSIP and E-ARK SIP 2.

本文件夹保存一个网页的归档包，由 pav {__version__} 生成：外层为 BagIt 包（RFC 8493），data/ 内为符合
E-ARK CSIP 与 E-ARK SIP 2 的提交信息包（SIP）。

  bagit.txt, bag-info.txt        BagIt declaration; who published the page (Source-Organization = 主办单位),
                                 its URL (External-Identifier), when it was bagged, the package identifier
  manifest-sha256.txt            SHA-256 of every file under data/ (fixity / 固定性校验)
  tagmanifest-sha256.txt         SHA-256 of the files above
  data/METS.xml                  the package map (E-ARK SIP METS): every file, its size and SHA-256
  data/metadata/descriptive/dc.xml        Dublin Core description: title, URL, publisher, date issued, language
  data/metadata/preservation/premis.xml   PREMIS 3: file digests, sizes and formats; events (capture, digest
                                          calculation, format identification, compliance validation)
  data/metadata/other/compliance.xml      the compliance check: footer filings as shown and as parsed
                                          (ICP 备案号, 公安备案号, 网站标识码, 主办单位), every finding, the verdict
  data/representations/rep1/data/         the page exactly as received (original bytes, never modified)
  data/representations/rep1/METS.xml      the representation's own METS: its file and its PREMIS
  data/representations/rep1/metadata/preservation/premis.xml   PREMIS of the representation's file
  data/schemas/                  XML schemas of pav's own metadata (compliance.xml, the dc.xml container)
  data/documentation/README.txt  this file

A page that failed the compliance check is archived too: the failure is recorded in compliance.xml and in
the PREMIS validation event (outcome "fail" and the failed rule ids).

To check the package (fixity, completeness, METS/PREMIS references, schemas, CSIP requirements), use any
BagIt validator (e.g. `bagit.py --validate`) or `pav verify PACKAGE`, which reports under the four
properties of DA/T 70-2018: 真实性 authenticity, 完整性 integrity, 可用性 usability, 安全性 security.
""".encode()
