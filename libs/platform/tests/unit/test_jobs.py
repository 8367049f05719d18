"""``collectivia-<service>-jobs JOB``: one job once, its French outcome, its exit code."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from pydantic import SecretStr
from pydantic_settings import SettingsConfigDict

from collectivia.platform.definition import ServiceDefinition
from collectivia.platform.entrypoint import run_jobs
from collectivia.platform.errors import RuleViolation
from collectivia.platform.jobs import Job, JobOutcome, run_job
from collectivia.platform.settings import ServiceSettings


class DemoSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="COLLECTIVIA_DEMO_", populate_by_name=True)

    service_name: str = "demo"
    client_id: str = "demo"
    client_secret: SecretStr = SecretStr("demo-dev-secret")


def tidy(_settings: DemoSettings) -> JobOutcome:
    return JobOutcome(succeeded=True, message="3 éléments rangés.", report='{"tidied": 3}')


def check(_settings: DemoSettings) -> JobOutcome:
    return JobOutcome(succeeded=False, message="L'élément 7 est abîmé.")


def refuse(_settings: DemoSettings) -> JobOutcome:
    raise RuleViolation("la chaîne est rompue à l'entrée 12", rule="chain-broken")


def crash(_settings: DemoSettings) -> JobOutcome:
    raise ConnectionRefusedError("postgresql://user:secret-password@db/x")


JOBS: dict[str, Job[DemoSettings]] = {"tidy": tidy, "check": check}

DEMO = ServiceDefinition(
    name="demo",
    summary="A service of no area, for the jobs' tests.",
    settings=DemoSettings,
    areas=(),
    title=lambda _settings: "Démo",
    jobs=JOBS,
)


@pytest.fixture
def root_logging() -> Iterator[None]:
    """A job sets the process's logging up, as at a process edge: put back after."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


def test_a_job_that_succeeds_says_so_on_stdout_with_its_report(
    capsys: pytest.CaptureFixture[str], root_logging: None
) -> None:
    with pytest.raises(SystemExit) as exited:
        run_jobs(DEMO, ["tidy"])
    assert exited.value.code == 0
    out = capsys.readouterr().out.splitlines()
    assert out[:2] == ["3 éléments rangés.", '{"tidied": 3}']


def test_a_job_that_finds_a_failure_exits_1_and_says_it_on_stderr(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run_job("check", check, DemoSettings()) == 1
    captured = capsys.readouterr()
    assert "L'élément 7 est abîmé." in captured.err
    assert "abîmé" not in captured.out


def test_a_domain_refusal_exits_1_with_its_french_detail(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run_job("purge", refuse, DemoSettings()) == 1
    err = capsys.readouterr().err
    assert "La tâche « purge » a échoué : la chaîne est rompue à l'entrée 12" in err


def test_a_job_that_cannot_run_exits_3_without_echoing_the_error_text(
    capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    assert run_job("purge", crash, DemoSettings()) == 3
    err = capsys.readouterr().err
    assert "La tâche « purge » n'a pas pu aller au bout (ConnectionRefusedError)" in err
    assert "secret-password" not in err
    assert "job purge could not run" in caplog.text  # the traceback goes to the log


@pytest.mark.parametrize(
    ("argv", "code", "said"),
    [
        ([], 2, "Usage : collectivia-demo-jobs TÂCHE — tâches : check, tidy."),
        (["vacuum"], 2, "Tâche inconnue « vacuum » : les tâches de ce service sont check, tidy."),
        (["tidy", "check"], 2, "Usage : collectivia-demo-jobs TÂCHE"),
        (["--help"], 0, "Usage : collectivia-demo-jobs TÂCHE"),
    ],
)
def test_a_wrong_job_name_is_refused_with_code_2_and_the_jobs_listed(
    argv: list[str], code: int, said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        run_jobs(DEMO, argv)
    assert exited.value.code == code
    assert said in capsys.readouterr().err


def test_invalid_settings_refuse_the_job_without_showing_their_values(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("COLLECTIVIA_DEMO_HTTP_PORT", "secret-port-value")
    with pytest.raises(SystemExit) as exited:
        run_jobs(DEMO, ["tidy"])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "Réglages non valides, la tâche « tidy » ne démarre pas" in err
    assert "http_port" in err
    assert "secret-port-value" not in err
