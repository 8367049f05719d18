"""Coverage per package against its floor: files land in their own package, and a package
below its floor fails."""

from __future__ import annotations

from infra.coverage_floors import measure, package_of

PACKAGES = ["collectivia.platform", "collectivia.ai", "collectivia.citizen_chat"]


def test_a_file_belongs_to_the_package_of_its_path() -> None:
    assert package_of("libs/ai/src/collectivia/ai/use/gate.py", PACKAGES) == "collectivia.ai"
    assert package_of("services/citizen-chat/src/collectivia/citizen_chat/main.py", PACKAGES) == (
        "collectivia.citizen_chat"
    )
    assert package_of("infra/stack.py", PACKAGES) is None


def test_coverage_is_summed_per_package() -> None:
    report = {
        "files": {
            "libs/ai/src/collectivia/ai/a.py": {
                "summary": {"covered_lines": 8, "num_statements": 10}
            },
            "libs/ai/src/collectivia/ai/b.py": {
                "summary": {"covered_lines": 1, "num_statements": 10}
            },
            "libs/platform/src/collectivia/platform/c.py": {
                "summary": {"covered_lines": 5, "num_statements": 5}
            },
        }
    }
    measured = {m.package: m for m in measure(report, PACKAGES)}
    assert measured["collectivia.ai"].percent == 45.0
    assert measured["collectivia.platform"].percent == 100.0
    assert measured["collectivia.citizen_chat"].statements == 0
