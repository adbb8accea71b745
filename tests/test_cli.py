import subprocess
import sys

from conftest import REPO, output_snapshot


def run(*args, cwd=REPO):
    return subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True, text=True, cwd=cwd)


def test_check_passes_on_the_seed_archive():
    result = run("check")
    assert result.returncode == 0, result.stderr
    assert "5 meetings" in result.stdout


def test_broken_file_makes_check_and_build_fail_with_file_and_line(project):
    project.with_sample()
    project.build()
    before = output_snapshot(project.output)
    project.write("testgruppen/2020-02-01.md",
                  "---\nbody: testgruppen\ndate: 2020-02-01\nkind: protokoll\nstatus: justerat\njusteras_av: X\n---\n")
    for command in ("check", "build"):
        result = run("--project", str(project.root), command)
        assert result.returncode == 1
        assert "content/testgruppen/2020-02-01.md:6: unknown key 'justeras_av'." in result.stderr
    assert "output/ was not changed" in result.stderr
    assert output_snapshot(project.output) == before


def test_bad_config_key_is_named(project):
    project.with_sample()
    (project.root / "minutes.yml").write_text("title: X\nbase_ulr: https://x/\n")
    result = run("--project", str(project.root), "check")
    assert result.returncode == 1
    assert "minutes.yml:2: unknown key 'base_ulr'. Did you mean 'base_url'?" in result.stderr


def test_build_prints_a_summary(project):
    project.with_sample()
    result = run("--project", str(project.root), "build")
    assert result.returncode == 0, result.stderr
    assert "1 meeting, 1 body" in result.stdout


def test_every_command_and_option_has_a_description():
    from generator.cli import parser

    root = parser()
    [commands] = [a for a in root._actions if a.__class__.__name__ == "_SubParsersAction"]
    assert set(commands.choices) >= {"build", "check", "serve", "new", "import"}
    for name, command in commands.choices.items():
        assert command.description and len(command.description) > 40, name
        for action in command._actions:
            if action.dest != "help":
                assert action.help, f"minutes {name} {action.dest} has no help"
    helped = run("serve", "--help")
    assert helped.returncode == 0
    for option in ("--host", "--port", "--output"):
        line = next(line for line in helped.stdout.splitlines() if line.strip().startswith(option))
        assert len(line.split(maxsplit=2)) == 3, line  # the option, its value, and what it does
