import io

from generator.build.progress import Progress


def test_progress_on_a_terminal_shows_stage_and_counts():
    stream = io.StringIO()
    progress = Progress(stream, enabled=True)
    progress.start("meetings", 3)
    for _ in range(3):
        progress.advance()
    progress.finish()
    assert "meetings 0/3" in stream.getvalue() and "meetings 3/3" in stream.getvalue()


def test_progress_is_silent_in_ci(monkeypatch):
    monkeypatch.setenv("CI", "true")
    stream = io.StringIO()
    stream.isatty = lambda: True
    progress = Progress(stream)
    progress.start("meetings", 3)
    progress.advance()
    assert stream.getvalue() == ""
