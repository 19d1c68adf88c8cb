"""The ``jianguan`` command line."""

from __future__ import annotations

import typer

import jianguan.models  # noqa: F401  (every mapper registered before the first command)
from jianguan.cli import (
    audit,
    calendar,
    clues,
    credit,
    datacenter,
    db,
    demo,
    ingest,
    inspect,
    link,
    risk,
    serve,
    source,
    standard,
    synth,
    user,
)

app = typer.Typer(
    help="监管 jianguan：互联网+监管平台命令行",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(db.app, name="db")
app.add_typer(user.app, name="user")
app.add_typer(standard.app, name="standard")
app.add_typer(audit.app, name="audit")
app.add_typer(calendar.app, name="calendar")
app.add_typer(source.app, name="source")
# A plain command, not a group: `jianguan ingest FILE --source S` takes options after the file.
app.command("ingest", help="报送：文件经落地、校验、标准化、发布进入主题库")(ingest.ingest)
app.add_typer(datacenter.app, name="datacenter")
app.add_typer(link.app, name="link")
app.add_typer(clues.app, name="clues")
app.add_typer(credit.app, name="credit")
app.add_typer(risk.app, name="risk")
app.add_typer(inspect.app, name="inspect")
app.add_typer(synth.app, name="synth")
app.add_typer(serve.app, name="serve")
app.add_typer(demo.app, name="demo")
