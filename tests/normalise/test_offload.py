"""A normaliser run in a second process gives what it gives here, or is computed here."""

from __future__ import annotations

import pytest

from esq.normalise import offload
from esq.normalise.names import name_fields
from esq.normalise.text import clean_text


@pytest.mark.parametrize(
    ("fn", "values"),
    [
        (name_fields, ["Coopérative de solidarité Alpha inc.", None, "  ", "CPE Ste-Anne"]),
        # more values than one chunk of the child's answer
        (clean_text, [f" Coop  {i} " for i in range(offload.CHUNK * 2 + 7)]),
        (clean_text, []),
    ],
)
def test_offloaded_matches_local(fn, values):
    assert offload.Offloaded(fn, values).result() == [fn(v) for v in values]


def test_a_failing_child_is_replaced_by_a_local_computation(caplog):
    def upper(value: str) -> str:  # not importable by name: the child fails
        return value.upper()

    job = offload.Offloaded(upper, ["a", "b"])
    assert job.result() == ["A", "B"]
    assert "second process failed" in caplog.text


def test_close_stops_a_child_whose_result_is_never_read():
    job = offload.Offloaded(clean_text, [f"value {i}" for i in range(offload.CHUNK * 5)])
    proc = job._proc
    with job:
        pass  # the parent failed before asking for the result
    assert proc is not None and proc.returncode is not None
    job.close()  # closing twice is harmless
