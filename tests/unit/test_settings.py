"""Settings from ASSISTANT_* variables: every bad value is a ConfigError naming the variable
and what it accepts; good values are typed; the command line prints it as one line, exit 2."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest

from assistant import AssistantError, ConfigError, Settings
from assistant.settings import _convert
from ui import cli

# Each setting with a value it must refuse, and words of what the message says it accepts.
BAD = {
    "chroma_url": ("localhost:8000", "an http(s) URL"),
    "collection": ("kb", "3 to 512 letters, digits"),
    "answer_at": ("high", "a number from 0 to 1"),
    "refuse_below": ("1.5", "a number from 0 to 1"),
    "rules_off": ("number,nonsense", "rule names separated by commas, from: denial, number"),
    "candidates": ("0", "a whole number of at least 1"),
    "query_threads": ("0", "a whole number of at least 1"),
    "max_question_chars": ("-5", "a whole number of at least 1"),
    "max_history_turns": ("2.5", "a whole number of at least 0"),
    "host": ("http://example.com", "a host name or IP address"),
    "port": ("70000", "a whole number from 1 to 65535"),
    "auth": ("adminhunter2", "user:password"),
    "llm": ("gpt-4", "openai or ollama"),
    "llm_base_url": ("127.0.0.1:11434", "an http(s) URL"),
    "llm_timeout_s": ("0", "a number of seconds above 0"),
    "max_turn_chars": ("0", "a whole number of at least 1"),
    "max_history_chars": ("-1", "a whole number of at least 1"),
    "max_quote_chars": ("lots", "a whole number of at least 1"),
    "max_reference_chars": ("0", "a whole number of at least 1"),
    "max_quote_limit": ("0", "a whole number of at least 1"),
    "uploads": ("maybe", "one of"),
    "max_upload_mb": ("20mb", "a whole number of at least 1"),
    "login_free_tries": ("-1", "a whole number of at least 0"),
    "login_max_tries": ("0", "a whole number of at least 1"),
    "follow_up_context": ("1.5", "a number from 0 to 1"),
    "late_interaction": ("-0.5", "a number of at least 0"),
    "login_delay_s": ("-1", "a number of seconds of at least 0"),
    "login_lockout_s": ("soon", "a number of seconds of at least 0"),
}
# Free-form: any path or model name is well formed. A sources path that does not exist is a
# SourceError when the index opens (tests/integration/test_index.py); a model that does not
# load fails when it loads.
FREE = {"sources", "data_dir", "data_home", "model", "llm_model"}
# More bad values of the same settings: units, signs, non-finite numbers.
MORE_BAD = [
    ("port", "80a"), ("port", "-1"), ("candidates", "forty"), ("answer_at", "nan"),
    ("refuse_below", "-0.1"), ("follow_up_context", "nan"), ("llm_timeout_s", "inf"), ("llm_timeout_s", "-3"),
    ("llm_timeout_s", "30s"), ("auth", ":secret"), ("auth", "user:"), ("collection", "-kb-"),
    ("collection", "a b c"), ("chroma_url", "ftp://127.0.0.1:8000"), ("host", "two words"),
]


def variable(name: str) -> str:
    return f"ASSISTANT_{name.upper()}"


def test_every_setting_is_either_checked_or_free_form() -> None:
    assert set(BAD) | FREE == {f.name for f in fields(Settings)}
    assert not set(BAD) & FREE


@pytest.mark.parametrize("name", sorted(BAD))
def test_each_bad_value_names_the_variable_and_what_it_accepts(name: str) -> None:
    raw, accepted = BAD[name]
    with pytest.raises(ConfigError) as caught:
        Settings.from_env({variable(name): raw})
    message = str(caught.value)
    assert message.startswith(f"{variable(name)}") and "is not valid: expected" in message
    assert accepted in message and accepted in (caught.value.accepted or "")
    assert caught.value.variable == variable(name)
    if name == "auth":  # a password is never echoed back
        assert raw not in message
    else:
        assert f"{variable(name)}={raw!r}" in message


@pytest.mark.parametrize(("name", "raw"), MORE_BAD)
def test_more_bad_values(name: str, raw: str) -> None:
    with pytest.raises(ConfigError, match=f"^{variable(name)}.* is not valid: expected "):
        Settings.from_env({variable(name): raw})


def test_good_values_are_typed_and_empty_ones_ignored() -> None:
    got = Settings.from_env({
        "ASSISTANT_PORT": "7861", "ASSISTANT_ANSWER_AT": "0.55", "ASSISTANT_FOLLOW_UP_CONTEXT": "1",
        "ASSISTANT_AUTH": "ana:pa:ss", "ASSISTANT_LLM": "Ollama", "ASSISTANT_HOST": "::",
        "ASSISTANT_CHROMA_URL": "http://127.0.0.1:8000", "ASSISTANT_COLLECTION": "my.units_2",
        "ASSISTANT_SOURCES": "~/articles", "ASSISTANT_CANDIDATES": "", "ASSISTANT_MODEL": ""})
    assert (got.port, got.answer_at, got.auth, got.llm, got.host) == (
        7861, 0.55, "ana:pa:ss", "Ollama", "::")
    assert got.sources == Path("~/articles").expanduser() and got.follow_up_context == 1.0
    assert got.candidates == Settings().candidates and got.model is None


def test_overrides_are_checked_too() -> None:
    with pytest.raises(ConfigError, match=r"ASSISTANT_PORT=.99999."):
        Settings.from_env({}, port=99999)


@pytest.mark.parametrize(("raw", "value"), [("1", True), ("Yes", True), (" on ", True),
                                            ("false", False), ("0", False), ("OFF", False)])
def test_booleans_take_the_usual_words(raw: str, value: bool) -> None:
    assert _convert("flag", raw, False) is value


@pytest.mark.parametrize("raw", ["maybe", "2", "enabled", "tru"])
def test_a_bad_boolean_lists_the_words_it_takes(raw: str) -> None:
    with pytest.raises(ConfigError) as caught:
        _convert("flag", raw, True)
    assert str(caught.value) == (f"ASSISTANT_FLAG={raw!r} is not valid: expected one of "
                                 "1, true, yes, on, 0, false, no, off")


def test_config_error_is_in_the_tree_and_a_value_error() -> None:
    assert issubclass(ConfigError, AssistantError) and issubclass(ConfigError, ValueError)


def test_the_ui_login_check_is_the_same_config_error() -> None:
    from ui.server import parse_auth

    assert parse_auth("ana:pw") == ("ana", "pw") and parse_auth("") is None
    with pytest.raises(ConfigError, match=r"^ASSISTANT_AUTH is not valid: expected user:password"):
        parse_auth("no-colon")


def test_the_command_line_prints_one_line_and_exits_2(monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("ASSISTANT_PORT", "eighty")
    assert cli.main(["ask", "When did Lloyd Austin visit Cambodia?"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err == ("assistant: ASSISTANT_PORT='eighty' is not valid: expected a "
                                 "whole number from 1 to 65535\n")


def test_the_model_is_kept_once_in_the_data_home(tmp_path: Path) -> None:
    settings = Settings(sources=tmp_path / "a", data_home=tmp_path / "home")
    other = settings.with_(sources=tmp_path / "b")
    assert settings.resolved_data_dir() != other.resolved_data_dir()
    assert settings.models_dir() == other.models_dir() == tmp_path / "home" / "models"
    assert (tmp_path / "home" / "models").is_dir()


def test_a_home_that_cannot_be_written_keeps_the_model_in_the_data_folder(tmp_path: Path) -> None:
    (tmp_path / "home").write_text("a file where the data home would be\n")
    settings = Settings(data_dir=tmp_path / "data", data_home=tmp_path / "home")
    assert settings.models_dir() == tmp_path / "data" / "models"
