"""common/pool.py: map_in_turns, the work of this process and forked helpers taken in turns."""

from __future__ import annotations

import os
import signal
import time

import pytest

from generator.common.pool import can_fork, map_in_turns, shared

# A lost message would leave map_in_turns waiting for ever: each test fails after two minutes instead.
pytestmark = [pytest.mark.skipif(not can_fork(), reason="map_in_turns forks"), pytest.mark.timeout(120)]

PARENT = os.getpid()


def _square_and_where(item: int) -> tuple[int, bool]:
    return item * item + shared(), os.getpid() == PARENT


def _slow_here(item: int) -> tuple[int, bool]:
    """Slower in this process than in a helper: the helpers finish first and wait to be read."""
    if os.getpid() == PARENT:
        time.sleep(0.002)
    return _square_and_where(item)


@pytest.mark.parametrize("function", [_square_and_where, _slow_here])
@pytest.mark.parametrize("jobs, items, chunk", [(2, 1, 1), (2, 97, 4), (3, 250, 7), (2, 64, 64)])
def test_results_come_in_the_order_of_the_items_whoever_made_them(function, jobs, items, chunk):
    results = map_in_turns(function, list(range(items)), jobs, chunk, shared_value=5)
    assert [value for value, _ in results] == [item * item + 5 for item in range(items)]


def _fails_at_41(item: int) -> int:
    if item == 41:
        raise ValueError(f"item {item} is bad")
    return item


def test_a_failure_in_a_helper_or_here_is_raised_to_the_caller():
    with pytest.raises(ValueError, match="item 41 is bad"):
        map_in_turns(_fails_at_41, list(range(200)), 2, 3)


def _helpers_die(item: int) -> int:
    if os.getpid() != PARENT:
        os.kill(os.getpid(), signal.SIGKILL)
    time.sleep(0.001)
    return item


def test_a_helper_killed_midway_is_an_error_not_a_hang():
    started = time.monotonic()
    with pytest.raises(RuntimeError, match="ended before its work was done"):
        map_in_turns(_helpers_die, list(range(400)), 3, 2)
    assert time.monotonic() - started < 30


def test_no_helper_outlives_the_call():
    import multiprocessing
    import threading

    threads = threading.active_count()
    map_in_turns(_slow_here, list(range(300)), 3, 5, shared_value=0)
    assert multiprocessing.active_children() == []
    assert threading.active_count() == threads  # the readers are gone too: the next stage may fork
