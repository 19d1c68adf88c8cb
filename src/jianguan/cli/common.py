"""What every command shares: the operator actor, Chinese errors instead of tracebacks."""

from __future__ import annotations

import getpass
from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

import typer
from rich.console import Console

from jianguan.core.errors import JianguanError
from jianguan.core.scope import Actor

P = ParamSpec("P")
R = TypeVar("R")

console = Console(soft_wrap=True)  # paths and passwords must stay copyable
err_console = Console(stderr=True, soft_wrap=True)


def operator() -> Actor:
    """Whoever holds a shell on the server acts as the platform operator, named in the audit."""
    return Actor.system(f"cli:{getpass.getuser()}")


def friendly_errors(func: Callable[P, R]) -> Callable[P, R]:
    @wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except JianguanError as exc:
            err_console.print(f"[red]错误：{exc.message}[/red]")
            for problem in exc.details:
                err_console.print(f"  - {problem.message}")
            raise typer.Exit(code=2) from None

    return wrapper
