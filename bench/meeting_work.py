"""CPU seconds of a clean build's per-meeting work, alone, in one process: what each worker of the
meetings stage does for a meeting (build/workers.py: parse and model it, render its page, analyse
its search documents and encode their chunk), without the pool, the writes and the rest of the
build. The page is rendered and read but not written. The loop for work on the meetings stage,
which is most of a clean build: a change there shows here in seconds, in a number steadier than
a whole build's.

    python bench/meeting_work.py <project folder> [--runs N] [--check]
        prints per run: meeting work CPU s <seconds> (<meetings> meetings)

With --check, `minutes check`'s per-meeting work instead (workers.check_meeting: read, validate
and model each file, no HTML, for the tasks pipeline.check_tasks makes), and the pickling of
each result, as a helper pickles its share to send it back (printed as check work CPU s ...).

Make an archive with `python bench/synth.py --meetings 1000 --out DIR`. Two trees compare with
PYTHONPATH=<other tree> on the same archive, alternated.
"""

from __future__ import annotations

import argparse
import gc
import pickle
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.build.pipeline import check_tasks  # noqa: E402
from generator.build.workers import MeetingTask, MeetingWork, _parse_and_render, check_meeting  # noqa: E402
from generator.common.pool import workers  # noqa: E402
from generator.common.files import OutputFile  # noqa: E402
from generator.load.config import load_config  # noqa: E402
from generator.load.languages import with_languages  # noqa: E402
from generator.load.sources import load_sources  # noqa: E402
from generator.load.validate import validate  # noqa: E402
from generator.model.assemble import assemble, header_meeting  # noqa: E402
from generator.render.site import SiteRenderer  # noqa: E402


def _consume(file) -> str:
    """Render the page as the build's writer would, and drop it."""
    if isinstance(file, OutputFile):
        len(file.content)
    else:
        for _ in file.chunks:
            pass
    return ""


def meeting_work_cpu(project: Path) -> tuple[float, int]:
    config = load_config(project.resolve())
    sources, _ = load_sources(config.content_path, config.project_dir, {})
    sources = with_languages(sources, config)
    _, headers = validate(sources)
    meetings = [source for source in sources if source.rel in headers]
    archive = assemble([source for source in sources if source.kind != "meeting"],
                       [header_meeting(headers[source.rel]) for source in meetings])
    work = MeetingWork(SiteRenderer(archive, config), _consume, config.paths)
    tasks = [MeetingTask(source, headers[source.rel], "", render=True) for source in meetings]
    gc.disable()  # as in the workers (workers.process): each meeting's leftovers collected after it
    start = time.process_time()
    for task in tasks:
        _parse_and_render(task, work)
        gc.collect(0)
    return time.process_time() - start, len(tasks)


def check_work_cpu(project: Path) -> tuple[float, int]:
    config = load_config(project.resolve())
    _, tasks, _ = check_tasks(config)
    gc.disable()  # as in the workers: check_meeting collects its leftovers itself
    with workers(1, MeetingWork(None, None, config.paths)):  # one job: here, with what the workers share
        start = time.process_time()
        for task in tasks:
            pickle.dumps(check_meeting(task), protocol=pickle.HIGHEST_PROTOCOL)
        return time.process_time() - start, len(tasks)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("project", type=Path)
    parser.add_argument("--runs", type=int, default=1, help="each in a fresh process, as a worker starts cold")
    parser.add_argument("--check", action="store_true", help="minutes check's per-meeting work instead")
    args = parser.parse_args()
    if args.runs > 1:
        import subprocess

        for _ in range(args.runs):
            subprocess.run([sys.executable, __file__, str(args.project), *(["--check"] if args.check else [])],
                           check=True)
        return
    if args.check:
        seconds, meetings = check_work_cpu(args.project)
        print(f"check work CPU s {seconds:.3f} ({meetings} meetings)")
        return
    seconds, meetings = meeting_work_cpu(args.project)
    print(f"meeting work CPU s {seconds:.3f} ({meetings} meetings)")


if __name__ == "__main__":
    main()
