"""Configuration files, discovery, profiles, selection and overrides."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import valid_record, with_footer, write_jsonl
from validator.config import Config, ConfigError, load_config
from validator.findings import Severity
from validator.rules import CATALOG


def test_defaults_without_a_file(isolated: Path) -> None:
    config = load_config()
    assert config.source is None and config.base.profile == "auto" and config.base.fail_on == "error"


def test_pav_toml_found_upward(isolated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (isolated / "pav.toml").write_text('profile = "news"\nignore = ["F5"]\n')
    (isolated / "deep" / "er").mkdir(parents=True)
    monkeypatch.chdir(isolated / "deep" / "er")
    config = load_config()
    assert config.base.profile == "news" and config.base.ignore == ("F5",)
    assert config.source == str(isolated / "pav.toml")


def test_pyproject_tool_pav(isolated: Path) -> None:
    (isolated / "pyproject.toml").write_text('[project]\nname = "x"\n[tool.pav]\nprofile = "minimal"\n')
    assert load_config().base.profile == "minimal"


def test_pyproject_without_table_is_skipped(isolated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (isolated / "pav.toml").write_text('profile = "news"\n')
    (isolated / "sub").mkdir()
    (isolated / "sub" / "pyproject.toml").write_text('[project]\nname = "x"\n')
    monkeypatch.chdir(isolated / "sub")
    assert load_config().base.profile == "news"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('profil = "gov"', "unknown key 'profil'"),
        ('profile = "bank"', "profile 'bank' is not one of auto, gov, news, minimal"),
        ('select = ["F9"]', "unknown rule id, prefix or name 'F9'"),
        ("[severity]\nF101 = 'fatal'", "unknown severity 'fatal'"),
        ("[severity]\nF1 = 'error'", "unknown rule id or name 'F1'"),
        ('[per-path."a/*"]\nfail-on = "info"', "unknown key per-path.'a/*'.'fail-on'"),
        ("profile = ", "invalid TOML"),
    ],
)
def test_bad_config_names_the_key(isolated: Path, text: str, message: str) -> None:
    (isolated / "pav.toml").write_text(text)
    with pytest.raises(ConfigError, match=None) as error:
        load_config()
    assert message in str(error.value) and "pav.toml" in str(error.value)


def test_bad_config_is_exit_2(pav, isolated: Path) -> None:  # type: ignore[no-untyped-def]
    (isolated / "pav.toml").write_text('ignore = ["NOPE"]\n')
    write_jsonl(isolated / "a.jsonl", [valid_record()])
    run = pav("check", "a.jsonl")
    assert run.code == 2 and "unknown rule id, prefix or name 'NOPE'" in run.err


def test_profiles_decide_presence_rules(pav, isolated: Path) -> None:  # type: ignore[no-untyped-def]
    record = with_footer(site_code=None, public_security=None, unit_in_charge=None)
    path = write_jsonl(isolated / "a.jsonl", [record])
    gov = pav("check", "--format", "json", "--profile", "gov", str(path)).json()
    news = pav("check", "--format", "json", "--profile", "news", str(path)).json()
    minimal = pav("check", "--format", "json", "--profile", "minimal", str(path)).json()
    assert set(gov["summary"]["by_rule"]) == {"F201", "F301", "F401"}
    assert set(news["summary"]["by_rule"]) == {"F201"}
    assert minimal["summary"]["by_rule"] == {}


def test_select_ignore_and_severity_from_cli_override_file(pav, isolated: Path) -> None:  # type: ignore[no-untyped-def]
    (isolated / "pav.toml").write_text('ignore = ["F501"]\n[severity]\nF501 = "error"\n')
    path = write_jsonl(isolated / "a.jsonl", [with_footer(icp="京ICP备05070218号")])
    assert pav("check", str(path)).code == 0  # F501 ignored by the file
    run = pav("check", "--ignore", "", "--format", "json", str(path))
    assert run.code == 1 and run.json()["findings"][0]["severity"] == "error"  # file's severity still applies
    run = pav(
        "check",
        "--ignore",
        "",
        "--severity",
        "F501=info",
        "--fail-on",
        "warning",
        "--format",
        "json",
        str(path),
    )
    assert run.code == 0 and run.json()["findings"][0]["severity"] == "info"


def test_select_prefix_and_exact_id(pav, isolated: Path) -> None:  # type: ignore[no-untyped-def]
    record = with_footer(icp="川ICP备1300128", site_code=None)
    path = write_jsonl(isolated / "a.jsonl", [record])
    only_icp = pav("check", "--select", "F1", "--format", "json", str(path)).json()
    assert set(only_icp["summary"]["by_rule"]) == {"F102", "F103"}
    # An exact id enables a rule outside the profile: minimal does not require a site code, F301 asked by name.
    exact = pav("check", "--profile", "minimal", "--select", "F301", "--format", "json", str(path)).json()
    assert set(exact["summary"]["by_rule"]) == {"F301"}


def test_per_path_overrides(pav, isolated: Path) -> None:  # type: ignore[no-untyped-def]
    (isolated / "pav.toml").write_text(
        '[per-path."news/*"]\nprofile = "news"\n[per-path."legacy/*"]\nignore = ["F2"]\n'
    )
    (isolated / "news").mkdir()
    (isolated / "legacy").mkdir()
    record = with_footer(site_code=None, public_security="川公网安备510104000507号")
    write_jsonl(isolated / "news" / "a.jsonl", [record])
    write_jsonl(isolated / "legacy" / "a.jsonl", [record])
    write_jsonl(isolated / "gov.jsonl", [record])
    report = pav("check", "--format", "json", ".").json()
    by_file: dict[str, set[str]] = {}
    for finding in report["findings"]:
        by_file.setdefault(Path(finding["location"]["file"]).as_posix(), set()).add(finding["rule"])
    assert by_file == {"gov.jsonl": {"F203", "F301"}, "legacy/a.jsonl": {"F301"}, "news/a.jsonl": {"F203"}}


def test_ignoring_a_reader_rule_still_counts_the_input(pav, isolated: Path) -> None:  # type: ignore[no-untyped-def]
    path = write_jsonl(isolated / "a.jsonl", [valid_record(), "{nope"])
    report = pav("check", "--ignore", "I002", "--format", "json", str(path)).json()
    assert report["findings"] == [] and report["summary"]["problems"] == 1 and report["summary"]["records"] == 1


def test_every_catalog_severity_can_be_overridden(isolated: Path) -> None:
    (isolated / "pav.toml").write_text("[severity]\n" + "\n".join(f'{rid} = "info"' for rid in CATALOG))
    config = load_config()
    assert all(config.base.severity_of(entry) is Severity.INFO for entry in CATALOG.values())


def test_per_path_settings_are_worked_out_once_per_file(isolated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from validator import config as config_module

    config = Config(per_path=(("news/*", {"profile": "news"}),), root=isolated)
    resolved = []
    real_resolve = config_module.Path.resolve

    def counting_resolve(self: Path, strict: bool = False) -> Path:
        resolved.append(self)
        return real_resolve(self, strict)

    monkeypatch.setattr(config_module.Path, "resolve", counting_resolve)
    profiles = {config.settings_for(name).profile for name in ["news/a.jsonl", "other.jsonl"] * 500}
    assert profiles == {"news", "auto"}
    assert len(resolved) <= 4  # the file and the root, once per distinct file


def test_a_derived_config_has_caches_of_its_own(isolated: Path) -> None:
    # Issue 14: `dataclasses.replace` copied the cache dicts, so a config derived from one that had resolved a
    # file answered with the original's settings for it.
    from validator.config import apply_overrides

    config = Config(per_path=(("news/*", {"ignore": ("F4",)}),), root=isolated)
    assert config.settings_for("news/a.jsonl").profile == "auto"
    derived = apply_overrides(config, profile="news")
    assert derived.settings_for("news/a.jsonl").profile == "news"
    assert derived.settings_for("news/a.jsonl").ignore == ("F4",)
    assert config.settings_for("news/a.jsonl").profile == "auto"  # and the original keeps its own answer
    assert derived._by_file is not config._by_file and derived._combined is not config._combined
