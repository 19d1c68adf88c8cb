"""The faces: REST API (/api/v1), the console (管理端) and the public portal (公众端)."""
