"""recall.toml: defaults, and a clear message naming the key for each bad value."""

from datetime import timedelta

import pytest

from recall.settings import DEFAULT_TOML, Settings, SettingsError, load


def test_defaults_and_the_written_file_agree(tmp_path):
    path = tmp_path / "recall.toml"
    assert load(path) == Settings()
    path.write_text(DEFAULT_TOML)
    assert load(path) == Settings()


def test_values_are_read(tmp_path):
    path = tmp_path / "recall.toml"
    path.write_text('desired_retention = 0.85\nnew_per_day = 5\nlearning_steps = ["30s", "2h"]\n'
                    "day_starts_at = 0\n")
    settings = load(path)
    assert settings.desired_retention == 0.85 and settings.new_per_day == 5 and settings.day_starts_at == 0
    assert settings.learning_steps == (timedelta(seconds=30), timedelta(hours=2))


@pytest.mark.parametrize("text, message", [
    ("desired_retention = 1.5", "'desired_retention' must be between 0.7 and 0.99"),
    ('desired_retention = "high"', "'desired_retention' must be a number"),
    ("new_per_day = 2.5", "'new_per_day' must be a whole number"),
    ("new_per_day = -1", "'new_per_day' must be between 0 and"),
    ("day_starts_at = 24", "'day_starts_at' must be between 0 and 23"),
    ('learning_steps = "1m"', "'learning_steps' must be a list"),
    ('relearning_steps = ["ten minutes"]', "'relearning_steps': 'ten minutes' is not a step"),
    ("new_cards = 3", "unknown setting 'new_cards'"),
    ("new_per_day = ", "not valid TOML"),
    ("parameters = [" + ", ".join(["0.5"] * 19) + "]", "'parameters' holds 19 numbers; FSRS takes 21"),
])
def test_bad_values_name_the_key(tmp_path, text, message):
    path = tmp_path / "recall.toml"
    path.write_text(text + "\n")
    with pytest.raises(SettingsError) as caught:
        load(path)
    assert message in str(caught.value) and str(path) in str(caught.value)


def test_fsrs_takes_as_many_parameters_as_the_settings_say():
    from fsrs import Scheduler

    from recall.settings import FSRS_PARAMETERS

    assert len(Scheduler().parameters) == FSRS_PARAMETERS
