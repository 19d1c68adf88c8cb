"""The ``jianguan`` command line."""

from __future__ import annotations

import typer

from jianguan.cli import audit, calendar, db, demo, serve, standard, user

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
app.add_typer(serve.app, name="serve")
app.add_typer(demo.app, name="demo")
