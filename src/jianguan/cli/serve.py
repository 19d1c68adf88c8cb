"""``jianguan serve``: run the web application."""

from __future__ import annotations

import typer
import uvicorn

from jianguan.web.app import create_app

app = typer.Typer(help="启动 Web 服务")


@app.callback(invoke_without_command=True)
def serve(
    host: str = typer.Option("127.0.0.1", help="监听地址"),
    port: int = typer.Option(8000, help="端口"),
    workers: int = typer.Option(1, help="工作进程数（生产环境用 PostgreSQL 时可多于 1）"),
) -> None:
    """启动管理端、公众端与 REST API。"""
    if workers > 1:
        uvicorn.run(
            "jianguan.web.app:create_app", factory=True, host=host, port=port, workers=workers
        )
        return
    uvicorn.run(create_app(), host=host, port=port)
