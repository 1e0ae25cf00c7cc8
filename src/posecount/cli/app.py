"""The `posecount` command. Thin: parse, call the library, print. Heavy imports (cv2,
mediapipe) happen inside commands so `posecount --help` stays fast."""

from __future__ import annotations

import logging
import os
import signal
import sys

import typer

from posecount import __version__
from posecount.cli.analyze import analyze
from posecount.cli.exercises import exercises
from posecount.cli.history import history_app
from posecount.cli.live import live
from posecount.cli.models_cmd import models_app
from posecount.cli.programme import pain_later, programme
from posecount.cli.report import report
from posecount.cli.score import score
from posecount.cli.test_cmd import clinical_test
from posecount.cli.today import today
from posecount.cli.track import track
from posecount.errors import PosecountError

app = typer.Typer(
    name="posecount",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Plain help: typer's rich panels show every flag as taking a value ("--json <bool>").
    rich_markup_mode=None,
    help="Count reps, time holds and check range of motion for low back pain exercises.",
)
app.command()(analyze)
app.command()(live)
app.command()(track)
app.command()(exercises)
app.command()(score)
app.command(name="test")(clinical_test)
app.command()(report)
app.command()(programme)
app.command(name="pain")(pain_later)
app.command()(today)
app.add_typer(models_app, name="models")
app.add_typer(history_app, name="history")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"posecount {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version."
    ),
) -> None:
    pass


# Typer's own usage errors derive from click's ClickException, which newer typer versions
# vendor under a private module: find the class through a public one instead.
ClickException: type[Exception] = next(
    c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException"
)
Abort = typer.Abort


class _OneLine(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return f"{record.levelname.lower()}: {record.getMessage()}"


def _stop_like_ctrl_c(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _handle_stop_signals() -> None:
    """SIGTERM (a service manager, `kill`) and SIGHUP (the terminal closed) stop a run the
    way Ctrl-C does, so a session is closed with its summary instead of being left
    "recording" with nothing written after the last frame."""
    for name in ("SIGTERM", "SIGHUP"):
        sig = getattr(signal, name, None)
        if sig is not None:
            signal.signal(sig, _stop_like_ctrl_c)


def main() -> None:
    _handle_stop_signals()
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_OneLine())
    logging.basicConfig(level=logging.WARNING, handlers=[handler])
    try:
        code = app(standalone_mode=False)
    except typer.Exit as e:
        code = e.exit_code
    except ClickException as e:
        code = _usage_error(e)
    except (Abort, KeyboardInterrupt):
        typer.echo("interrupted", err=True)
        code = 130
    except PosecountError as e:
        typer.echo(f"error: {e}", err=True)
        code = 1
    except OSError as e:
        # The file system said no (permission, a full disk) somewhere not anticipated:
        # a user's problem to fix, so one line saying which file, not "a bug".
        where = f" {e.filename}" if e.filename else ""
        typer.echo(
            f"error: cannot use{where}: {e.strerror or e}; check the permissions and free "
            "space there",
            err=True,
        )
        code = 1
    except Exception as e:  # a bug, not a user error: still one line unless asked for more
        if os.environ.get("POSECOUNT_DEBUG"):
            raise
        typer.echo(
            f"error: unexpected {type(e).__name__}: {e} (a bug in posecount; "
            "run again with POSECOUNT_DEBUG=1 for the traceback and report it)",
            err=True,
        )
        code = 1
    sys.exit(code if isinstance(code, int) else 0)


def _usage_error(e: Exception) -> int:
    """A mistyped command line: one line, as the README promises (typer's default is a
    boxed panel of five lines), exit code 2."""
    if type(e).__name__ == "NoArgsIsHelpError":  # bare `posecount` or `posecount models`
        typer.echo(e.format_message(), err=True)  # type: ignore[attr-defined]
        return int(e.exit_code)  # type: ignore[attr-defined]
    ctx = getattr(e, "ctx", None)
    where = ctx.command_path if ctx is not None else "posecount"
    message = " ".join(e.format_message().split())  # type: ignore[attr-defined]
    typer.echo(f"error: {message} (see '{where} --help')", err=True)
    return int(e.exit_code)  # type: ignore[attr-defined]
