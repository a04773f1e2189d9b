import pytest

from tests.shared_data import MUN_CSV, shared_dir, shared_file


def test_mun_csv_ships_in_the_repo():
    assert MUN_CSV.is_file()


def test_env_var_wins_when_it_names_a_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("ESQ_SHARED", str(tmp_path))
    assert shared_dir() == tmp_path


def test_absent_file_skips_with_its_path(tmp_path, monkeypatch):
    monkeypatch.setenv("ESQ_SHARED", str(tmp_path))
    with pytest.raises(pytest.skip.Exception, match="absent"):
        shared_file("data", "real", "no-such-file.csv")
